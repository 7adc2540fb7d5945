// AgentClient.status — every node's agent in one answer (`podscope agent status`). For real: the agent DaemonSet
// on kubelet-real (the agent package's deploy helper, a namespace of this test's own), a KWOK node beside it with
// none, and the limited user who may not list the agent's pods. Over a fake transport: what a real cluster will
// not show on demand (another version, an agent not answering, a pod still starting), with the same words the
// views get — the status rows carry the client's own AgentErrors, never words of their own.
import { AGENT_API, AGENT_VERSION } from "@podscope/agent";
import type { Pod } from "@podscope/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentEndpoint,
  AgentClient,
  errorFromResponse,
  KubeClient,
  loadKubeConfig,
  type AgentTransport,
  type RequestOptions,
} from "../src";
import { deployAgent, type AgentDeployment } from "../../agent/test/real-node/deploy";
import { adminClient, limitedKubeconfigPath } from "./helpers";

describe("AgentClient.status on the real cluster", () => {
  let d: AgentDeployment;
  let admin: KubeClient;

  beforeAll(async () => {
    d = await deployAgent({ namespacePrefix: "agent-status" });
    admin = adminClient();
  }, 600_000);

  afterAll(async () => {
    admin?.close();
    await d?.teardown();
  }, 240_000);

  it("kubelet-real: the agent pod Ready, its version, containerd and the cgroup mode; a KWOK node: missing, in the views' words", async () => {
    const [real, kwok] = await new AgentClient(admin, agentEndpoint(d.namespace)).status([d.nodeName, "kwok-node-0"]);
    expect(real).toMatchObject({
      node: d.nodeName,
      pod: { namespace: d.namespace, name: d.podName, ready: true, status: "Running" },
      agent: { version: AGENT_VERSION, api: AGENT_API, runtime: { name: "containerd" } },
    });
    expect(real.agent?.runtime.version).toMatch(/^v?\d+\.\d+/);
    expect(["v1", "v2", "hybrid"]).toContain(real.agent?.cgroup?.mode);
    expect(real.problem).toBeUndefined();
    expect(kwok).toEqual({
      node: "kwok-node-0",
      problem: "missing",
      summary: "missing",
      message: `no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ${d.namespace} | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "${d.namespace}")`,
    });
  });

  it("the limited user: every node forbidden, the words naming list on pods in the agent's namespace", async () => {
    const limited = new KubeClient(loadKubeConfig({ path: limitedKubeconfigPath() }));
    try {
      const rows = await new AgentClient(limited, agentEndpoint(d.namespace)).status([d.nodeName, "kwok-node-0"]);
      expect(rows.map((r) => [r.node, r.problem, r.summary])).toEqual([
        [d.nodeName, "forbidden", "forbidden"],
        ["kwok-node-0", "forbidden", "forbidden"],
      ]);
      expect(rows[0].message).toBe(
        `you cannot look for the podscope agent on node "${d.nodeName}": user "podscope-limited" needs list on pods in namespace "${d.namespace}" (RBAC, context "podscope-limited"): pods is forbidden: User "podscope-limited" cannot list resource "pods" in API group "" in the namespace "${d.namespace}"`,
      );
    } finally {
      limited.close();
    }
  });
});

const NS = "podscope-system";
const endpoint = { ...agentEndpoint(NS), timeoutMs: 1_000 };

function agentPod(name: string, node: string, status: Pod["status"]): Pod {
  return { metadata: { name, namespace: NS, uid: `uid-${name}` }, spec: { nodeName: node, containers: [] }, status } as Pod;
}
const running: Pod["status"] = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };

/** A fake API server: one LIST for every node (no field selector), proxy GETs answered per pod; requests logged. */
function fake(pods: Pod[], answer: (pod: string) => unknown) {
  const log: string[] = [];
  const transport: AgentTransport = {
    context: "fake",
    request: (async (method: string, path: string, opts: RequestOptions = {}) => {
      log.push(`${method} ${path} ${JSON.stringify(opts.query ?? {})}`);
      if (path === `/api/v1/namespaces/${NS}/pods`) return { items: pods, metadata: {} };
      const pod = /\/pods\/([^/:]+):\d+\/proxy\/v1\/version$/.exec(path)?.[1];
      if (!pod) throw new Error(`unexpected request ${path}`);
      const a = answer(pod);
      if (a && typeof a === "object" && "fail" in a) {
        const f = a as { fail: number; body: unknown };
        throw errorFromResponse(f.fail, JSON.stringify(f.body), "fake", "https://fake.invalid", opts.intent);
      }
      return a;
    }) as AgentTransport["request"],
  };
  return { transport, log };
}

describe("AgentClient.status over a fake API server", () => {
  it("one LIST for all nodes; another version shown with what it answered; not answering and not running in the client's words", async () => {
    const { transport, log } = fake(
      [
        agentPod("a-old", "n1", running),
        agentPod("a-gone", "n2", running),
        agentPod("a-pulling", "n3", {
          phase: "Pending",
          containerStatuses: [
            {
              name: "agent",
              ready: false,
              restartCount: 0,
              image: "",
              imageID: "",
              state: { waiting: { reason: "ErrImageNeverPull", message: "image not present" } },
            },
          ],
        }),
      ],
      (pod) =>
        pod === "a-old"
          ? {
              agent: "podscope-agent",
              version: "0.0.9",
              api: "v1",
              node: "n1",
              runtime: { name: "containerd", version: "1.7.0" },
              cgroup: { version: 2, mode: "v2" },
            }
          : {
              fail: 503,
              body: {
                kind: "Status",
                code: 503,
                reason: "ServiceUnavailable",
                message: "error trying to reach service: dial tcp 10.0.0.2:7701: connect: connection refused",
              },
            },
    );
    const [n1, n2, n3] = await new AgentClient(transport, endpoint).status(["n1", "n2", "n3"]);
    expect(log.filter((l) => l.startsWith(`GET /api/v1/namespaces/${NS}/pods `))).toEqual([
      `GET /api/v1/namespaces/${NS}/pods {"labelSelector":"app.kubernetes.io/name=podscope-agent"}`,
    ]);
    expect(n1).toMatchObject({
      pod: { name: "a-old", ready: true },
      agent: { version: "0.0.9", runtime: { name: "containerd" }, cgroup: { mode: "v2" } },
      problem: "versionMismatch",
      summary: "other version",
    });
    expect(n1.message).toContain(`is version 0.0.9 speaking API v1; this podscope is version ${AGENT_VERSION} speaking API v1`);
    expect(n2).toMatchObject({ pod: { name: "a-gone" }, problem: "notAnswering", summary: "not answering" });
    expect(n2.agent).toBeUndefined();
    expect(n2.message).toContain('the podscope agent on node "n2" (pod podscope-system/a-gone) is not answering');
    expect(n3).toMatchObject({
      pod: { name: "a-pulling", ready: false, status: "ErrImageNeverPull" },
      problem: "notReady",
      summary: "not ready",
    });
    expect(n3.message).toBe(
      'the podscope agent on node "n3" (pod podscope-system/a-pulling) is not running: phase Pending, ErrImageNeverPull: image not present',
    );
    // Not one proxy GET to a pod that is not running.
    expect(log.some((l) => l.includes("a-pulling:"))).toBe(false);
  });
});
