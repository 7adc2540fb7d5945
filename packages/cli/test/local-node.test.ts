// The CLI contract of issue 2 against the real server and the real local node (containerd through
// CRI, real cgroups and namespaces). Runs as root, as CI does.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import type { CgroupNode, LsnsJson } from "@podscope/inspect";
import { podscope, startServer, until, type ServerProc } from "./helpers";

const BRIDGE = "pscli0";
const env = { PODSCOPE_BRIDGE: BRIDGE, PODSCOPE_POD_SUBNET: "10.219.0.0/24" };
const dir = mkdtempSync(join(tmpdir(), "podscope-cli-files-"));
let server: ServerProc;
let E: Record<string, string>;

const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const cli = (...args: string[]) => podscope(args, E);
const getPod = async (name: string) => JSON.parse((await cli("get", "pod", name, "-o", "json")).stdout) as Pod;
const appWaiting = (p: Pod) => p.status?.containerStatuses?.find((c) => c.name === "app")?.state?.waiting;

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "while true; do echo hello-from-app; sleep 1; done"]
  - name: side
    image: busybox:1.36
    command: ["sleep", "3600"]
`;

beforeAll(async () => {
  expect(process.getuid?.(), "these tests run real pods and need root (CI runs as root)").toBe(0);
  server = await startServer({ port: 17811, env });
  E = { ...server.env, ...env };
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const r = await podscope(["down"], E);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain("local node is down");
  expect(execFileSync("ip", ["-o", "link", "show"]).toString()).not.toContain(`${BRIDGE}:`);
}, 120_000);

describe("podscope CLI on the local node", () => {
  it("applies a two-container pod and shows it Running", async () => {
    const r = await cli("apply", "-f", file("web.yaml", WEB));
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("pod/web created\n");
    expect(r.code).toBe(0);
    const pod = await until("web Running", async () => {
      const g = await cli("get", "pod", "web", "-o", "json");
      const p = JSON.parse(g.stdout) as Pod;
      return p.status?.phase === "Running" && p.status.containerStatuses?.every((c) => c.ready) && p;
    });
    expect(pod.kind).toBe("Pod");
    expect(pod.status?.qosClass).toBe("BestEffort");
    expect(pod.status?.podIP).toMatch(/^10\.219\.0\./);
    const t = await cli("get", "pods");
    expect(t.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(t.stdout).toMatch(/\nweb\s+2\/2\s+Running\s+0\s+\S+\n/);
  }, 90_000);

  it("refuses a pod name that exists, in kubectl's words, and keeps the first pod", async () => {
    const r = await cli("apply", "-f", join(dir, "web.yaml"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Error from server (AlreadyExists): pods "web" already exists`);
    expect((await getPod("web")).status?.phase).toBe("Running");
  }, 30_000);

  it.each([
    ["malformed YAML, with line and column", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n", /line \d+, column \d+/],
    [
      "an unknown field",
      WEB.replace("    image: busybox\n", "    imagee: busybox\n"),
      /strict decoding error: unknown field "spec\.containers\[0\]\.imagee" \(line 9, column 5\)/,
    ],
    [
      "a kind that is not a Pod",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n",
      /runs Pods only .* got apps\/v1 Deployment "d"/,
    ],
    ["an invalid name", WEB.replace("name: web", "name: Web_1"), /The Pod "Web_1" is invalid: \n\* metadata\.name: Invalid value: "Web_1"/],
  ])(
    "rejects %s",
    async (_what, text, message) => {
      const r = await cli("apply", "-f", file("bad.yaml", text));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    },
    30_000,
  );

  it("reads a manifest from stdin", async () => {
    const r = await podscope(
      ["apply", "-f", "-"],
      E,
      WEB.replace("name: web", "name: from-stdin").replace(/command: \["sh".*\n/, 'command: ["sleep", "3600"]\n'),
    );
    expect(r.stdout).toBe("pod/from-stdin created\n");
    const d = await cli("delete", "pod", "from-stdin", "--grace-period", "0");
    expect(d.stdout).toBe(`pod "from-stdin" deleted\n`);
  }, 60_000);

  it("a missing image with imagePullPolicy Never: ErrImageNeverPull in kubelet's words, no pull tried", async () => {
    const image = "registry.example/app:v1";
    const r = await cli(
      "apply",
      "-f",
      file(
        "img.yaml",
        WEB.replace("name: web", "name: noimage").replace("image: busybox\n", `image: ${image}\n    imagePullPolicy: Never\n`),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const w = await until("ErrImageNeverPull", async () => {
      const waiting = appWaiting(await getPod("noimage"));
      return waiting?.reason === "ErrImageNeverPull" && waiting;
    });
    expect(w.message).toBe(`Container image "${image}" is not present with pull policy of Never`);
    const table = await cli("get", "pods");
    expect(table.stdout).toMatch(/noimage\s+1\/2\s+ErrImageNeverPull/);
    const ev = await cli("events", "noimage");
    expect(ev.stdout).toMatch(
      /Warning\s+ErrImageNeverPull\s+pod\/noimage\s+Container image "registry\.example\/app:v1" is not present with pull policy of Never/,
    );
    expect(ev.stdout).not.toContain("Pulling image");
    await cli("delete", "pod", "noimage", "--grace-period", "0");
  }, 60_000);

  it("an unreachable registry: ErrImagePull with the refused connection, then ImagePullBackOff, both in describe", async () => {
    // Nothing listens on port 1: the node's pull through containerd fails at once.
    const image = "127.0.0.1:1/app:v1";
    const refused = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "http://127.0.0.1:1/v2/app/manifests/v1": dial tcp 127.0.0.1:1: connect: connection refused`;
    const r = await cli(
      "apply",
      "-f",
      file("pull.yaml", WEB.replace("name: web", "name: unreachable").replace("image: busybox\n", `image: ${image}\n`)),
    );
    expect(r.code, r.stderr).toBe(0);
    const pulling = await until("ErrImagePull", async () => {
      const waiting = appWaiting(await getPod("unreachable"));
      return waiting?.reason === "ErrImagePull" && waiting;
    });
    expect(pulling.message).toBe(refused);
    const backOff = await until("ImagePullBackOff", async () => {
      const waiting = appWaiting(await getPod("unreachable"));
      return waiting?.reason === "ImagePullBackOff" && waiting;
    });
    expect(backOff.message).toBe(`Back-off pulling image "${image}": ErrImagePull: ${refused}`);
    expect((await cli("get", "pods")).stdout).toMatch(/unreachable\s+1\/2\s+ImagePullBackOff/);
    const d = await cli("describe", "pod", "unreachable");
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/Reason:\s+ImagePullBackOff/);
    expect(d.stdout).toContain(`Back-off pulling image "${image}": ErrImagePull: ${refused}`);
    expect(d.stdout).toContain(`Failed to pull image "${image}": ${refused}`);
    await cli("delete", "pod", "unreachable", "--grace-period", "0");
  }, 90_000);

  it("prints the pod's cgroup tree with pause and both containers under its QoS cgroup", async () => {
    const pod = await getPod("web");
    const r = await cli("cgls", "web", "-o", "json");
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse(r.stdout) as CgroupNode;
    expect(tree.path).toBe(`/kubepods/besteffort/pod${pod.metadata.uid}`);
    expect(tree.kind).toBe("pod");
    const kids = tree.children;
    const sandbox = kids.find((k) => k.kind === "sandbox");
    expect(sandbox?.processes.map((p) => p.command)).toEqual(["/pause"]);
    expect(
      kids
        .filter((k) => k.kind === "container")
        .map((k) => k.container)
        .sort(),
    ).toEqual(["app", "side"]);
    const text = await cli("cgls", "web");
    expect(text.stdout).toContain("/pause");
    expect(text.stdout).toMatch(/├─|└─/);
  }, 30_000);

  it("lists namespaces: containers share net/ipc/uts with pause, each has its own mnt and pid", async () => {
    const r = await cli("lsns", "web", "-o", "json");
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as LsnsJson;
    expect(j.pod).toBe("web");
    const pause = j.processes.find((p) => p.command === "/pause");
    if (!pause) throw new Error(`no /pause process in ${r.stdout}`);
    for (const name of ["app", "side"]) {
      const p = j.processes.find((x) => x.container === name);
      if (!p) throw new Error(`no process of container ${name} in ${r.stdout}`);
      for (const t of ["net", "ipc", "uts"] as const) expect(p.namespaces[t], `${name} ${t}`).toBe(pause.namespaces[t]);
      for (const t of ["mnt", "pid"] as const) expect(p.namespaces[t], `${name} ${t}`).not.toBe(pause.namespaces[t]);
    }
  }, 30_000);

  it("describes the pod, lists its events and reads its logs", async () => {
    const d = await cli("describe", "pod", "web");
    expect(d.stdout).toMatch(/^Name:\s+web$/m);
    expect(d.stdout).toContain("Containers:\n  app:");
    expect(d.stdout).toMatch(/Started\s+\S+\s+kubelet\s+Started container app/);
    const ev = await cli("events", "web");
    expect(ev.stdout).toMatch(/Normal\s+Scheduled\s+pod\/web\s+Successfully assigned default\/web to /);
    const l = await cli("logs", "web", "-c", "app", "--tail", "2");
    expect(l.stdout.trim().split("\n")).toEqual(["hello-from-app", "hello-from-app"]);
    // No -c: kubectl's default (the first container) with its note on stderr, as for a cluster pod.
    const noC = await cli("logs", "web", "--tail", "1");
    expect(noC.code).toBe(0);
    expect(noC.stderr).toContain('Defaulted container "app" out of: app, side');
    expect(noC.stdout.trim()).toBe("hello-from-app");
  }, 30_000);

  it("logs --since-time and --since: the lines written from then on", async () => {
    // The last two lines' own times: from the first of them on, both of them (and any written since). The app
    // writes a line a second, so the line before is in an earlier second (sinceTime counts in whole seconds).
    const stamped = (await cli("logs", "web", "-c", "app", "--timestamps", "--tail", "2")).stdout.trim().split("\n");
    expect(stamped).toHaveLength(2);
    const [first, second] = stamped.map((l) => l.split(" ")[0]);
    const since = (await cli("logs", "web", "-c", "app", "--timestamps", "--since-time", first)).stdout.trim().split("\n");
    expect(since.slice(0, 2).map((l) => l.split(" ")[0])).toEqual([first, second]);
    expect(since.every((l) => Date.parse(l.split(" ")[0]) >= Date.parse(first))).toBe(true);
    // With --tail, the tail is taken first and then the older lines dropped (kubelet's order): at most one line.
    const tailed = (await cli("logs", "web", "-c", "app", "--timestamps", "--tail", "1", "--since-time", first)).stdout.trim().split("\n");
    expect(tailed).toHaveLength(1);
    // --since counts back from now: an hour holds every line, a second fewer than the whole log.
    const all = (await cli("logs", "web", "-c", "app")).stdout.trim().split("\n");
    expect((await cli("logs", "web", "-c", "app", "--since", "1h")).stdout.trim().split("\n").length).toBeGreaterThanOrEqual(all.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await cli("logs", "web", "-c", "app", "--since-time", future)).toMatchObject({ code: 0, stdout: "" });
  }, 30_000);

  it("logs refuses --since and --since-time in kubectl's words", async () => {
    expect(await cli("logs", "web", "--since", "5")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('invalid argument "5" for "--since" flag: time: missing unit in duration "5"'),
    });
    expect(await cli("logs", "web", "--since", "-5s")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("--since must be greater than 0"),
    });
    expect(await cli("logs", "web", "--since", "5s", "--since-time", "2026-01-01T00:00:00Z")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("at most one of `sinceTime` or `sinceSeconds` may be specified"),
    });
    expect(await cli("logs", "web", "--since-time", "yesterday")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('invalid --since-time "yesterday"'),
    });
  }, 30_000);

  it("lists the local images", async () => {
    const r = await cli("image", "ls");
    expect(r.stdout).toMatch(/localhost\/busybox\s+latest/);
    expect(r.stdout).toMatch(/localhost\/pause\s+3\.10/);
  }, 30_000);

  it("needs the right token to change anything, and says so", async () => {
    const r = await podscope(["delete", "pod", "web"], { ...E, PODSCOPE_TOKEN: "not-the-token" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Unauthorized");
    expect((await getPod("web")).metadata.name).toBe("web");
  }, 30_000);

  it("deletes the pod: gone from the list, NotFound afterwards, no cgroup left", async () => {
    const uid = (await getPod("web")).metadata.uid;
    const d = await cli("delete", "pod", "web", "--grace-period", "1");
    expect(d.stdout).toBe(`pod "web" deleted\n`);
    const g = await cli("get", "pod", "web");
    expect(g.code).toBe(1);
    expect(g.stderr.trim()).toBe(`Error from server (NotFound): pods "web" not found`);
    expect(existsSync(`/sys/fs/cgroup/memory/kubepods/besteffort/pod${uid}`)).toBe(false);
  }, 60_000);

  it("says plainly when the server is not running", async () => {
    const r = await podscope(["get", "pods"], { ...E, PODSCOPE_PORT: "1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the podscope server is not running at http://127.0.0.1:1");
  }, 30_000);

  it("rejects unknown flags and commands with exit status 2 or 1 and a message", async () => {
    expect((await cli("get", "pods", "--bogus")).stderr).toContain("unknown flag: --bogus");
    const u = await cli("frobnicate");
    expect(u.code).toBe(2);
    expect(u.stderr).toContain(`unknown command "frobnicate"`);
  }, 30_000);

  it("keeps the bridge until down, and down removes it", async () => {
    expect(execFileSync("ip", ["-o", "link", "show"]).toString()).toContain(`${BRIDGE}:`);
  });
});
