// AgentClient against the real API server and the real kubelet node, for the failures the real agent cannot be
// made to show on demand: a stand-in agent — a host process on kubelet-real's node IP behind a hostNetwork pod
// carrying the agent's label, so pods/proxy to the pod reaches it — answers another version, fails on its own,
// or is gone (connection refused). The facts (codes, Status bodies, the API server's words) are the real API
// server's; the real agent's own path is proved in packages/api/test/agent-inspector.test.ts.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_API, AGENT_NAME, AGENT_VERSION } from "@podscope/agent";
import type { Pod } from "@podscope/core";
import { AgentClient, AgentError, agentEndpoint, KubeClient, loadKubeConfig, type AgentEndpoint } from "../src";
import { ensureRealKubelet, stopRealKubelet, type RealKubelet } from "../../runtime/fidelity/cluster";
import { adminClient, eventually, freshNamespace, limitedKubeconfigPath } from "./helpers";

// This helper's own port (the real agent's is AGENT_PORT): the stand-in listens on the node's IP.
const STANDIN_PORT = 7831;

let admin: KubeClient;
let kubelet: RealKubelet;
let ns: string;
let nodeIP: string;
let server: Server | undefined;
/** What the stand-in answers: path → [status, body]. */
let answers: Record<string, [number, unknown]> = {};

const endpoint = (): AgentEndpoint => ({ ...agentEndpoint(ns), port: STANDIN_PORT, timeoutMs: 5_000 });

function agentLikePod(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { "app.kubernetes.io/name": AGENT_NAME } },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": kubelet.nodeName },
      tolerations: [{ key: kubelet.taintKey, operator: "Exists", effect: "NoSchedule" }],
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      ...spec,
    },
  };
}

function listen(): Promise<Server> {
  const s = createServer((req, res) => {
    const [status, body] = answers[(req.url ?? "").split("?")[0]] ?? [
      404,
      { kind: "Status", code: 404, reason: "NotFound", message: "no route" },
    ];
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    s.once("error", reject);
    s.listen(STANDIN_PORT, nodeIP, () => resolve(s));
  });
}

async function agentErrorOf(p: Promise<unknown>): Promise<AgentError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, "an AgentError").toBeInstanceOf(AgentError);
  return e as AgentError;
}

beforeAll(async () => {
  kubelet = ensureRealKubelet();
  admin = adminClient();
  ns = await freshNamespace(admin, "agent-standin");
  await admin.request("POST", `/api/v1/namespaces/${ns}/pods`, {
    body: agentLikePod("standin", {
      hostNetwork: true,
      containers: [{ name: "c", image: "localhost/busybox:latest", imagePullPolicy: "Never", command: ["sleep", "3600"] }],
    }),
  });
  const pod = await eventually(
    "the stand-in pod running on kubelet-real",
    async () => {
      const p = await admin.request<Pod>("GET", `/api/v1/namespaces/${ns}/pods/standin`);
      return p.status?.phase === "Running" && p.status.podIP ? p : undefined;
    },
    120_000,
  );
  nodeIP = pod.status!.podIP!;
  server = await listen();
}, 240_000);

afterAll(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await admin?.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => undefined);
  admin?.close();
  if (kubelet?.startedHere) stopRealKubelet();
}, 120_000);

