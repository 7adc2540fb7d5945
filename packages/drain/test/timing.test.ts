// kubelet's termination timing: preStop inside the grace period, SIGTERM after it, SIGKILL at its end.
import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { exitAfterSigtermSeconds, preStopSeconds, readyAfterSeconds, terminationPlan } from "../src/timing";

describe("termination plan", () => {
  it.each([
    // grace, preStop, exitAfterTerm → sigterm, exit, sigkill, code
    [30, 0, 1, 0, 1, false, 143],
    [30, 10, 1, 10, 11, false, 143],
    [30, 0, Infinity, 0, 30, true, 137],
    [20, 60, Infinity, 20, 22, true, 137],
    [20, 60, 1, 20, 21, false, 143],
    [5, 0, 10, 0, 5, true, 137],
  ])("grace %i, preStop %i, exits %f s after TERM", (grace, pre, exitAfter, sigterm, exit, sigkill, code) => {
    expect(terminationPlan(grace, pre, exitAfter)).toMatchObject({ sigterm, exit, sigkill, exitCode: code });
  });

  const pod = (c: Partial<Pod["spec"]["containers"][0]>): Pod => ({ metadata: { name: "p" }, spec: { containers: [{ name: "c", ...c }] } });
  it("reads preStop durations from sleep actions and exec sleeps; annotations win", () => {
    expect(preStopSeconds(pod({ lifecycle: { preStop: { sleep: { seconds: 7 } } } }), [])).toBe(7);
    expect(preStopSeconds(pod({ lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "nginx -s quit; sleep 15"] } } } }), [])).toBe(
      15,
    );
    expect(preStopSeconds(pod({ lifecycle: { preStop: { exec: { command: ["/drain.sh"] } } } }), [])).toBe(0);
    expect(preStopSeconds(pod({}), [{ "drain.podscope.dev/prestop-seconds": "4" }])).toBe(4);
  });

  it("readiness: 2 s start-up plus the probe's initial delay, or the annotation", () => {
    expect(readyAfterSeconds(pod({}), [])).toBe(2);
    expect(readyAfterSeconds(pod({ readinessProbe: { initialDelaySeconds: 10 } }), [])).toBe(12);
    expect(readyAfterSeconds(pod({}), [undefined, { "drain.podscope.dev/ready-after-seconds": "45" }])).toBe(45);
  });

  it("exit after SIGTERM: default 1 s, 'never' for processes that ignore it", () => {
    expect(exitAfterSigtermSeconds([])).toBe(1);
    expect(exitAfterSigtermSeconds([{ "drain.podscope.dev/exit-after-sigterm-seconds": "never" }])).toBe(Infinity);
    expect(exitAfterSigtermSeconds([{ "drain.podscope.dev/exit-after-sigterm-seconds": "3" }])).toBe(3);
  });
});
