// Which sources a podscope server offers: the local node (embedded default) and every context of
// the user's kubeconfig. A source that cannot work here is still listed, with the reason.
import { join } from "node:path";
import { ClusterSource, LocalSource, UnavailableSource, type SourceRegistry } from "@podscope/api";
import { HistoryRecorder, KubeconfigError, KubeSources, loadKubeConfig } from "@podscope/kube";
import { LocalNode } from "@podscope/runtime";

export interface LoadOptions {
  home: string;
  local: boolean;
  log: (l: string) => void;
  /** The local node's registry credentials (a docker config.json); default: the node's own (registryConfigPath). */
  registryConfig?: string;
  /** Where every cluster's podscope agent DaemonSet runs (`--agent-namespace`); default the agent manifest's. */
  agentNamespace?: string;
}

/** Returns what must be closed on shutdown besides the sources themselves. */
export async function loadSources(registry: SourceRegistry, o: LoadOptions): Promise<() => Promise<void>> {
  if (o.local) registry.add(await loadLocal(o));
  return loadKube(registry, o);
}

async function loadLocal(o: LoadOptions) {
  try {
    const node = await LocalNode.start({ home: o.home, registryConfig: o.registryConfig });
    return new LocalSource(node, node.runtime);
  } catch (e) {
    // LocalNodeUnavailableError already reads as a reason ("running pods needs root …").
    const reason = e instanceof Error ? e.message : String(e);
    o.log(`local node unavailable: ${reason}`);
    return new UnavailableSource("local", "local", "local node", reason);
  }
}

function loadKube(registry: SourceRegistry, o: LoadOptions): () => Promise<void> {
  let loaded;
  try {
    loaded = loadKubeConfig();
  } catch (e) {
    // No kubeconfig at all is normal (a machine with only the local node): nothing to list.
    if (e instanceof KubeconfigError && e.missing) return async () => {};
    const msg = e instanceof Error ? e.message : String(e);
    o.log(`kubeconfig unusable: ${msg}`);
    registry.add(new UnavailableSource("kube", "kube", "kubeconfig", msg));
    return async () => {};
  }
  // One recorder for every context: the history file outlives server restarts and the event TTL.
  const recorder = new HistoryRecorder({ file: join(o.home, "history.sqlite") });
  const kube = new KubeSources({ recorder });
  // Listed now; a context's watches start when a view first asks for it.
  const agents = o.agentNamespace ? { agentNamespace: o.agentNamespace } : {};
  for (const ctx of loaded.contexts) registry.add(new ClusterSource(ctx, () => kube.get(ctx.name), recorder, agents));
  return async () => {
    await kube.stopAll();
    recorder.close();
  };
}
