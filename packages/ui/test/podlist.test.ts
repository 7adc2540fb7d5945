import { SelectorError, type Pod } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { comparePodRows, podRowFilter, toDeletedPodRow, toPodRow, type PodRow } from "../src/podlist/rows";
import { PodRowStore } from "../src/podlist/store";

function pod(
  name: string,
  o: { ns?: string; labels?: Record<string, string>; rv?: string; created?: string; status?: Pod["status"]; node?: string } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: o.ns ?? "default",
      labels: o.labels,
      resourceVersion: o.rv ?? "1",
      creationTimestamp: o.created ?? "2026-01-10T10:00:00Z",
    },
    spec: { nodeName: o.node, containers: [{ name: "app", image: "busybox" }] },
    status: o.status ?? { phase: "Pending" },
  };
}

const crashing: Pod["status"] = {
  phase: "Running",
  podIP: "10.88.0.12",
  podIPs: [{ ip: "10.88.0.12" }],
  containerStatuses: [
    {
      name: "app",
      ready: false,
      restartCount: 5,
      image: "busybox",
      imageID: "",
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2026-01-10T10:05:00Z" } },
    },
  ],
};

describe("pod rows", () => {
  it("carry kubectl's STATUS, READY and restart count, QoS from the spec when status has none", () => {
    const r = toPodRow(pod("web", { status: crashing, node: "node-1" }));
    expect(r).toMatchObject({
      key: "default/web",
      status: "CrashLoopBackOff",
      ready: "0/1",
      restartCount: 5,
      ip: "10.88.0.12",
      node: "node-1",
      qos: "BestEffort",
    });
    expect(r.lastRestartMs).toBe(Date.parse("2026-01-10T10:05:00Z"));
    expect(r.createdMs).toBe(Date.parse("2026-01-10T10:00:00Z"));
  });

  it("show no node and no IP as empty, not as <none>", () => {
    const r = toPodRow(pod("p"));
    expect(r.node).toBe("");
    expect(r.ip).toBe("");
  });

  it("filter by words, namespace, status and label selector together", () => {
    const rows = [
      toPodRow(pod("web-1", { labels: { app: "web" }, status: crashing })),
      toPodRow(pod("web-2", { ns: "prod", labels: { app: "web" } })),
      toPodRow(pod("db-1", { ns: "prod", labels: { app: "db" } })),
    ];
    const names = (f: Parameters<typeof podRowFilter>[0]) => rows.filter(podRowFilter(f)).map((r) => r.key);
    expect(names({ text: "web" })).toEqual(["default/web-1", "prod/web-2"]);
    expect(names({ text: "WEB crashloop" })).toEqual(["default/web-1"]);
    expect(names({ namespace: "prod" })).toEqual(["prod/web-2", "prod/db-1"]);
    expect(names({ status: "Pending" })).toEqual(["prod/web-2", "prod/db-1"]);
    expect(names({ selector: "app=web", namespace: "prod" })).toEqual(["prod/web-2"]);
    expect(() => podRowFilter({ selector: "app in x" })).toThrow(SelectorError);
  });

  it("sort by restarts, age (youngest first) and IP numerically, ties by namespace/name", () => {
    const a = toPodRow(pod("a", { created: "2026-01-10T10:00:00Z", status: { ...crashing, podIPs: [{ ip: "10.88.0.9" }] } }));
    const b = toPodRow(pod("b", { created: "2026-01-10T11:00:00Z", status: { ...crashing, podIPs: [{ ip: "10.88.0.10" }] } }));
    const c = toPodRow(pod("c", { created: "2026-01-10T09:00:00Z" }));
    const sorted = (k: Parameters<typeof comparePodRows>[0]) => [c, b, a].sort(comparePodRows(k)).map((r: PodRow) => r.name);
    expect(sorted("restarts")).toEqual(["c", "a", "b"]);
    expect(sorted("age")).toEqual(["b", "a", "c"]);
    expect(sorted("ip")).toEqual(["a", "b", "c"]); // 10.88.0.9 < 10.88.0.10; no IP last
    expect(sorted("name")).toEqual(["a", "b", "c"]);
    const n = (name: string) => toPodRow(pod(name));
    expect([n("web-10"), n("web-2"), n("web-1")].sort(comparePodRows("name")).map((r) => r.name)).toEqual(["web-1", "web-2", "web-10"]);
  });
});

