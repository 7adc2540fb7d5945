// `--at -15m` against a source opened from a window file counts back from the window's own clock (the
// moment it was taken), as the web UI freezes its clock there — not from the wall clock, which would ask
// for a time after the window (or years after it) and print ages measured from it. Real CLI and server.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WindowFile } from "@podscope/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../src/client";
import { podscope, startServer, type ServerProc } from "./helpers";

const PORT = 7955; // this suite's own (port base 7950)
const home = mkdtempSync(join(tmpdir(), "podscope-at-window-"));
let server: ServerProc | undefined;
let E: Record<string, string>;
let source: string;
const cli = (...args: string[]) => podscope(args, E);

const taken = "2024-05-01T11:00:00Z";
const file: WindowFile = {
  kind: "PodscopeWindow",
  version: 1,
  source: { id: "local", name: "local node (n1)", kind: "local" },
  scope: { namespace: "default" },
  from: "2024-05-01T10:00:00Z",
  to: taken,
  takenAt: taken,
  objects: {
    pods: [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "crash", namespace: "default", uid: "u1", creationTimestamp: "2024-05-01T10:00:00Z" },
        spec: { nodeName: "n1", containers: [{ name: "app", image: "busybox" }] },
        status: { phase: "Running", startTime: "2024-05-01T10:00:00Z" },
      } as never,
    ],
    events: [
      {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: "e1", namespace: "default", uid: "e1" },
        involvedObject: { kind: "Pod", name: "crash", namespace: "default", uid: "u1" },
        reason: "Scheduled",
        message: "Successfully assigned default/crash to n1",
        type: "Normal",
        count: 1,
        firstTimestamp: "2024-05-01T10:00:00Z",
        lastTimestamp: "2024-05-01T10:00:00Z",
        source: { component: "default-scheduler" },
      },
    ] as never,
    nodes: [],
    pdbs: [],
    workloads: [],
  },
  history: { u1: [{ time: "2024-05-01T10:00:01Z", status: { phase: "Running", startTime: "2024-05-01T10:00:00Z" } }] },
  logs: {},
};

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
