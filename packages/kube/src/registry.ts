// One KubeSource per context per process, so every browser tab and CLI request shares the
// same upstream watches.
import { loadKubeConfig, type KubeContextInfo, type LoadedKubeConfig } from "./kubeconfig";
import type { HistoryRecorder } from "./recorder";
import { KubeSource, type KubeSourceOptions } from "./source";

export class KubeSources {
  private readonly sources = new Map<string, KubeSource>();
  private loaded?: LoadedKubeConfig;

  constructor(
    private readonly opts: {
      kubeconfig?: string;
      recorder?: HistoryRecorder;
      defaults?: Omit<KubeSourceOptions, "kubeconfig" | "context" | "recorder">;
    } = {},
  ) {}

  /** Contexts of the kubeconfig (re-read on every call: users edit kubeconfigs while we run). */
  contexts(): KubeContextInfo[] {
    this.loaded = loadKubeConfig({ path: this.opts.kubeconfig });
    return this.loaded.contexts;
  }

  /** The started source of a context (created on first use). */
  get(context?: string): KubeSource {
    this.loaded ??= loadKubeConfig({ path: this.opts.kubeconfig });
    const name = context ?? this.loaded.currentContext;
    let src = this.sources.get(name);
    if (!src) {
      src = new KubeSource({ ...this.opts.defaults, kubeconfig: this.loaded, context: name, recorder: this.opts.recorder });
      this.sources.set(src.context, src);
      src.start();
    }
    return src;
  }

  async stopAll(): Promise<void> {
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
