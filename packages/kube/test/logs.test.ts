// Container logs through the API server (pods/log) from real pods on the real kubelet node
// (kubelet-real, scripts/kubelet.sh): the API server asks that kubelet, which reads its CRI files.
// Checked against what kubectl logs gets from the same API: merged streams, -c, tail, timestamps,
// follow and its end on abort, the previous instance, and the refusals in the server's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { KubeClient, loadKubeConfig, podLogLines, podLogRecords, splitTimestamp } from "../src";
import { ensureRealKubelet, stopRealKubelet, type RealKubelet } from "../../runtime/fidelity/cluster";
import { adminClient, eventually, freshNamespace, kubeErrorOf, limitedKubeconfigPath } from "./helpers";

let admin: KubeClient;
let kubelet: RealKubelet;
let ns: string;

const BUSYBOX = "localhost/busybox:latest";

function realPod(name: string, containers: { name: string; script: string }[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns },
    spec: {
      nodeName: kubelet.nodeName,
      tolerations: [{ key: kubelet.taintKey, operator: "Exists" }],
      terminationGracePeriodSeconds: 0,
      containers: containers.map((c) => ({ name: c.name, image: BUSYBOX, imagePullPolicy: "Never", command: ["sh", "-c", c.script] })),
      ...extra,
    },
  };
}

async function create(pod: object): Promise<void> {
  await admin.request("POST", `/api/v1/namespaces/${ns}/pods`, { body: pod });
}

const getPod = (name: string) => admin.request<Pod>("GET", `/api/v1/namespaces/${ns}/pods/${name}`);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeAll(async () => {
  kubelet = ensureRealKubelet();
  admin = adminClient();
  ns = await freshNamespace(admin, "logs");
  // app writes to both streams, then a numbered line every 300 ms; side writes one line and waits.
  await create(
    realPod("talk", [
      { name: "app", script: 'echo first-out; echo first-err >&2; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.3; done' },
      { name: "side", script: "echo side-start; sleep 3600" },
    ]),
  );
  // Each run writes its own line and fails: its previous instance's log is the run before.
  await create(realPod("crash", [{ name: "c", script: 'echo "run $(cat /proc/sys/kernel/random/uuid)"; echo boom >&2; exit 1' }]));
  // A pod on a KWOK node: scheduled and "Running", but no kubelet there serves its log.
  await create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "kwok", namespace: ns },
    spec: { nodeName: "kwok-node-0", terminationGracePeriodSeconds: 0, containers: [{ name: "app", image: "busybox" }] },
  });
  await eventually(
    "talk Running with both containers started",
    async () => (await getPod("talk")).status?.containerStatuses?.every((s) => s.state?.running),
    90_000,
  );
  // Enough ticks that the last lines are all ticks (the first two lines are of both streams).
  await eventually("talk's app has ticked 4 times", async () =>
    (await collect(podLogLines(admin, ns, "talk", { container: "app" }))).includes("tick 4"),
  );
}, 180_000);

afterAll(async () => {
  if (ns && admin) {
    await admin.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
    // Nothing of ours may stay on the KWOK nodes (the drain suite shares them) or on kubelet-real.
    await eventually(
      `namespace ${ns} gone`,
      () =>
        admin.request("GET", `/api/v1/namespaces/${ns}`).then(
          () => false,
          () => true,
        ),
      120_000,
      500,
    );
  }
  admin?.close();
  if (kubelet?.startedHere) stopRealKubelet();
}, 180_000);

