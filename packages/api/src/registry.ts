// Which sources exist right now. The local node is registered at start-up (available or not, with
// its reason); kube contexts and opened snapshots are added as they come.
import { TRPCError } from "@trpc/server";
import type { Source, SourceInfo } from "./source";

export class SourceRegistry {
  private readonly sources = new Map<string, Source>();
  private readonly lazy = new Map<string, { info: SourceInfo; open: () => Promise<Source> }>();
  private readonly opening = new Map<string, Promise<Source>>();

  add(source: Source): void {
    this.sources.set(source.id, source);
    this.lazy.delete(source.id);
  }

  /** A source that is only listed until someone uses it (a kube context: no watches until then). */
  addLazy(info: SourceInfo, open: () => Promise<Source>): void {
    if (!this.sources.has(info.id)) this.lazy.set(info.id, { info, open });
  }

  remove(id: string): void {
    this.sources.delete(id);
    this.lazy.delete(id);
  }

  list(): SourceInfo[] {
    return [...[...this.sources.values()].map((s) => s.info()), ...[...this.lazy.values()].map((l) => l.info)];
  }

  async get(id: string): Promise<Source> {
    const s = this.sources.get(id);
    if (s) return s;
    const l = this.lazy.get(id);
    if (!l) {
      const known = [...this.sources.keys(), ...this.lazy.keys()];
      throw new TRPCError({ code: "NOT_FOUND", message: `no source "${id}"; known sources: ${known.join(", ") || "none"}` });
    }
    let p = this.opening.get(id);
    if (!p) {
      p = l.open().then((src) => { this.add(src); return src; }).finally(() => this.opening.delete(id));
      this.opening.set(id, p);
    }
    return p;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sources.values()].map((s) => s.close?.()));
    this.sources.clear();
  }
}
