// `podscope image pull REF` without a server: the pull goes to the node's containerd through the
// CRI (started if needed, as crictl pull would need it running), with the node's credentials.
import { ensureContainerd, type EnsureOptions } from "../containerd/node";
import { EventRecorder } from "../kubelet/events";
import { ImageManager } from "../kubelet/image-manager";
import { readRegistryConfig, registryConfigPath } from "./registry-config";

export interface PullOnNodeOptions extends EnsureOptions {
  /** A docker config file with credentials (default: registryConfigPath). */
  registryConfig?: string;
  log?: (message: string) => void;
}

export async function pullImageOnNode(
  ref: string,
  opts: PullOnNodeOptions = {},
): Promise<{ image: string; sizeBytes: number; durationMs: number }> {
  const rt = await ensureContainerd(opts);
  try {
    const config = registryConfigPath(opts.home, opts.registryConfig);
    const log = opts.log ?? ((m: string) => console.warn(`podscope: ${m}`));
    const manager = new ImageManager({
      cri: rt.cri,
      recorder: new EventRecorder(() => new Date(), "cli"),
      now: () => new Date(),
      nodeKeyring: () => readRegistryConfig(config, log),
    });
    return await manager.pullForNode(ref);
  } finally {
    rt.cri.close();
  }
}
