// Record and replay a window (issue 9, items 4 and 5) against the real server and the real local node:
// a crash-looping pod is exported with its history, events and logs (the crashed instance's too), the
// server restarts, the file opens twice as one read-only source whose node link resolves inside it,
// closing removes it, and bad files are refused with what is wrong and where. Runs as root, as CI does.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WindowFile } from "@podscope/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Client } from "../src/client";
import { podscope, startServer, until, type ServerProc } from "./helpers";

const BRIDGE = "psK0";
const PORT = 18200;
const env = { PODSCOPE_BRIDGE: BRIDGE, PODSCOPE_POD_SUBNET: "10.237.0.0/24" };
const home = mkdtempSync(join(tmpdir(), "podscope-window-home-"));
const dir = mkdtempSync(join(tmpdir(), "podscope-window-files-"));
let server: ServerProc | undefined;
let E: Record<string, string>;

const cli = (...args: string[]) => podscope(args, E);

const CRASH = `apiVersion: v1
kind: Pod
metadata:
  name: crashy
spec:
  restartPolicy: Always
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo run-$(cat /proc/uptime | cut -d' ' -f1); echo something broke >&2; exit 1"]
`;

/** The tRPC client the CLI uses, pointed at this test's server and home. */
function client(): Client {
  process.env.PODSCOPE_HOME = home;
  process.env.PODSCOPE_PORT = String(PORT);
  return connect();
}

beforeAll(async () => {
  expect(process.getuid?.(), "these tests run real pods and need root (CI runs as root)").toBe(0);
  server = await startServer({ port: PORT, home, env });
  E = { ...server.env, ...env };
}, 120_000);

afterAll(async () => {
  await cli("delete", "pod", "crashy", "--grace-period", "0");
  await server?.stop();
  const r = await podscope(["down"], E);
  expect(r.code, r.stderr).toBe(0);
  expect(execFileSync("ip", ["-o", "link", "show"]).toString()).not.toContain(`${BRIDGE}:`);
}, 120_000);

