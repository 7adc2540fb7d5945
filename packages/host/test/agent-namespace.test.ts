// The agent's namespace, end to end through the host: the podscope agent DaemonSet deployed on kubelet-real in a
// namespace of this test's own (not podscope-system), a busybox pod beside it, and two real podscope servers
// (no local node, no web UI) over the sandbox kubeconfig: one told the namespace by PODSCOPE_AGENT_NAMESPACE,
// which reaches the agent through pods/proxy for the pod's cgroup tree; one left at the default, which finds
// no agent on the node and says so. `podscope up --agent-namespace` is the CLI test's (agent-status.test.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployAgent, type AgentDeployment } from "../../agent/test/real-node/deploy";
import { runTestPod } from "../../agent/test/real-node/test-pod";
import { startPodscope, type Podscope } from "../src";

const ROOT = resolve(__dirname, "../../..");
const PORT = 7970; // this suite's own ports: 7970 and 7972
const POD = "looked-at";
const CONTEXT = "podscope-sandbox";

let d: AgentDeployment;
let home: string;
let uid: string;
const servers: Podscope[] = [];
const saved = { KUBECONFIG: process.env.KUBECONFIG, PODSCOPE_AGENT_NAMESPACE: process.env.PODSCOPE_AGENT_NAMESPACE };

function restore(name: keyof typeof saved): void {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
}

/** A podscope server as `podscope up --no-local --no-web` starts it, with the environment it is given. */
async function start(port: number, env: { PODSCOPE_AGENT_NAMESPACE?: string }): Promise<Podscope> {
  if (env.PODSCOPE_AGENT_NAMESPACE) process.env.PODSCOPE_AGENT_NAMESPACE = env.PODSCOPE_AGENT_NAMESPACE;
  else delete process.env.PODSCOPE_AGENT_NAMESPACE;
  try {
    const p = await startPodscope({ home: mkdtempSync(join(home, "h-")), port, web: false, local: false });
    servers.push(p);
    return p;
  } finally {
    restore("PODSCOPE_AGENT_NAMESPACE");
  }
}

/** A read through the server's HTTP API (no token: reads need none on loopback), as the CLI and the web do. */
async function query(
  p: Podscope,
  path: string,
  input: unknown,
): Promise<{ data?: unknown; error?: { message: string; data?: { agent?: string } } }> {
  const r = await fetch(`${p.api.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await r.json()) as { result?: { data: unknown }; error?: { message: string; data?: { agent?: string } } };
  return body.result ? { data: body.result.data } : { error: body.error };
}

function paths(n: { path: string; children: unknown[] }, out: string[] = []): string[] {
  out.push(n.path);
  for (const c of n.children as { path: string; children: unknown[] }[]) paths(c, out);
  return out;
}

beforeAll(async () => {
  // The control plane is shared and never started here (deployAgent says so when it is down).
  d = await deployAgent({ namespacePrefix: "agent-host" });
  process.env.KUBECONFIG = /KUBECONFIG=(\S+)/.exec(
    execFileSync("bash", [join(ROOT, "scripts/controlplane.sh"), "env"], { encoding: "utf8" }),
  )![1];
  home = mkdtempSync(join(tmpdir(), "podscope-agent-ns-"));
  uid = (await runTestPod(d, POD)).metadata.uid!;
}, 600_000);

afterAll(async () => {
  for (const p of servers) await p.stop();
  restore("KUBECONFIG");
  await d?.teardown();
  if (home) rmSync(home, { recursive: true, force: true });
}, 240_000);

describe("the podscope agent's namespace, from the environment to every cluster source", () => {
  it("PODSCOPE_AGENT_NAMESPACE: the cluster source finds the agent there and reads the pod's cgroups through it", async () => {
    const p = await start(PORT, { PODSCOPE_AGENT_NAMESPACE: d.namespace });
    const r = await query(p, "inspect.cgroups", { source: `kube:${CONTEXT}`, namespace: d.namespace, name: POD });
    expect(r.error?.message).toBeUndefined();
    const tree = r.data as { path: string; children: unknown[] };
    expect(tree.path).toContain(`pod${uid}`);
    expect(paths(tree).length, "the pod's cgroup and its containers'").toBeGreaterThan(1);
  }, 60_000);

  it("left at the default namespace, the same pod's node has no agent, in words", async () => {
    const p = await start(PORT + 2, {});
    const r = await query(p, "inspect.cgroups", { source: `kube:${CONTEXT}`, namespace: d.namespace, name: POD });
    expect(r.data).toBeUndefined();
    expect(r.error?.data?.agent).toBe("missing");
    expect(r.error?.message).toBe(
      `no podscope agent on node "${d.kubelet.nodeName}": install it with podscope agent manifest | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "podscope-system")`,
    );
  }, 60_000);
});
