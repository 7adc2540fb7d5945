// The virtual clock's event queue: a binary heap ordered by time, then phase, then insertion.
// Phase 0 is kubectl (its requests at an instant reach the API server before any controller reacts),
// phase 1 the controllers, kubelet and scheduler.
export interface SimEvent {
  t: number;
  phase: 0 | 1;
  seq: number;
  progress: boolean;
  run: () => void;
}

export class EventQueue {
  private heap: SimEvent[] = [];
  private seq = 0;
  /** Queued events that can change the cluster (everything except kubectl's own retries and polls). */
  progressCount = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, phase: 0 | 1, progress: boolean, run: () => void): void {
    const e = { t, phase, seq: this.seq++, progress, run };
    if (progress) this.progressCount++;
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  peek(): SimEvent | undefined {
    return this.heap[0];
  }

  pop(): SimEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    if (top.progress) this.progressCount--;
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.phase !== b.phase) return a.phase < b.phase;
  return a.seq < b.seq;
}