describe("podscope export and window files", () => {
  const nsFile = join(dir, "default.podscope.json");
  const podFile = join(dir, "crashy.podscope.json");

  it("exports a crash-looping pod's namespace with history, events, the node and both log instances", async () => {
    const r = await podscope(["apply", "-f", "-"], E, CRASH);
    expect(r.stdout).toBe("pod/crashy created\n");
    // Two finished runs: the current instance has run and the previous one crashed.
    await until(
      "crashy restarted twice",
      async () => {
        const p = JSON.parse((await cli("get", "pod", "crashy", "-o", "json")).stdout);
        return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && p;
      },
      90_000,
    );

    // A pod deleted within the window: its termination belongs in the file too.
    const brief = await podscope(
      ["apply", "-f", "-"],
      E,
      CRASH.replace("name: crashy", "name: brief").replace(/command: .*/, 'command: ["sleep", "3600"]'),
    );
    expect(brief.stdout).toBe("pod/brief created\n");
    await until(
      "brief Running",
      async () => JSON.parse((await cli("get", "pod", "brief", "-o", "json")).stdout).status?.phase === "Running",
    );
    expect((await cli("delete", "pod", "brief", "--grace-period", "0")).code).toBe(0);

    const e = await cli("export", "-n", "default", "--since", "1h", "-o", nsFile);
    expect(e.stderr).toBe("");
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(
      /^window of namespace default \(\S+ – \S+\) written to .*default\.podscope\.json: \d+ pods, \d+ events, 1 nodes, \d+ container logs\n$/,
    );
    const w = JSON.parse(readFileSync(nsFile, "utf8")) as WindowFile;
    expect(w.kind).toBe("PodscopeWindow");
    expect(w.version).toBe(1);
    expect(w.scope).toEqual({ namespace: "default" });
    expect(Date.parse(w.to) - Date.parse(w.from)).toBe(3600_000);
    const pod = w.objects.pods.find((p) => p.metadata.name === "crashy")!;
    expect(pod.kind).toBe("Pod");
    const uid = pod.metadata.uid!;
    expect(w.objects.nodes.map((n) => n.metadata.name)).toEqual([pod.spec.nodeName]);
    expect(w.history[uid].length).toBeGreaterThan(2);
    expect(w.objects.events.filter((ev) => ev.involvedObject.uid === uid).map((ev) => ev.reason)).toContain("BackOff");
    const logs = w.logs[uid].app;
    expect(logs.current.join("\n")).toMatch(/run-\d/);
    // Both of the crashed run's streams; their order is not (stdout and stderr reach the CRI log through separate
    // pipes: under load CI saw the stderr line first, as kubelet's log would show it too).
    expect(logs.previous!.join("\n")).toMatch(/run-\d/);
    expect(logs.previous!).toContain("something broke");
    // The previous instance is another run than the current one.
    const runOf = (lines: string[]) => lines.find((l) => l.startsWith("run-"));
    expect(runOf(logs.previous!)).not.toBe(runOf(logs.current));
    expect(w.inspection?.[uid]).toBeDefined();
    const gone = w.objects.deletedPods?.find((d) => d.pod.metadata.name === "brief");
    expect(gone, "the deleted pod is in the window").toBeDefined();
    expect(w.history[gone!.pod.metadata.uid!].length).toBeGreaterThan(0);

    const one = await cli("export", "crashy", "-o", podFile);
    expect(one.code, one.stderr).toBe(0);
    const p = JSON.parse(readFileSync(podFile, "utf8")) as WindowFile;
    expect(p.scope).toEqual({ namespace: "default", pod: "crashy" });
    expect(p.objects.pods.map((x) => x.metadata.name)).toEqual(["crashy"]);
  }, 150_000);

  it("refuses bad flags in kubectl's words", async () => {
    const noFile = await cli("export", "crashy");
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toBe(
      "error: -o FILE is required (or -o - for stdout): podscope export [-n NAMESPACE | -A] [POD] [--since 1h] -o FILE\n",
    );
    const since = await cli("export", "--since", "yesterday", "-o", join(dir, "x.json"));
    expect(since.stderr).toBe(`error: invalid argument "yesterday" for "--since" flag: expected a duration such as 30s, 15m or 1h\n`);
    const missing = await cli("export", "nope", "-o", join(dir, "x.json"));
    expect(missing.stderr).toBe(`Error from server (NotFound): pods "nope" not found\n`);
  }, 60_000);

  it("after a restart, opens the file twice as one frozen source whose links resolve inside it; close removes it", async () => {
    await server!.stop();
    server = await startServer({ port: PORT, home, env });
    const c = client();
    try {
      const text = readFileSync(nsFile, "utf8");
      const w = JSON.parse(text) as WindowFile;
      const a = await c.api.sources.openSnapshot.mutate({ json: text, fileName: "default.podscope.json" });
      const b = await c.api.sources.openSnapshot.mutate({ json: text, fileName: "again.json" });
      expect(b.source).toBe(a.source);
      const listed = (await c.api.sources.list.query()).filter((s) => s.kind === "snapshot");
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ id: a.source, takenAt: w.takenAt, capabilities: { isLive: false } });

      const pod = await c.api.pods.get.query({ source: a.source, namespace: "default", name: "crashy" });
      const nodes = await c.api.nodes.list.query({ source: a.source });
      expect(nodes.map((n) => n.metadata.name)).toContain(pod.spec.nodeName);
      const deleted = await c.api.pods.deleted.query({ source: a.source });
      expect(deleted.map((d) => d.pod.metadata.name)).toContain("brief");
      const prev = await c.api.logs.get.query({ source: a.source, namespace: "default", name: "crashy", container: "app", previous: true });
      expect(prev).toContain("something broke");
      // The CLI reads it too, as any source.
      const d = await cli("describe", "pod", "crashy", "--source", a.source);
      expect(d.code, d.stderr).toBe(0);
      expect(d.stdout).toMatch(/^Name:\s+crashy$/m);
      // A drain rehearsal starts from it: its node, pods and the moment it was taken.
      const drain = await c.api.drain.simulate.mutate({
        source: a.source,
        request: { nodes: [pod.spec.nodeName!], ignoreDaemonsets: true } as never,
      });
      expect(JSON.stringify(drain.result)).toContain("crashy");

      // The one-pod file is another source; the live node is untouched by either.
      const one = await c.api.sources.openSnapshot.mutate({ json: readFileSync(podFile, "utf8") });
      expect(one.source).not.toBe(a.source);
      expect((await c.api.pods.get.query({ source: "local", namespace: "default", name: "crashy" })).metadata.uid).toBe(pod.metadata.uid);

      expect(await c.api.sources.close.mutate({ source: a.source })).toEqual({ closed: a.source });
      expect((await c.api.sources.list.query()).map((s) => s.id)).not.toContain(a.source);
      await expect(c.api.sources.close.mutate({ source: "local" })).rejects.toThrow(
        `source "local" was not opened from a file: only those can be closed`,
      );
      await c.api.sources.close.mutate({ source: one.source });
    } finally {
      c.close();
    }
  }, 120_000);

  it("refuses truncated, foreign and newer files, saying what and where, and loses nothing", async () => {
    const c = client();
    try {
      const text = readFileSync(nsFile, "utf8");
      const before = (await c.api.sources.list.query()).map((s) => s.id).sort();
      const refusal = async (json: string, fileName: string) => {
        try {
          await c.api.sources.openSnapshot.mutate({ json, fileName });
        } catch (e) {
          return e as Error & { data?: { line?: number; column?: number } };
        }
        throw new Error(`${fileName} was accepted`);
      };
      const cut = text.slice(0, Math.floor(text.length * 0.6));
      const t = await refusal(cut, "cut.json");
      const lines = cut.split("\n");
      expect(t.message).toBe(
        `cut.json: line ${lines.length}, column ${lines[lines.length - 1].length + 1}: not valid JSON: ${/expected .*/.exec(t.message)![0]}`,
      );
      expect(t.message).toMatch(/it looks truncated$/);
      expect(t.data).toMatchObject({ line: lines.length, column: lines[lines.length - 1].length + 1 });
      expect((await refusal(text.replace(`"version": 1`, `"version": 3`), "new.json")).message).toBe(
        "window file version 3 is newer than this podscope reads (1)",
      );
      expect((await refusal(`apiVersion: v1\nkind: Pod\n`, "pod.yaml")).message).toBe(
        "pod.yaml: line 1, column 1: not valid JSON: expected a value (object, array, string, number, true, false or null)",
      );
      expect((await refusal(JSON.stringify({ apiVersion: "v1", kind: "PodList", items: [] }), "list.json")).message).toContain(
        `list.json is not a podscope window file: kind is "PodList"`,
      );
      expect((await c.api.sources.list.query()).map((s) => s.id).sort()).toEqual(before);
    } finally {
      c.close();
    }
  }, 60_000);
});