describe("PodRowStore", () => {
  it("applies SYNC, ADDED, MODIFIED and DELETED, and remembers when each row changed", () => {
    const s = new PodRowStore();
    expect(s.apply({ type: "SYNC", objects: [pod("a"), pod("b")] }, 0)).toBe(true);
    expect([...s.rows.keys()]).toEqual(["default/a", "default/b"]);
    expect(s.changedAt.size).toBe(0); // the first list is not "a change"

    expect(s.apply({ type: "MODIFIED", object: pod("a", { rv: "2", status: crashing }) }, 100)).toBe(true);
    expect(s.rows.get("default/a")!.status).toBe("CrashLoopBackOff");
    expect(s.changedAt.get("default/a")).toBe(100);

    // The same resourceVersion again (a relist, a duplicate) is not a change.
    const v = s.version;
    expect(s.apply({ type: "MODIFIED", object: pod("a", { rv: "2", status: crashing }) }, 200)).toBe(false);
    expect(s.version).toBe(v);

    expect(s.apply({ type: "ADDED", object: pod("c") }, 300)).toBe(true);
    expect(s.apply({ type: "DELETED", object: pod("b") }, 400)).toBe(true);
    expect(s.apply({ type: "DELETED", object: pod("zzz") }, 400)).toBe(false);
    expect([...s.rows.keys()].sort()).toEqual(["default/a", "default/c"]);

    s.expireHighlights(2_000, 1_800);
    expect([...s.changedAt.keys()]).toEqual(["default/c"]);
  });

  it("a new SYNC replaces everything (after a reconnect)", () => {
    const s = new PodRowStore();
    s.apply({ type: "SYNC", objects: [pod("a"), pod("b")] }, 0);
    s.apply({ type: "SYNC", objects: [pod("x")] }, 1);
    expect([...s.rows.keys()]).toEqual(["default/x"]);
  });

  it("a list sent first rows first: SYNC with rows remaining, then SYNC_MORE adds the rest without flashing them", () => {
    const s = new PodRowStore();
    s.apply({ type: "SYNC", objects: [pod("old")] }, 0);
    const row = (name: string) => toPodRow(pod(name));
    expect(s.applyRows({ type: "SYNC", rows: [row("a")], remaining: 2 }, 10)).toBe(true);
    expect([...s.rows.keys()]).toEqual(["default/a"]);
    expect(s.remaining).toBe(2);
    const lists = s.lists;
    expect(s.applyRows({ type: "SYNC_MORE", rows: [row("b"), row("c")], remaining: 0 }, 20)).toBe(true);
    expect([...s.rows.keys()]).toEqual(["default/a", "default/b", "default/c"]);
    expect(s.remaining).toBe(0);
    expect(s.lists).toBe(lists + 1);
    expect(s.syncs).toBe(2);
    expect(s.changedAt.size).toBe(0);
  });
});

describe("toDeletedPodRow", () => {
  const gonePod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "web",
      namespace: "default",
      uid: "u1",
      creationTimestamp: "2026-01-01T00:00:00Z",
      deletionTimestamp: "2026-01-01T00:05:00Z",
    },
    spec: { containers: [{ name: "c" }] },
    status: { phase: "Running" },
  };
  it("is keyed by UID beside the live row of the same name, says Deleted and when", () => {
    const live = toPodRow({ ...gonePod, metadata: { ...gonePod.metadata, uid: "u2", deletionTimestamp: undefined } });
    const gone = toDeletedPodRow(gonePod, "2026-01-01T00:05:02Z");
    expect(gone.key).not.toBe(live.key);
    expect(gone.key).toBe("default/web@u1");
    expect([gone.status, gone.uid, gone.deletedMs]).toEqual(["Deleted", "u1", Date.parse("2026-01-01T00:05:02Z")]);
    expect(live.deletedMs).toBeUndefined();
    expect(podRowFilter({ text: "deleted" })(gone)).toBe(true);
    expect(podRowFilter({ status: "Deleted" })(live)).toBe(false);
  });
});
