// `podscope logs` on a cluster source, checked against the Go-built kubectl 1.34 on the same control plane:
// real pods on the real kubelet node (kubelet-real, scripts/kubelet.sh), read through the podscope server's
// cluster source (pods/log with the context's credentials). Same lines, same notes on stderr, same
// timestamps; follow, the previous instance, and the refusals (KWOK node, RBAC) in words.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureControlPlane,
  ensureRealKubelet,
  stopControlPlane,
  stopRealKubelet,
  type ControlPlane,
  type RealKubelet,
} from "../../runtime/fidelity/cluster";
import { podscope, ROOT, startServer, until, type Run, type ServerProc } from "./helpers";

const TSX = join(ROOT, "node_modules/.bin/tsx");
let cp: ControlPlane | undefined;
let kubelet: RealKubelet;
let server: ServerProc;
let E: Record<string, string>;
let KUBECTL: string;
const ns = `cli-logs-${Date.now().toString(36)}`;
const CTX = ["--context", "podscope-sandbox", "-n", ns];

/** The real kubectl on the same cluster: its stdout, stderr and exit code. */
function kubectl(...args: string[]): Run {
  const r = spawnSync(KUBECTL, args, { encoding: "utf8", env: { ...process.env, KUBECONFIG: E.KUBECONFIG }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const logs = (...args: string[]) => podscope(["logs", ...args, ...CTX], E);

/** A pod on kubelet-real (tolerating its taint) running shell scripts in the local busybox image. */
function realPod(name: string, containers: Record<string, string>, o: { restartPolicy?: string; annotations?: string } = {}): string {
  return [
    "apiVersion: v1",
    "kind: Pod",
    `metadata: {name: ${name}, namespace: ${ns}${o.annotations ? `, annotations: ${o.annotations}` : ""}}`,
    "spec:",
    `  nodeName: ${kubelet.nodeName}`,
    `  tolerations: [{key: ${kubelet.taintKey}, operator: Exists}]`,
    "  terminationGracePeriodSeconds: 0",
    `  restartPolicy: ${o.restartPolicy ?? "Always"}`,
    "  containers:",
    ...Object.entries(containers).flatMap(([c, script]) => [
      `  - name: ${c}`,
      "    image: localhost/busybox:latest",
      "    imagePullPolicy: Never",
      `    command: [sh, -c, ${JSON.stringify(script)}]`,
    ]),
  ].join("\n");
}

beforeAll(async () => {
  cp = ensureControlPlane();
  KUBECTL = join(cp.bin, "kubectl");
  kubelet = ensureRealKubelet();
  const { kubeconfig } = cp;
  server = await startServer({ port: 7851, env: { KUBECONFIG: kubeconfig }, args: ["--no-local"] });
  E = { ...server.env, KUBECONFIG: kubeconfig };
  expect(kubectl("create", "namespace", ns).code).toBe(0);
  await until("service account default", async () => kubectl("get", "serviceaccount", "default", "-n", ns).code === 0, 60_000);
  const manifests = [
    realPod("done", { app: "echo out-1; echo err-1 >&2; echo out-2", side: "echo side-1" }, { restartPolicy: "Never" }),
    realPod(
      "ann",
      { app: "echo app-1", side: "echo side-1" },
      { restartPolicy: "Never", annotations: "{kubectl.kubernetes.io/default-container: side}" },
    ),
    realPod("tick", { app: 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.3; done' }),
    realPod("crash", { c: 'echo "run $(cat /proc/sys/kernel/random/uuid)"; echo boom >&2; exit 1' }),
    `apiVersion: v1\nkind: Pod\nmetadata: {name: kw, namespace: ${ns}}\nspec:\n  nodeName: kwok-node-0\n  terminationGracePeriodSeconds: 0\n  containers: [{name: app, image: busybox}]`,
  ];
  const a = await podscope(["apply", "-f", "-", "--context", "podscope-sandbox"], E, manifests.join("\n---\n"));
  expect(a.code, a.stderr).toBe(0);
  await until(
    "done and ann Succeeded, tick Running (in podscope's cache too)",
    async () => {
      const r = await podscope(["get", "pods", "-o", "json", ...CTX], E);
      const items = (JSON.parse(r.stdout) as { items: { metadata: { name: string }; status?: { phase?: string } }[] }).items;
      const phase = (n: string) => items.find((p) => p.metadata.name === n)?.status?.phase;
      return phase("done") === "Succeeded" && phase("ann") === "Succeeded" && phase("tick") === "Running";
    },
    120_000,
  );
}, 1_900_000);

afterAll(async () => {
  if (KUBECTL && E) {
    // Every pod of ours goes with the namespace, on kubelet-real and on the KWOK node the drain suite shares.
    kubectl("delete", "namespace", ns, "--wait=false");
    await until("namespace gone", async () => kubectl("get", "namespace", ns).code !== 0, 120_000).catch(() => undefined);
  }
  await server?.stop();
  if (kubelet?.startedHere) stopRealKubelet();
  if (cp?.startedHere) stopControlPlane();
}, 180_000);

describe("podscope logs on a cluster source, as kubectl logs", () => {
  it("defaults to the first container with kubectl's note, or to the annotated one without it", async () => {
    for (const args of [["done"], ["ann"], ["done", "-c", "side"], ["done", "--tail", "1"], ["done", "--timestamps"]]) {
      const want = kubectl("logs", ...args, "-n", ns);
      const got = await logs(...args);
      expect(got.code, `${args.join(" ")}: ${got.stderr}`).toBe(0);
      expect({ args, stdout: got.stdout, stderr: got.stderr }).toEqual({ args, stdout: want.stdout, stderr: want.stderr });
    }
    // The content itself, not only the agreement: both streams, merged.
    const all = await logs("done", "-c", "app");
    expect(all.stdout.split("\n").sort()).toEqual(["", "err-1", "out-1", "out-2"]);
    const ts = await logs("done", "-c", "app", "--timestamps");
    expect(ts.stdout).toMatch(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (out|err)-\d\n){3}$/);
    expect((await logs("done")).stderr).toBe('Defaulted container "app" out of: app, side\n');
  }, 60_000);

  it("--since and --since-time select the lines written from then on, as kubectl's", async () => {
    // The second line's own time (kubectl's --timestamps): from it on, two of the three lines.
    const times = kubectl("logs", "done", "-c", "app", "--timestamps", "-n", ns).stdout.trim().split("\n");
    expect(times).toHaveLength(3);
    const second = times[1].split(" ")[0];
    for (const args of [
      ["done", "-c", "app", "--since-time", second],
      ["done", "-c", "app", "--since-time", second, "--timestamps"],
      ["done", "-c", "app", "--since", "1h"],
    ]) {
      const want = kubectl("logs", ...args, "-n", ns);
      const got = await logs(...args);
      expect(got.code, `${args.join(" ")}: ${got.stderr}`).toBe(0);
      expect({ args, stdout: got.stdout }).toEqual({ args, stdout: want.stdout });
    }
    // To the second: the API's sinceTime is a metav1.Time, in whole seconds — every line of that second stays.
    const sec = (l: string) => Math.floor(Date.parse(l.split(" ")[0]) / 1000);
    expect((await logs("done", "-c", "app", "--since-time", second, "--timestamps")).stdout.trim().split("\n")).toEqual(
      times.filter((l) => sec(l) >= sec(second)),
    );
    // A time after every line: nothing, on both.
    const later = new Date(Date.parse(times[2].split(" ")[0]) + 1000).toISOString();
    expect((await logs("done", "-c", "app", "--since-time", later)).stdout).toBe("");
    expect(kubectl("logs", "done", "-c", "app", "--since-time", later, "-n", ns).stdout).toBe("");
  }, 60_000);

  it("follows: lines written after the start arrive, Ctrl-C ends it with status 0", async () => {
    const p = spawn(TSX, [join(ROOT, "packages/cli/src/main.ts"), "logs", "tick", "-f", "--tail", "1", ...CTX], {
      cwd: ROOT,
      env: { ...process.env, ...E },
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    let errText = "";
    p.stderr.on("data", (d) => (errText += d));
    const ticks = () => out.split("\n").filter((l) => /^tick \d+$/.test(l));
    await until("three lines followed", async () => ticks().length >= 4, 30_000).catch((e) => {
      throw new Error(`${String(e)}; stdout ${JSON.stringify(out)}; stderr ${errText}`);
    });
    const n = ticks().map((l) => Number(l.slice(5)));
    expect(n.slice(0, 4)).toEqual([n[0], n[0] + 1, n[0] + 2, n[0] + 3]);
    const code = await new Promise<number | null>((resolve) => {
      p.once("close", resolve);
      p.kill("SIGINT");
    });
    expect(code, errText).toBe(0);
  }, 60_000);

  it("reads the previous instance after a restart, as kubectl does", async () => {
    const prev = await until(
      "crash restarted, previous readable by both",
      async () => {
        const want = kubectl("logs", "crash", "--previous", "-n", ns);
        const got = await logs("crash", "--previous");
        // A restart between the two reads changes the previous instance: read again until both saw the same one.
        return want.code === 0 && got.code === 0 && got.stdout === want.stdout && got;
      },
      90_000,
    );
    expect(prev.stdout.split("\n").sort()).toEqual(["", "boom", expect.stringMatching(/^run [0-9a-f-]{36}$/)]);
  }, 120_000);

  it("refuses in the API server's words: unknown container, no previous instance", async () => {
    const unknown = await logs("done", "-c", "nope");
    expect(unknown.code).toBe(1);
    // kubectl checks the name itself with the same words ("error: container nope is not valid for pod done").
    expect(unknown.stderr).toBe("Error from server (BadRequest): container nope is not valid for pod done\n");
    const noPrev = await logs("tick", "--previous");
    expect(noPrev.code).toBe(1);
    expect(noPrev.stderr).toBe(kubectl("logs", "tick", "--previous", "-n", ns).stderr);
    expect(noPrev.stderr).toBe('Error from server (BadRequest): previous terminated container "app" in pod "tick" not found\n');
  }, 60_000);

  it("says in words that a KWOK node serves no logs, and names pods/log when RBAC forbids it", async () => {
    const kw = await logs("kw");
    expect(kw.code).toBe(1);
    expect(kw.stderr).toMatch(
      new RegExp(`^Error from server \\(\\w+\\): the log of pod "kw" in namespace "${ns}" cannot be read from its node "kwok-node-0": `),
    );
    expect(kw.stderr).toContain("a node without one (a KWOK node)");
    const limited = await podscope(["logs", "done", "-c", "app", "--context", "podscope-limited", "-n", ns], E);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toBe(
      `Error from server (Forbidden): user "podscope-limited" cannot get pods/log "done" in namespace "${ns}" (context "podscope-limited", 403 Forbidden)\n`,
    );
  }, 60_000);
});