describe("AgentClient through the real API server, a stand-in agent on kubelet-real", () => {
  it("another version is refused, naming both versions and what to do", async () => {
    answers = { "/v1/version": [200, { agent: AGENT_NAME, version: "9.9.9", api: AGENT_API, node: kubelet.nodeName }] };
    const e = await agentErrorOf(new AgentClient(admin, endpoint()).get(kubelet.nodeName, "/v1/cgroups"));
    expect(e.problem).toBe("versionMismatch");
    expect(e.message).toBe(
      `the podscope agent on node "kubelet-real" (pod ${ns}/standin) is version 9.9.9 speaking API ${AGENT_API}; this podscope is version ${AGENT_VERSION} speaking API ${AGENT_API}: install the agent of this podscope with podscope agent manifest --namespace ${ns} | kubectl apply -f -`,
    );
  });

  it("the right version is served; the agent's own failure (its runtime down) keeps its words, placed on its node", async () => {
    const down = "the container runtime does not answer on /host/run/containerd/containerd.sock (CRI listPodSandbox: connect ENOENT)";
    answers = {
      "/v1/version": [200, { agent: AGENT_NAME, version: AGENT_VERSION, api: AGENT_API, node: kubelet.nodeName }],
      "/v1/cgroups": [503, { kind: "Status", apiVersion: "v1", status: "Failure", code: 503, reason: "ServiceUnavailable", message: down }],
      "/v1/pods/default/web/cgroups": [
        404,
        { kind: "Status", code: 404, reason: "NotFound", message: 'pods "web" not found in namespace "default" on node "kubelet-real"' },
      ],
    };
    const c = new AgentClient(admin, endpoint());
    expect((await c.agentVersion(kubelet.nodeName)).version).toBe(AGENT_VERSION);
    const e = await agentErrorOf(c.get(kubelet.nodeName, "/v1/cgroups"));
    expect(e.problem).toBe("failed");
    expect(e.message).toBe(`the podscope agent on node "kubelet-real" (pod ${ns}/standin) answered 503: ${down}`);
    // A pod the agent does not run is its NotFound, in its words, not an agent failure.
    const nf = await c.get(kubelet.nodeName, "/v1/pods/default/web/cgroups").catch((x: unknown) => x);
    expect(nf).not.toBeInstanceOf(AgentError);
    expect(nf).toMatchObject({ reason: "NotFound", message: 'pods "web" not found in namespace "default" on node "kubelet-real"' });
  });

  it("nothing listening behind the pod: 'not answering' with the API server's words", async () => {
    await new Promise((r) => server!.close(r));
    server = undefined;
    const e = await agentErrorOf(new AgentClient(admin, endpoint()).get(kubelet.nodeName, "/v1/cgroups"));
    expect(e.problem).toBe("notAnswering");
    expect(e.message).toBe(
      `the podscope agent on node "kubelet-real" (pod ${ns}/standin) is not answering: 503 ServiceUnavailable: error trying to reach service: dial tcp ${nodeIP}:${STANDIN_PORT}: connect: connection refused`,
    );
  });

  it("no agent pod on a node: 'no podscope agent' with how to install it", async () => {
    const e = await agentErrorOf(new AgentClient(admin, endpoint()).get("kwok-node-0", "/v1/cgroups"));
    expect(e.problem).toBe("missing");
    expect(e.message).toBe(
      `no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ${ns} | kubectl apply -f - (no pod labelled app.kubernetes.io/name=${AGENT_NAME} runs there in namespace "${ns}")`,
    );
  });

  it("the limited user cannot list the agent's pods: the 403 names list pods in the agent's namespace", async () => {
    const limited = new KubeClient(loadKubeConfig({ path: limitedKubeconfigPath() }));
    try {
      const e = await agentErrorOf(new AgentClient(limited, endpoint()).get(kubelet.nodeName, "/v1/cgroups"));
      expect(e.problem).toBe("forbidden");
      expect(e.code).toBe(403);
      expect(e.message).toBe(
        `you cannot look for the podscope agent on node "kubelet-real": user "podscope-limited" needs list on pods in namespace "${ns}" (RBAC, context "podscope-limited"): pods is forbidden: User "podscope-limited" cannot list resource "pods" in API group "" in the namespace "${ns}"`,
      );
    } finally {
      limited.close();
    }
  });

  it("an agent pod that cannot start: 'not running' with its phase and kubelet's reason", async () => {
    await admin.request("DELETE", `/api/v1/namespaces/${ns}/pods/standin`, { body: { gracePeriodSeconds: 0 } });
    await admin.request("POST", `/api/v1/namespaces/${ns}/pods`, {
      body: agentLikePod("stuck", { containers: [{ name: "agent", image: "localhost/no-such-agent:v1", imagePullPolicy: "Never" }] }),
    });
    const c = new AgentClient(admin, endpoint());
    const e = await eventually(
      "the stuck agent pod reported with kubelet's reason",
      async () => {
        const x = await agentErrorOf(c.get(kubelet.nodeName, "/v1/cgroups"));
        return x.problem === "notReady" && x.message.includes("ErrImageNeverPull") ? x : undefined;
      },
      90_000,
      500,
    );
    expect(e.message).toMatch(
      new RegExp(
        `^the podscope agent on node "kubelet-real" \\(pod ${ns}/stuck\\) is not running: phase Pending, ErrImageNeverPull: .*localhost/no-such-agent:v1`,
      ),
    );
  }, 120_000);
});
