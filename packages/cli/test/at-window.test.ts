// `--at -15m` against a source opened from a window file counts back from the window's own clock (the
// moment it was taken), as the web UI freezes its clock there — not from the wall clock, which would ask
// for a time after the window (or years after it) and print ages measured from it. Real CLI and server.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../src/client";
import { podEvent, windowFile, windowPod } from "../../core/test/window-fixture";
import { podscope, startServer, type ServerProc } from "./helpers";

const PORT = 7955; // this suite's own (port base 7950)
const home = mkdtempSync(join(tmpdir(), "podscope-at-window-"));
let server: ServerProc | undefined;
let E: Record<string, string>;
let source: string;
const cli = (...args: string[]) => podscope(args, E);

const file = windowFile({
  objects: {
    pods: [windowPod("crash", "u1", { node: "n1", status: { phase: "Running", startTime: "2024-05-01T10:00:00Z" } })],
    events: [
      podEvent(
        "e1",
        { name: "crash", uid: "u1" },
        {
          metadata: { uid: "e1" },
          reason: "Scheduled",
          message: "Successfully assigned default/crash to n1",
          type: "Normal",
          count: 1,
          firstTimestamp: "2024-05-01T10:00:00Z",
          lastTimestamp: "2024-05-01T10:00:00Z",
          source: { component: "default-scheduler" },
        },
      ),
    ],
  },
  history: { u1: [{ time: "2024-05-01T10:00:01Z", status: { phase: "Running", startTime: "2024-05-01T10:00:00Z" } }] },
});

beforeAll(async () => {
  server = await startServer({ port: PORT, home, env: { KUBECONFIG: join(home, "no-kubeconfig") }, args: ["--no-local"] });
  E = server.env;
  process.env.PODSCOPE_HOME = home;
  process.env.PODSCOPE_PORT = String(PORT);
  const c = connect();
  try {
    source = (await c.api.sources.openSnapshot.mutate({ json: JSON.stringify(file), fileName: "w.json" })).source;
  } finally {
    c.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("--at on a window file", () => {
  it("get pods --at -15m: the pods 15 minutes before the window was taken, ages then", async () => {
    const r = await cli("get", "pods", "--source", source, "--at", "-15m");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^crash\s+0\/1\s+Running\s+0\s+45m$/m);
    const json = JSON.parse((await cli("get", "pods", "--source", source, "--at", "-15m", "-o", "json")).stdout) as { items: unknown[] };
    expect(json.items).toHaveLength(1);
    // Before the pod existed: nothing, said with the instant asked (counted from takenAt).
    const early = await cli("get", "pods", "--source", source, "--at", "-61m");
    expect(early.stderr).toContain("2024-05-01T09:59:00.000Z");
  });

  it("describe pod --at -15m: ages measured from that instant", async () => {
    const d = await cli("describe", "pod", "crash", "--source", source, "--at", "-15m");
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/Normal\s+Scheduled\s+45m\s+default-scheduler/);
  });
});
