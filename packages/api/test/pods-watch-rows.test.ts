// pods.watchRows: the pod list's stream carries list rows (kubectl's columns), not full Pods — the SYNC, then
// each change, in the order the source saw them.
import type { Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry, type Source, type WatchEvent } from "../src";
import { FIRST_ROWS, MORE_ROWS } from "../src/routers/pods";

const pod = (name: string, rv: string, waiting?: string): Pod => ({
  metadata: { name, namespace: "shop", uid: `u-${name}`, resourceVersion: rv, labels: { app: "web" } },
  spec: { nodeName: "n1", containers: [{ name: "app", image: "x" }] },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        image: "x",
        imageID: "",
        ready: !waiting,
        restartCount: 0,
        state: waiting ? { waiting: { reason: waiting } } : { running: {} },
      },
    ],
  },
});

/** A live source holding `pods`, behind the routers: the caller, and `emit` to play a watch event. */
function listening(pods: Pod[], authenticated = true) {
  let emit: (e: WatchEvent<Pod>) => void = () => {};
  const source = {
    id: "s",
    traits: { isLive: true, syncsOnOpen: false },
    info: () => ({ id: "s", name: "s", kind: "kube", available: true }),
    listPods: () => Promise.resolve(pods),
    watchPods: (on: (e: WatchEvent<Pod>) => void) => {
      emit = on;
      return () => {};
    },
  } as unknown as Source;
  const registry = new SourceRegistry();
  registry.add(source);
  const ac = new AbortController();
  const call = createCallerFactory(appRouter)({ registry, authenticated, tokenRequiredForReads: false }, { signal: ac.signal });
  return { call, registry, emit: (e: WatchEvent<Pod>) => emit(e), stop: () => ac.abort() };
}

describe("pods.watchRows", () => {
  it("sends the list as rows, then each change as a row", async () => {
    const { call, emit, stop } = listening([pod("web-1", "1")]);
    const stream = (await call.pods.watchRows({ source: "s" }))[Symbol.asyncIterator]();
    const sync = (await stream.next()).value;
    expect(sync).toMatchObject({
      type: "SYNC",
      rows: [{ name: "web-1", namespace: "shop", status: "Running", ready: "1/1", node: "n1" }],
      remaining: 0,
    });
    expect(sync).not.toHaveProperty("objects");
    emit({ type: "MODIFIED", object: pod("web-1", "2", "CrashLoopBackOff") });
    const change = (await stream.next()).value;
    expect(change).toMatchObject({
      type: "MODIFIED",
      row: { name: "web-1", status: "CrashLoopBackOff", ready: "0/1", resourceVersion: "2" },
    });
    stop();
    await stream.return?.();
  });
});

describe("pods.watchRows of a long list", () => {
  // Shuffled names in two namespaces, FIRST_ROWS + 50 pods in all.
  const names = Array.from({ length: FIRST_ROWS + 50 }, (_, i) => (i * 37) % (FIRST_ROWS + 50));
  const pods = names.map((i) => {
    const p = pod(`web-${i}`, "1");
    p.metadata.namespace = i % 3 ? "shop" : "ads";
    return p;
  });
  const open = async (input: { namespace?: string }) => {
    const { call, emit, stop } = listening(pods);
    const stream = (await call.pods.watchRows({ source: "s", ...input }))[Symbol.asyncIterator]();
    return { stream, emit, stop };
  };
  const key = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
  const natural = (a: string) => a.replace(/\d+/g, (d) => d.padStart(5, "0"));
  const inListOrder = (keys: string[]) => [...keys].sort((a, b) => (natural(a) < natural(b) ? -1 : 1));

  it("sends the first screenful in the list's order first, then every other pod once, then changes", async () => {
    const { stream, emit, stop } = await open({});
    const first = (await stream.next()).value!;
    expect(first.type).toBe("SYNC");
    if (first.type !== "SYNC") return;
    expect(first.rows).toHaveLength(FIRST_ROWS);
    expect(first.remaining).toBe(50);
    const all = inListOrder(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    expect(first.rows.map(key)).toEqual(all.slice(0, FIRST_ROWS));
    expect(first.rows[0]).toMatchObject({ namespace: "ads", name: "web-0", status: "Running" });

    emit({ type: "MODIFIED", object: pod("web-1", "2", "CrashLoopBackOff") });
    const more = (await stream.next()).value!;
    expect(more.type).toBe("SYNC_MORE");
    if (more.type !== "SYNC_MORE") return;
    expect(more.remaining).toBe(0);
    expect(inListOrder([...first.rows, ...more.rows].map(key))).toEqual(all);
    // A change that happened while the list was on its way comes after the whole list.
    expect((await stream.next()).value).toMatchObject({ type: "MODIFIED", row: { name: "web-1", status: "CrashLoopBackOff" } });
    stop();
    await stream.return?.();
  });

  it("the rest of a long list comes in chunks of MORE_ROWS, counting down what remains", async () => {
    const many = Array.from({ length: FIRST_ROWS + 2 * MORE_ROWS + 7 }, (_, i) => pod(`p-${i}`, "1"));
    const { call, stop } = listening(many);
    const stream = (await call.pods.watchRows({ source: "s" }))[Symbol.asyncIterator]();
    const got: { type: string; n: number; remaining: number }[] = [];
    const names = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const m = (await stream.next()).value!;
      if (m.type !== "SYNC" && m.type !== "SYNC_MORE") throw new Error(`unexpected ${m.type}`);
      got.push({ type: m.type, n: m.rows.length, remaining: m.remaining });
      for (const r of m.rows) names.add(r.name);
    }
    expect(got).toEqual([
      { type: "SYNC", n: FIRST_ROWS, remaining: 2 * MORE_ROWS + 7 },
      { type: "SYNC_MORE", n: MORE_ROWS, remaining: MORE_ROWS + 7 },
      { type: "SYNC_MORE", n: MORE_ROWS, remaining: 7 },
      { type: "SYNC_MORE", n: 7, remaining: 0 },
    ]);
    expect(names.size).toBe(many.length);
    stop();
    await stream.return?.();
  });

  it("opened on a namespace: that namespace's first rows come first", async () => {
    const { stream, stop } = await open({ namespace: "shop" });
    const first = (await stream.next()).value!;
    if (first.type !== "SYNC") throw new Error(`expected SYNC, got ${first.type}`);
    expect(first.rows).toHaveLength(FIRST_ROWS);
    expect(new Set(first.rows.map((r) => r.namespace))).toEqual(new Set(["shop"]));
    expect(first.remaining).toBe(50);
    const more = (await stream.next()).value!;
    if (more.type !== "SYNC_MORE") throw new Error(`expected SYNC_MORE, got ${more.type}`);
    // The rest holds every other pod, the other namespace's too: the list can be unfiltered later.
    expect(more.rows.filter((r) => r.namespace === "ads").length).toBe(pods.filter((p) => p.metadata.namespace === "ads").length);
    expect(first.rows.length + more.rows.length).toBe(pods.length);
    stop();
    await stream.return?.();
  });
});

