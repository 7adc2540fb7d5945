// Window files through the real routers: opening the same bytes twice is one source, closing removes it,
// a bad file is refused and changes nothing, and an opened window exports again as the same window.
import type { PodStatus } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry } from "../src";
import { podEvent, windowFile, windowPod } from "../../core/test/window-fixture";

// Restarted twice, running again but not ready.
const crashing: PodStatus = {
  phase: "Running",
  containerStatuses: [
    {
      name: "app",
      ready: false,
      restartCount: 2,
      image: "busybox",
      imageID: "",
      state: { running: { startedAt: "2024-05-01T10:59:00Z" } },
      lastState: { terminated: { exitCode: 1, finishedAt: "2024-05-01T10:58:50Z" } },
    },
  ],
};

const file = windowFile({
  objects: {
    pods: [windowPod("crash", "u1", { node: "n1", status: crashing }), windowPod("crash-old", "u0", { node: "n1", status: crashing })],
    events: [
      podEvent("e1", { name: "crash", uid: "u1" }, { reason: "BackOff", lastTimestamp: "2024-05-01T10:59:00Z" }),
      podEvent("e0", { name: "crash", uid: "u-earlier" }, { reason: "Killing", lastTimestamp: "2024-05-01T10:30:00Z" }),
    ],
    nodes: [{ apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, status: {} }],
    // The name's earlier incarnation, deleted within the window.
    deletedPods: [
      {
        pod: windowPod("crash", "u-earlier", {
          node: "n1",
          status: crashing,
          created: "2024-05-01T10:20:00Z",
          deleted: "2024-05-01T10:30:30Z",
        }),
        deletedAt: "2024-05-01T10:30:30Z",
      },
    ],
  },
  history: {
    "u-earlier": [{ time: "2024-05-01T10:20:01Z", status: { phase: "Running" } }],
    u1: [
      { time: "2024-05-01T10:00:01Z", status: { phase: "Pending" } },
      { time: "2024-05-01T10:00:03Z", status: { phase: "Running" } },
    ],
  },
  logs: { u1: { app: { current: ["started", "boom soon"], previous: ["started", "boom"] } } },
});

function setup(authenticated = true) {
  const registry = new SourceRegistry();
  const call = createCallerFactory(appRouter)({ registry, authenticated, tokenRequiredForReads: false });
  return { registry, call };
}

