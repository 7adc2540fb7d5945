// `podscope agent status` and `podscope cgls --node` against the real cluster, as a user runs them: the agent
// DaemonSet on kubelet-real in a namespace of this test's own (the agent package's deploy helper), a busybox pod
// beside it, and `podscope up --no-local --no-web --agent-namespace NS` over the sandbox kubeconfig — so the flag
// is what points the server at the agent. The KWOK nodes have no agent; the limited user may not list nodes.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AGENT_VERSION } from "@podscope/agent";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployAgent, ok, type AgentDeployment } from "../../agent/test/real-node/deploy";
import { runTestPod } from "../../agent/test/real-node/test-pod";
import { podscope, ROOT, until, type Run } from "./helpers";

const PORT = 7974; // this suite's own (the helper's port base is 7970)
const POD = "cgls-pod";
const SANDBOX = "podscope-sandbox";

let d: AgentDeployment;
let uid: string;
let home: string;
let env: Record<string, string>;
let server: ChildProcess | undefined;
let serverLog = "";

async function cli(...args: string[]): Promise<Run> {
  return podscope(args, env);
}

interface TreeJson {
  path: string;
  children: TreeJson[];
}
function paths(n: TreeJson, out: string[] = []): string[] {
  out.push(n.path);
  for (const c of n.children) paths(c, out);
  return out;
}

beforeAll(async () => {
  // The control plane is shared and never started here (deployAgent says so when it is down).
  d = await deployAgent({ namespacePrefix: "agent-cli" });
  uid = (await runTestPod(d, POD)).metadata.uid!;
  home = mkdtempSync(join(tmpdir(), "podscope-agent-status-"));
  const kubeconfig = /KUBECONFIG=(\S+)/.exec(
    execFileSync("bash", [join(ROOT, "scripts/controlplane.sh"), "env"], { encoding: "utf8" }),
  )![1];
  env = { PODSCOPE_HOME: home, PODSCOPE_PORT: String(PORT), KUBECONFIG: kubeconfig };
  // Its own process group, so stopping it reaches tsx and podscope alike.
  server = spawn(
    join(ROOT, "node_modules/.bin/tsx"),
    [join(ROOT, "packages/cli/src/main.ts"), "up", "--no-web", "--no-local", "--port", String(PORT), "--agent-namespace", d.namespace],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  server.stdout!.on("data", (b) => (serverLog += b));
  server.stderr!.on("data", (b) => (serverLog += b));
  await until(
    "podscope up to serve",
    async () => {
      if (server!.exitCode !== null) throw new Error(`podscope up exited ${server!.exitCode}:\n${serverLog}`);
      return serverLog.includes("podscope API:");
    },
    60_000,
  );
}, 600_000);

afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
  await d?.teardown();
  if (home) rmSync(home, { recursive: true, force: true });
}, 240_000);

describe("podscope agent status", () => {
  it("one row per node: kubelet-real's agent Ready with its version and containerd, the KWOK nodes missing", async () => {
    const r = await cli("agent", "status", "--context", SANDBOX);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = r.stdout.trimEnd().split("\n");
    expect(header.split(/\s{3,}/)).toEqual(["NODE", "AGENT POD", "READY", "VERSION", "RUNTIME", "CGROUP", "PROBLEM"]);
    const rows = new Map(lines.map((l) => l.split(/\s{3,}/)).map((cells) => [cells[0], cells]));
    const real = rows.get(d.nodeName)!;
    expect(real.slice(0, 4)).toEqual([d.nodeName, d.podName, "True", AGENT_VERSION]);
    expect(real[4]).toMatch(/^containerd:\/\/v?\d+\.\d+/);
    expect(["v1", "v2", "hybrid"]).toContain(real[5]);
    expect(real[6]).toBe("<none>");
    const kwok = [...rows.keys()].filter((n) => n.startsWith("kwok-node-"));
    expect(kwok.length).toBeGreaterThan(0);
    for (const n of kwok) expect(rows.get(n)).toEqual([n, "<none>", "<none>", "<none>", "<none>", "<none>", "missing"]);
  }, 60_000);

  it("-o json: the server's rows, runtime containerd, and the missing agent in the views' words", async () => {
    const r = await cli("agent", "status", "--context", SANDBOX, "-o", "json");
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(r.stdout) as {
      namespace: string;
      nodes: {
        node: string;
        pod?: { name: string; ready: boolean };
        agent?: { version: string; runtime: { name: string } };
        problem?: string;
        message?: string;
      }[];
    };
    expect(answer.namespace).toBe(d.namespace);
    const real = answer.nodes.find((n) => n.node === d.nodeName)!;
    expect(real).toMatchObject({
      pod: { name: d.podName, ready: true },
      agent: { version: AGENT_VERSION, runtime: { name: "containerd" } },
    });
    expect(real.problem).toBeUndefined();
    const kwok = answer.nodes.find((n) => n.node === "kwok-node-0")!;
    expect(kwok).toMatchObject({ problem: "missing" });
    expect(kwok.message).toBe(
      `no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ${d.namespace} | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "${d.namespace}")`,
    );
  }, 60_000);

  it("-o wide adds the problem's words as MESSAGE", async () => {
    const r = await cli("agent", "status", "--context", SANDBOX, "-o", "wide");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/PROBLEM\s+MESSAGE$/);
    expect(r.stdout).toMatch(/kwok-node-0\s.*missing\s+no podscope agent on node "kwok-node-0": install it with/);
  }, 60_000);

  it("the limited user: refused in words, naming the permission it lacks, exit 1", async () => {
    const r = await cli("agent", "status", "--context", "podscope-limited");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(
      'Error from server (Forbidden): user "podscope-limited" cannot list nodes cluster-wide (context "podscope-limited", 403 Forbidden)',
    );
  }, 60_000);
});

