// pods.watchRows: the pod list's stream carries list rows (kubectl's columns), not full Pods — the SYNC, then
// each change, in the order the source saw them.
import type { Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry, type Source, type WatchEvent } from "../src";

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

describe("pods.watchRows", () => {
  it("sends the list as rows, then each change as a row", async () => {
    let emit: (e: WatchEvent<Pod>) => void = () => {};
    const source = {
      id: "s",
      traits: { isLive: true, syncsOnOpen: false },
      info: () => ({ id: "s", name: "s", kind: "kube", available: true }),
      listPods: () => Promise.resolve([pod("web-1", "1")]),
      watchPods: (on: (e: WatchEvent<Pod>) => void) => {
        emit = on;
        return () => {};
      },
    } as unknown as Source;
    const registry = new SourceRegistry();
    registry.add(source);
    const ac = new AbortController();
    const call = createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false }, { signal: ac.signal });
    const stream = (await call.pods.watchRows({ source: "s" }))[Symbol.asyncIterator]();
    const sync = (await stream.next()).value;
    expect(sync).toMatchObject({ type: "SYNC", rows: [{ name: "web-1", namespace: "shop", status: "Running", ready: "1/1", node: "n1" }] });
    expect(sync).not.toHaveProperty("objects");
    emit({ type: "MODIFIED", object: pod("web-1", "2", "CrashLoopBackOff") });
    const change = (await stream.next()).value;
    expect(change).toMatchObject({
      type: "MODIFIED",
      row: { name: "web-1", status: "CrashLoopBackOff", ready: "0/1", resourceVersion: "2" },
    });
    ac.abort();
    await stream.return?.();
  });
});

describe("pods.rows", () => {
  it("answers the list once as rows, without the full objects", async () => {
    const source = {
      id: "s",
      traits: { isLive: true, syncsOnOpen: false },
      info: () => ({ id: "s", name: "s", kind: "kube", available: true }),
      listPods: () => Promise.resolve([pod("web-1", "1"), pod("web-2", "4", "ErrImagePull")]),
    } as unknown as Source;
    const registry = new SourceRegistry();
    registry.add(source);
    const call = createCallerFactory(appRouter)({ registry, authenticated: false, tokenRequiredForReads: false });
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
    const source = {
      id: "s",
      traits: { isLive: true, syncsOnOpen: false },
      info: () => ({ id: "s", name: "s", kind: "kube", available: true }),
      listPods: () => Promise.resolve([pod("web-1", "1"), pod("web-2", "1"), pod("web-3", "1")]),
    } as unknown as Source;
    const registry = new SourceRegistry();
    registry.add(source);
    const call = createCallerFactory(appRouter)({ registry, authenticated: false, tokenRequiredForReads: false });
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