describe("window files", () => {
  const text = JSON.stringify(file, null, 2);

  it("opens the same file twice as one source, frozen at takenAt, and closes it", async () => {
    const { call } = setup();
    const a = await call.sources.openSnapshot({ json: text });
    const b = await call.sources.openSnapshot({ json: text });
    expect(a.source).toMatch(/^window-[0-9a-f]{16}$/);
    expect(b.source).toBe(a.source);
    const list = await call.sources.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: a.source,
      kind: "snapshot",
      takenAt: "2024-05-01T11:00:00Z",
      capabilities: { isLive: false, canRunPods: false, canDelete: false },
    });
    expect(await call.sources.close({ source: a.source })).toEqual({ closed: a.source });
    expect(await call.sources.list()).toEqual([]);
  });

  it("serves its pods, its nodes (links resolve inside it), events by UID and saved logs", async () => {
    const { call } = setup();
    const { source } = await call.sources.openSnapshot({ json: text });
    expect((await call.nodes.list({ source })).map((n) => n.metadata.name)).toEqual(["n1"]);
    const d = await call.pods.detail({ source, namespace: "default", name: "crash" });
    expect(d.history.map((h) => h.status.phase)).toEqual(["Pending", "Running"]);
    expect(d.events.map((e) => e.reason)).toEqual(["BackOff"]);
    expect(await call.logs.get({ source, namespace: "default", name: "crash", container: "app", previous: true })).toBe("started\nboom");
    expect(await call.logs.get({ source, namespace: "default", name: "crash", tailLines: 1 })).toBe("boom soon");
    await expect(call.logs.get({ source, namespace: "default", name: "crash-old", container: "app" })).rejects.toThrow(
      `this window file holds no logs for container "app" of pod "crash-old"`,
    );
    // Its lines are kept without their times: --since cannot select among them, and says so.
    await expect(call.logs.get({ source, namespace: "default", name: "crash", sinceSeconds: 60 })).rejects.toThrow(
      "this window file keeps its log lines without their times: --since and --since-time cannot select among them",
    );
    // A drain rehearsal starts from the same objects, at the moment the window was taken.
    const drain = await call.drain.simulate({ source, request: { nodes: ["n1"], ignoreDaemonsets: true } as never });
    expect(JSON.stringify(drain.result)).toContain("crash-old");
  });

  it("keeps the pods deleted within the window reachable by UID, and replays the window at a time inside it", async () => {
    const { call } = setup();
    const { source } = await call.sources.openSnapshot({ json: text });
    expect((await call.sources.list())[0].capabilities.isRecording).toBe(true);
    expect((await call.pods.deleted({ source })).map((d) => [d.pod.metadata.uid, d.deletedAt])).toEqual([
      ["u-earlier", "2024-05-01T10:30:30Z"],
    ]);
    expect((await call.pods.incarnations({ source, namespace: "default", name: "crash" })).map((i) => i.uid)).toEqual(["u1", "u-earlier"]);
    const gone = await call.pods.detail({ source, namespace: "default", name: "crash", uid: "u-earlier" });
    expect(gone.deletedAt).toBe("2024-05-01T10:30:30Z");
    expect(gone.events.map((e) => e.reason)).toEqual(["Killing"]);
    const at = await call.pods.at({ source, at: "2024-05-01T10:25:00Z" });
    // crash-old has no status recorded: nothing to rebuild it from.
    expect(at.pods.map((p) => p.metadata.uid).sort()).toEqual(["u-earlier", "u1"]);
    expect((await call.pods.at({ source, at: "2024-05-01T10:45:00Z" })).pods.map((p) => p.metadata.uid)).toEqual(["u1"]);
  });

  it("exports an opened window as the same window", async () => {
    const { call } = setup();
    const { source } = await call.sources.openSnapshot({ json: text });
    const again = await call.snapshots.export({ source, namespace: "default" });
    expect(again.objects.pods.map((p) => p.metadata.name)).toEqual(["crash", "crash-old"]);
    expect(again.objects.nodes.map((n) => n.metadata.name)).toEqual(["n1"]);
    expect(again.history.u1).toEqual(file.history.u1);
    expect(again.objects.deletedPods?.map((d) => d.pod.metadata.uid)).toEqual(["u-earlier"]);
    expect(again.logs.u1.app).toEqual(file.logs.u1.app);
    expect(again.source).toEqual({ id: source, name: expect.stringContaining("window of namespace default") as string, kind: "snapshot" });
    const one = await call.snapshots.export({ source, namespace: "default", pod: "crash" });
    expect(one.objects.pods).toHaveLength(1);
    // One pod's window holds every incarnation of its name within the window.
    expect(one.objects.events.map((e) => e.reason)).toEqual(["BackOff", "Killing"]);
    expect(one.objects.deletedPods?.map((d) => d.pod.metadata.uid)).toEqual(["u-earlier"]);
    expect(one.scope).toEqual({ namespace: "default", pod: "crash" });
  });

  it("refuses bad files, saying what and where, and changes nothing the server holds", async () => {
    const { call } = setup();
    const { source } = await call.sources.openSnapshot({ json: text });
    const refusal = async (json: string) => {
      try {
        await call.sources.openSnapshot({ json, fileName: "w.json" });
      } catch (e) {
        return (e as Error).message;
      }
      return "accepted";
    };
    expect(await refusal(text.slice(0, text.length / 2))).toMatch(/^w\.json: line \d+, column \d+: not valid JSON: .* it looks truncated$/);
    expect(await refusal(JSON.stringify({ ...file, version: 3 }))).toBe("window file version 3 is newer than this podscope reads (1)");
    expect(await refusal(JSON.stringify({ apiVersion: "v1", kind: "List", items: [] }))).toContain(`kind is "List"`);
    expect((await call.sources.list()).map((s) => s.id)).toEqual([source]);
    await expect(call.sources.close({ source: "local" })).rejects.toThrow(`no source "local"`);
  });

  it("needs the token to open or close", async () => {
    const { call } = setup(false);
    await expect(call.sources.openSnapshot({ json: text })).rejects.toThrow("needs the access token");
    await expect(call.sources.close({ source: "x" })).rejects.toThrow("needs the access token");
  });
});
