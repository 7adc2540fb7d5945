// LiveDrainPanel: server-rendered markup for a check result and a drain in its three moments (before, running,
// stopped), and the confirmation rule.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  appendStream,
  confirmed,
  LiveDrainPanel,
  podStates,
  serverSays,
  simulationSays,
  type DrainProgressView,
  type LiveDrainResultView,
  type ServerCheckView,
} from "../src/drain-live";

// The shape drainLive.check returned for 3 replicas under a PDB with minAvailable 2 on the real control plane.
const check: ServerCheckView = {
  node: "n1",
  result: "checked",
  errors: [],
  warnings: [],
  simulatedResult: "drained",
  checkedAt: "2026-11-27T03:45:00.000Z",
  summary: ["server dry-run: 3 of 3 pods allowed; sequential simulation: drain drained", "1 pod differs: d/web-b"],
  pods: [
    {
      pod: "d/web-a",
      server: { verdict: "allowed", code: 201, message: "", cause: null },
      simulated: { outcome: "evicted", attempts: 1, evictedAt: 0, pdb: "d/web", message: "eviction granted: within the budget of d/web" },
      differs: false,
      reason: null,
    },
    {
      pod: "d/web-b",
      server: { verdict: "allowed", code: 201, message: "", cause: null },
      simulated: { outcome: "evicted", attempts: 2, evictedAt: 5.5, pdb: "d/web", message: "eviction granted" },
      differs: true,
      reason: "the server allows it because a dry-run eviction never writes the budget's decrement",
    },
    {
      pod: "d/web-c",
      server: {
        verdict: "blocked",
        code: 429,
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        cause: "The disruption budget web needs 2 healthy pods and has 2 currently",
      },
      simulated: {
        outcome: "blocked",
        attempts: 3,
        evictedAt: null,
        pdb: "d/web",
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
      },
      differs: false,
      reason: null,
    },
  ],
};

const progress: DrainProgressView[] = [
  { type: "line", t: 0, stream: "out", line: "node/n1 cordoned" },
  { type: "event", t: 0, pod: null, kind: "cordon", message: "node/n1 is unschedulable" },
  { type: "line", t: 0, stream: "out", line: "evicting pod d/web-a" },
  { type: "event", t: 0, pod: "d/web-a", kind: "evict", message: "eviction request #1" },
  {
    type: "line",
    t: 0.1,
    stream: "err",
    line: 'error when evicting pods/"web-b" -n "d" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
  },
  { type: "event", t: 0.1, pod: "d/web-b", kind: "retry", message: "429; retrying in 5s" },
  { type: "event", t: 0.3, pod: "d/web-a", kind: "evicted", message: "gone" },
];
const stopped: LiveDrainResultView = { node: "n1", result: "stopped", errors: [], warnings: [], pods: [], cordoned: true, endedAt: 1.2 };
const noop = () => {};
const render = (p: Partial<Parameters<typeof LiveDrainPanel>[0]>) =>
  renderToStaticMarkup(
    <LiveDrainPanel
      node="n1"
      check={null}
      progress={[]}
      result={null}
      running={false}
      onDrain={noop}
      onStop={noop}
      onUncordon={noop}
      {...p}
    />,
  );

describe("LiveDrainPanel", () => {
  it("draws one row per pod: server says, simulation says, why they differ", () => {
    const html = render({ check, onCheck: noop });
    expect(html).toContain("Check with the server");
    expect(html.match(/<tr data-differs="true"/g)).toHaveLength(1);
    expect(html.match(/<tr data-differs="false"/g)).toHaveLength(2);
    expect(html).toContain("evicted at t=5.5s, after 2 attempts (429 until the budget refills)");
    expect(html).toContain(
      "429: Cannot evict pod as it would violate the pod&#x27;s disruption budget. — The disruption budget web needs 2 healthy pods and has 2 currently",
    );
    expect(html).toContain("the server allows it because a dry-run eviction never writes the budget&#x27;s decrement");
    expect(html).toContain("1 pod differs: d/web-b");
  });

  it("keeps Drain for real disabled until the node name is typed, and offers Stop only while running", () => {
    const before = render({});
    expect(before).toMatch(/<button[^>]*disabled=""[^>]*>Drain for real<\/button>/);
    expect(before).not.toContain(">Stop<");
    const running = render({ running: true, progress });
    expect(running).toContain(">Stop<");
    expect(running).toContain("error when evicting pods/&quot;web-b&quot; -n &quot;d&quot; (will retry after 5s)");
    expect(running).toContain('data-kind="retry"');
    expect(running).not.toContain("Uncordon");
  });

  it("after a stop: the result, and Uncordon until it is done", () => {
    const html = render({ progress, result: stopped });
    expect(html).toContain('data-result="stopped"');
    expect(html).toContain("Uncordon n1");
    expect(render({ progress, result: stopped, uncordoned: true })).not.toContain("Uncordon n1");
    expect(render({ error: 'cannot drain node "n1" (reading the node): user "u" cannot get nodes "n1" cluster-wide' })).toContain(
      'role="alert"',
    );
  });

  it("helpers: exact confirmation, answers in words, last state per pod, stream accumulation", () => {
    expect(confirmed("n1", "n1")).toBe(true);
    expect(confirmed(" n1", "n1")).toBe(false);
    expect(confirmed("N1", "n1")).toBe(false);
    expect(confirmed("", "")).toBe(false);
    expect(serverSays({ verdict: "other", code: 403, message: "user u cannot create pods/eviction", cause: null })).toBe(
      "403: user u cannot create pods/eviction",
    );
    expect(simulationSays(check.pods[0].simulated)).toBe("evicted at once (t=0s)");
    expect(podStates(progress).map((p) => `${p.pod}:${p.kind}`)).toEqual(["d/web-a:evicted", "d/web-b:retry"]);
    let s = { progress: [] as DrainProgressView[], result: null as LiveDrainResultView | null };
    s = appendStream(s, { type: "progress", progress: progress[0] });
    s = appendStream(s, { type: "result", result: stopped });
    expect(s).toEqual({ progress: [progress[0]], result: stopped });
  });
});