describe("pods.firstRows", () => {
  const many = Array.from({ length: FIRST_ROWS + 20 }, (_, i) => {
    const p = pod(`web-${(i * 7) % (FIRST_ROWS + 20)}`, "1");
    p.metadata.namespace = i % 2 ? "shop" : "ads";
    return p;
  });

  it("answers watchRows's first message, naming the source and namespace it is of", async () => {
    const { call, stop } = listening(many, false);
    const stream = (await call.pods.watchRows({ source: "s", namespace: "shop" }))[Symbol.asyncIterator]();
    const sync = (await stream.next()).value!;
    const early = await call.pods.firstRows({ source: "s", namespace: "shop" });
    expect(sync.type).toBe("SYNC");
    if (sync.type !== "SYNC") return;
    expect(early).toEqual({ source: "s", namespace: "shop", rows: sync.rows, remaining: sync.remaining });
    // All of the namespace's 60 pods, and the 60 of the other still to come.
    expect(early?.rows).toHaveLength(60);
    expect(early?.remaining).toBe(60);
    stop();
    await stream.return?.();
  });

  it("without a source, answers for the default one — the first available — and says which", async () => {
    const { call, registry } = listening(many, false);
    registry.add({
      ...({} as Source),
      id: "down",
      traits: { isLive: true },
      info: () => ({ id: "down", name: "down", kind: "kube", available: false }),
    } as Source);
    const early = await call.pods.firstRows({});
    expect(early?.source).toBe("s");
    expect(early?.rows).toHaveLength(FIRST_ROWS);
    expect(early?.rows[0]).toMatchObject({ namespace: "ads", name: "web-0" });
    expect(early?.remaining).toBe(20);
  });

  it("with no source available, answers null; a source that does not exist is NotFound in words", async () => {
    const registry = new SourceRegistry();
    const call = createCallerFactory(appRouter)({ registry, authenticated: false, tokenRequiredForReads: false });
    expect(await call.pods.firstRows({})).toBeNull();
    await expect(call.pods.firstRows({ source: "nope" })).rejects.toThrow('no source "nope"');
  });
});

describe("pods.rows", () => {
  it("answers the list once as rows, without the full objects", async () => {
    const { call } = listening([pod("web-1", "1"), pod("web-2", "4", "ErrImagePull")], false);
    const rows = await call.pods.rows({ source: "s" });
    expect(rows).toMatchObject([
      { name: "web-1", namespace: "shop", uid: "u-web-1", status: "Running", node: "n1" },
      { name: "web-2", status: "ErrImagePull", ready: "0/1", resourceVersion: "4" },
    ]);
    expect(rows[0]).not.toHaveProperty("spec");
  });
});

describe("pods.summary", () => {
  it("answers each node's count and first names, and which of the asked pods exist, without the list", async () => {
    const { call } = listening([pod("web-1", "1"), pod("web-2", "1"), pod("web-3", "1")], false);
    const r = await call.pods.summary({
      source: "s",
      sample: 2,
      exists: [
        { namespace: "shop", name: "web-2", uid: "u-web-2" },
        { namespace: "shop", name: "gone", uid: "u-gone" },
      ],
    });
    expect(r.nodes).toEqual([
      {
        node: "n1",
        count: 3,
        pods: [
          { namespace: "shop", name: "web-1", uid: "u-web-1" },
          { namespace: "shop", name: "web-2", uid: "u-web-2" },
        ],
      },
    ]);
    expect(r.existing).toEqual([{ namespace: "shop", name: "web-2", uid: "u-web-2" }]);
  });
});
