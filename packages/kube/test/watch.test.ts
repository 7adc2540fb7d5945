// A Deployment scaled up and down is seen live, in order, by subscribers of one shared watch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject, Pod } from "@podscope/core";
import { type ChangeEvent, KubeSource } from "../src";
import { adminClient, eventually, freshNamespace, kubeconfigPath } from "./helpers";

const admin = adminClient();
let ns: string;
let src: KubeSource;

beforeAll(async () => {
  ns = await freshNamespace(admin, "watch");
  src = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["deployments", "replicasets", "pods"] }).start();
  await src.whenSynced();
});
afterAll(async () => {
  await src?.stop();
  await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin.close();
});

/** What these tests read of an apps/v1 Deployment. */
interface Deployment extends KubeObject {
  spec: { replicas?: number };
  status?: { readyReplicas?: number };
}

/** What these tests read of an events.k8s.io/v1 Event (the object it is about is `regarding`, its text `note`). */
interface EventV1 extends KubeObject {
  regarding?: { kind?: string; name?: string };
  reason?: string;
  note?: string;
}

const deployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: ns },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "app", image: "localhost/busybox:latest" }], terminationGracePeriodSeconds: 0 },
    },
  },
});

describe("live watch", () => {
  it("sees a Deployment scaled 1 → 4 → 2 in order, with its pods coming and going", async () => {
    const seen: ChangeEvent[] = [];
    const seenBySecond: ChangeEvent[] = [];
    const mine = (o: KubeObject) => o.metadata.namespace === ns;
    const unsubs = (["deployments", "pods"] as const).flatMap((r) => [
      src.subscribe(r, (e) => e.type !== "STATE" && mine(e.object) && seen.push(e)),
      src.subscribe(r, (e) => e.type !== "STATE" && mine(e.object) && seenBySecond.push(e)),
    ]);
    const livePods = () => src.list<Pod>("pods").filter((p) => mine(p) && !p.metadata.deletionTimestamp && p.status?.phase === "Running");
    const readyReplicas = () => src.get<Deployment>("deployments", "web", ns)?.status?.readyReplicas ?? 0;

    await src.apply(deployment(1));
    await eventually("1 ready replica", () => readyReplicas() === 1 && livePods().length === 1);
    await src.apply(deployment(4));
    await eventually("4 ready replicas", () => readyReplicas() === 4 && livePods().length === 4);
    await src.apply(deployment(2));
    await eventually("2 ready replicas", () => readyReplicas() === 2 && livePods().length === 2);
    for (const u of unsubs) u();

    // The sequence of desired replica counts, as the watch delivered Deployment updates.
    const deployments = seen.filter((e) => e.resource === "deployments").map((e) => e.object as Deployment);
    const replicas = deployments.map((d) => d.spec.replicas);
    const distinct = replicas.filter((r, i) => i === 0 || r !== replicas[i - 1]);
    expect(distinct).toEqual([1, 4, 2]);
    // Ready replicas only move 0 → 1 → … → 4 → … → 2, never jumping back (events are in order).
    const ready = deployments.map((d) => d.status?.readyReplicas ?? 0);
    const peak = ready.indexOf(4);
    expect(peak).toBeGreaterThan(0);
    expect(ready.slice(0, peak + 1)).toEqual([...ready.slice(0, peak + 1)].sort((a, b) => a - b));
    expect(ready.at(-1)).toBe(2);
    // Pods: 4 were created and 2 deleted; every deletion comes after that pod's creation.
    const podEvents = seen.filter((e) => e.resource === "pods");
    const added = new Set(podEvents.filter((e) => e.type === "ADDED").map((e) => e.object.metadata.uid));
    const deleted = podEvents.filter((e) => e.type === "DELETED");
    expect(added.size).toBe(4);
    expect(deleted.length).toBe(2);
    for (const d of deleted) {
      const firstAdd = podEvents.findIndex((e) => e.type === "ADDED" && e.object.metadata.uid === d.object.metadata.uid);
      expect(firstAdd).toBeGreaterThanOrEqual(0);
      expect(firstAdd).toBeLessThan(podEvents.indexOf(d));
    }
    // resourceVersions of one object only grow along the stream.
    const rvs = podEvents
      .filter((e) => e.object.metadata.uid === deleted[0].object.metadata.uid)
      .map((e) => BigInt(e.object.metadata.resourceVersion as string));
    expect(rvs).toEqual([...rvs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // The second subscriber got exactly the same stream from the same upstream watch.
    expect(seenBySecond.map((e) => `${e.type}:${e.object.metadata.uid}:${e.object.metadata.resourceVersion}`)).toEqual(
      seen.map((e) => `${e.type}:${e.object.metadata.uid}:${e.object.metadata.resourceVersion}`),
    );
  });

  it("exposes plain JSON objects with RFC 3339 timestamps and apiVersion/kind filled in", () => {
    const pod = src.list<Pod>("pods").find((p) => p.metadata.namespace === ns);
    if (!pod) throw new Error(`no pod of ${ns} in the cache`);
    expect(pod.apiVersion).toBe("v1");
    expect(pod.kind).toBe("Pod");
    expect(typeof pod.metadata.creationTimestamp).toBe("string");
    expect(pod.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(src.syncStates().map((s) => s.state)).toEqual(["synced", "synced", "synced"]);
    // managedFields are dropped from the cache (memory), everything else is kept as the server sent it.
    expect(pod.metadata.managedFields).toBeUndefined();
    expect(pod.metadata.ownerReferences?.[0]?.kind).toBe("ReplicaSet");
  });

  it("also lists and watches events.k8s.io/v1 Events (the Deployment's scaling is there)", async () => {
    const ev = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["events.k8s.io"] }).start();
    try {
      await ev.whenSynced();
      const mine = () =>
        ev
          .list<EventV1>("events.k8s.io")
          .filter((e) => e.metadata.namespace === ns && e.regarding?.kind === "Deployment" && e.regarding?.name === "web");
      const scaling = await eventually("ScalingReplicaSet events", () =>
        mine().filter((e) => e.reason === "ScalingReplicaSet").length >= 2 ? mine() : undefined,
      );
      expect(scaling[0].apiVersion).toBe("events.k8s.io/v1");
      expect(scaling[0].kind).toBe("Event");
      expect(scaling.map((e) => e.note).join("\n")).toMatch(/Scaled up replica set web-[a-z0-9]+ from 1 to 4/);
    } finally {
      await ev.stop();
    }
  });
});
