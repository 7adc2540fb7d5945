// Which sources exist right now. The local node is registered at start-up (available or not, with
// its reason); kube contexts (which start watching on first use) and opened snapshots as they come.
import { TRPCError } from "@trpc/server";
import { sourceInfo } from "./capabilities";
import type { Source, SourceInfo } from "./source";

export class SourceRegistry {
  private readonly sources = new Map<string, Source>();

  add(source: Source): void {
    this.sources.set(source.id, source);
  }

  has(id: string): boolean {
    return this.sources.has(id);
  }

  remove(id: string): void {
    this.sources.delete(id);
  }

  list(): SourceInfo[] {
    return [...this.sources.values()].map(sourceInfo);
  }

  async get(id: string): Promise<Source> {
    const s = this.sources.get(id);
    if (s) return s;
    throw new TRPCError({
      code: "NOT_FOUND",
      message: `no source "${id}"; known sources: ${[...this.sources.keys()].join(", ") || "none"}`,
    });
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sources.values()].map(async (s) => s.close?.()));
    this.sources.clear();
  }
}
