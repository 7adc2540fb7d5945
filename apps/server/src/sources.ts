// Which sources a podscope server offers: the local node (embedded default) and every context of
// the user's kubeconfig. A source that cannot work here is still listed, with the reason.
import { LocalSource, UnavailableSource, type SourceRegistry } from "@podscope/api";
import { ensureContainerd, LocalNode } from "@podscope/runtime";

export interface LoadOptions { home: string; local: boolean; log: (l: string) => void }

export async function loadSources(registry: SourceRegistry, o: LoadOptions): Promise<void> {
  if (o.local) registry.add(await loadLocal(o));
}

async function loadLocal(o: LoadOptions) {
  try {
    const node = await LocalNode.start({ home: o.home });
    const runtime = await ensureContainerd({ home: o.home });
    return new LocalSource(node, runtime);
  } catch (e) {
    // LocalNodeUnavailableError already reads as a reason ("running pods needs root …").
    const reason = e instanceof Error ? e.message : String(e);
    o.log(`local node unavailable: ${reason}`);
    return new UnavailableSource("local", "local", "local node", reason);
  }
}