describe("podscope agent status for a user who may not list nodes", () => {
  it("lists the nodes agent pods run on, with a warning on stderr saying which nodes may be missing and why", async () => {
    // A Role in the agent's namespace only: the agent pods and their proxy, while nodes stay forbidden.
    const rbac = "/apis/rbac.authorization.k8s.io/v1/namespaces";
    await ok(d.api, "POST", `${rbac}/${d.namespace}/roles`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "agent-reader" },
      rules: [
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["pods/proxy"], verbs: ["get"] },
      ],
    });
    await ok(d.api, "POST", `${rbac}/${d.namespace}/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "agent-reader-limited" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "agent-reader" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "podscope-limited" }],
    });
    let r: Run | undefined;
    // RBAC reaches the API server's authorizer within a moment.
    await until("the Role to apply", async () => (r = await cli("agent", "status", "--context", "podscope-limited")).code === 0, 20_000);
    expect(r!.stderr.trim()).toBe(
      'Warning: user "podscope-limited" cannot list nodes cluster-wide (context "podscope-limited", 403 Forbidden): only the nodes that podscope agent pods run on are listed',
    );
    const [header, ...lines] = r!.stdout.trimEnd().split("\n");
    expect(header.split(/\s{3,}/)[0]).toBe("NODE");
    // kubelet-real only: the KWOK nodes have no agent, so this user cannot know of them.
    expect(lines.map((l) => l.split(/\s{3,}/).slice(0, 4))).toEqual([[d.nodeName, d.podName, "True", AGENT_VERSION]]);
    const json = await cli("agent", "status", "--context", "podscope-limited", "-o", "json");
    expect(JSON.parse(json.stdout)).toMatchObject({ namespace: d.namespace, warning: expect.stringContaining("cannot list nodes") });
  }, 60_000);
});

describe("podscope up --agent-namespace", () => {
  it("takes a namespace name only, refused before anything starts", async () => {
    const r = await cli("up", "--no-web", "--no-local", "--port", String(PORT + 1), "--agent-namespace", "Ops_Agents");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: invalid argument "Ops_Agents" for "--agent-namespace" flag: a namespace name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
    );
  }, 60_000);
});

describe("podscope cgls --node", () => {
  it("kubelet-real: the tree's root is the node's kubepods and it holds the test pod's pod<uid> cgroup", async () => {
    const r = await cli("cgls", "--context", SANDBOX, "--node", d.nodeName, "-o", "json");
    expect(r.code, r.stderr).toBe(0);
    const tree = JSON.parse(r.stdout) as TreeJson;
    expect(tree.path).toBe(`${d.kubelet.cgroupRoot.replace(/\/$/, "")}/kubepods`);
    expect(paths(tree).some((p) => p.includes(`pod${uid}`))).toBe(true);
    const text = await cli("cgls", "--context", SANDBOX, "--node", d.nodeName);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`pod${uid}`);
  }, 60_000);

  it("a KWOK node: no podscope agent, in words, exit 1", async () => {
    const r = await cli("cgls", "--context", SANDBOX, "--node", "kwok-node-0");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(
      `Error from server (ServiceUnavailable): no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ${d.namespace} | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "${d.namespace}")`,
    );
  }, 60_000);
});