describe("container logs through the API server (real kubelet)", () => {
  it("reads every line of a container, stdout and stderr merged as the API gives them", async () => {
    const lines = await collect(podLogLines(admin, ns, "talk", { container: "app" }));
    expect(lines.slice(0, 3).sort()).toEqual(["first-err", "first-out", "tick 1"].sort());
    expect(lines).toContain("tick 2");
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
  });

  it("selects a container with -c, and refuses no container or an unknown one in the API server's words", async () => {
    expect(await collect(podLogLines(admin, ns, "talk", { container: "side" }))).toEqual(["side-start"]);
    const none = await kubeErrorOf(collect(podLogLines(admin, ns, "talk", {})));
    expect(none.reason).toBe("BadRequest");
    expect(none.message).toBe("a container name must be specified for pod talk, choose one of: [app side]");
    const unknown = await kubeErrorOf(collect(podLogLines(admin, ns, "talk", { container: "nope" })));
    expect(unknown.reason).toBe("BadRequest");
    expect(unknown.message).toBe("container nope is not valid for pod talk");
    const noPod = await kubeErrorOf(collect(podLogLines(admin, ns, "nope", {})));
    expect(noPod.reason).toBe("NotFound");
    expect(noPod.message).toBe('pods "nope" not found');
  });

  it("keeps the last N lines with tail", async () => {
    const all = await collect(podLogLines(admin, ns, "talk", { container: "app" }));
    const tail = await collect(podLogLines(admin, ns, "talk", { container: "app", tailLines: 2 }));
    expect(tail).toHaveLength(2);
    expect(tail[0]).toMatch(/^tick \d+$/);
    // Written later than (or as) the full read's last line.
    expect(Number(tail[1].slice(5))).toBeGreaterThanOrEqual(Number(all[all.length - 1].slice(5)));
  });

  it("gives each record the runtime's time (timestamps=true split off) and no stream", async () => {
    const before = Date.now();
    const stamped = await collect(podLogLines(admin, ns, "talk", { container: "app", tailLines: 3, timestamps: true }));
    for (const l of stamped) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z tick \d+$/);
    const records = await collect(podLogRecords(admin, ns, "talk", { container: "app", tailLines: 3 }));
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.stream).toBeNull();
      expect(r.line).toMatch(/^tick \d+$/);
      const t = Date.parse(r.time);
      expect(t).toBeGreaterThan(before - 5_000);
      expect(t).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    // Ordered as written.
    expect(records.map((r) => r.time)).toEqual([...records.map((r) => r.time)].sort());
    expect(splitTimestamp("2026-12-06T06:18:46.062434924Z out 3")).toEqual({ time: "2026-12-06T06:18:46.062434924Z", line: "out 3" });
    expect(splitTimestamp("no time here")).toEqual({ line: "no time here" });
  });

  it("follows: lines written after the start arrive, and aborting ends the iteration", async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const started = Date.now();
    const done = (async () => {
      for await (const l of podLogLines(admin, ns, "talk", { container: "app", follow: true, tailLines: 1, signal: ac.signal })) {
        seen.push(l);
        if (seen.length >= 4) ac.abort();
      }
    })();
    await done;
    // 1 tail line + 3 written while following (one every 300 ms): at least ~0.6 s of following.
    expect(seen).toHaveLength(4);
    const ticks = seen.map((l) => Number(l.slice(5)));
    expect(ticks).toEqual([ticks[0], ticks[0] + 1, ticks[0] + 2, ticks[0] + 3]);
    expect(Date.now() - started).toBeGreaterThan(500);

    // Aborted while the stream is quiet (side writes nothing more): the iteration ends at once.
    const quiet = new AbortController();
    const lines: string[] = [];
    const t = setTimeout(() => quiet.abort(), 1_000);
    const t0 = Date.now();
    for await (const l of podLogLines(admin, ns, "talk", { container: "side", follow: true, signal: quiet.signal })) lines.push(l);
    clearTimeout(t);
    expect(lines).toEqual(["side-start"]);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it("reads the previous instance after a restart, and says when there is none", async () => {
    await eventually(
      "crash restarted",
      async () => ((await getPod("crash")).status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1,
      90_000,
    );
    const prev = await eventually("previous log readable", async () => {
      const l = await collect(podLogLines(admin, ns, "crash", { container: "c", previous: true }));
      return l.length === 2 ? l : undefined;
    });
    // The runtime copies stdout and stderr separately: between the two streams, the order is not kept.
    const [boom, run] = [...prev].sort();
    expect(boom).toBe("boom");
    expect(run).toMatch(/^run [0-9a-f-]{36}$/);
    const none = await kubeErrorOf(collect(podLogLines(admin, ns, "talk", { container: "app", previous: true })));
    expect(none.reason).toBe("BadRequest");
    expect(none.message).toBe('previous terminated container "app" in pod "talk" not found');
  }, 120_000);

  it("says in words when the pod's node serves no logs (a KWOK node)", async () => {
    const e = await kubeErrorOf(collect(podLogLines(admin, ns, "kwok", { container: "app", nodeName: "kwok-node-0" })));
    expect(e.code === 404 || e.code >= 500, `code ${e.code}: ${e.message}`).toBe(true);
    expect(e.message).toMatch(
      /^the log of pod "kwok" in namespace "logs-\w+" cannot be read from its node "kwok-node-0": the API server answered \d+ \(.+\)\. /,
    );
    expect(e.message).toContain("a node without one (a KWOK node)");
  });

  it("names pods/log when RBAC forbids it (the limited context)", async () => {
    const limited = new KubeClient(loadKubeConfig({ path: limitedKubeconfigPath() }), "podscope-limited");
    try {
      const e = await kubeErrorOf(collect(podLogLines(limited, ns, "talk", { container: "app" })));
      expect(e.reason).toBe("Forbidden");
      expect(e.message).toBe(
        `user "podscope-limited" cannot get pods/log "talk" in namespace "${ns}" (context "podscope-limited", 403 Forbidden)`,
      );
    } finally {
      limited.close();
    }
  });
});
