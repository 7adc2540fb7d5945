// The words of every way a node view of a cluster pod can fail, and which agent pod serves a node —
// pure functions, no cluster (agent-real.test.ts proves the facts against the real node).
import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import {
  agentFailure,
  agentPodFacts,
  AgentError,
  answeredByAgent,
  chooseAgentPod,
  installLine,
  unscheduledFailure,
  type AgentPlace,
} from "../src/agent";

const place: AgentPlace = { context: "ctx", node: "n1", namespace: "podscope-system", selector: "app.kubernetes.io/name=podscope-agent" };

function agentPod(
  name: string,
  node: string,
  opts: { phase?: string; ready?: boolean; created?: string; deleting?: boolean; waiting?: { reason: string; message?: string } } = {},
): Pod {
  const phase = opts.phase ?? "Running";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "podscope-system",
      uid: `uid-${name}`,
      creationTimestamp: opts.created ?? "2025-01-01T00:00:00Z",
      ...(opts.deleting ? { deletionTimestamp: "2025-01-01T01:00:00Z" } : {}),
    },
    spec: { nodeName: node, containers: [{ name: "agent", image: "podscope-agent" }] },
    status: {
      phase: phase as "Running",
      conditions: [{ type: "Ready", status: opts.ready === false || phase !== "Running" ? "False" : "True" }],
      containerStatuses: [
        {
          name: "agent",
          ready: opts.ready !== false && phase === "Running",
          restartCount: 0,
          image: "podscope-agent",
          imageID: "",
          state: opts.waiting ? { waiting: opts.waiting } : { running: { startedAt: "2025-01-01T00:00:00Z" } },
        },
      ],
    },
  } as Pod;
}

const forbiddenProxy =
  'pods "podscope-agent-abc" is forbidden: User "podscope-limited" cannot get resource "pods/proxy" in API group "" in the namespace "podscope-system"';
const forbiddenList =
  'pods is forbidden: User "podscope-limited" cannot list resource "pods" in API group "" in the namespace "podscope-system"';

describe("agentFailure", () => {
  const running = agentPodFacts(agentPod("podscope-agent-abc", "n1"));

  it("403 on pods/proxy names the user, the verb, the resource and the namespace, and keeps the server's words", () => {
    const e = agentFailure(place, { step: "proxy", pod: running, error: { code: 403, reason: "Forbidden", message: forbiddenProxy } });
    expect(e).toBeInstanceOf(AgentError);
    expect(e.problem).toBe("forbidden");
    expect(e.reason).toBe("Forbidden");
    expect(e.code).toBe(403);
    expect(e.message).toBe(
      `you cannot read the podscope agent on node "n1": user "podscope-limited" needs get on pods/proxy in namespace "podscope-system" (RBAC, context "ctx"): ${forbiddenProxy}`,
    );
  });

  it("403 on listing the agent's pods names list pods", () => {
    const e = agentFailure(place, { step: "list", error: { code: 403, reason: "Forbidden", message: forbiddenList } });
    expect(e.problem).toBe("forbidden");
    expect(e.message).toBe(
      `you cannot look for the podscope agent on node "n1": user "podscope-limited" needs list on pods in namespace "podscope-system" (RBAC, context "ctx"): ${forbiddenList}`,
    );
  });

  it("another failure of the list is the API server's, with its code and reason", () => {
    const e = agentFailure(place, { step: "list", error: { code: 500, reason: "InternalError", message: "etcd is down" } });
    expect(e.problem).toBe("failed");
    expect(e.reason).toBe("InternalError");
    expect(e.code).toBe(500);
    expect(e.message).toBe(
      'cannot look for the podscope agent on node "n1": listing pods in namespace "podscope-system" failed (500 InternalError): etcd is down',
    );
  });

  it("no agent pod on the node says how to install it", () => {
    const e = agentFailure(place, { step: "find" });
    expect(e.problem).toBe("missing");
    expect(e.reason).toBe("ServiceUnavailable");
    expect(e.message).toBe(
      'no podscope agent on node "n1": install it with podscope agent manifest | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "podscope-system")',
    );
  });

  it("an agent looked for in another namespace: every install line names it, so it installs where it is looked for", () => {
    const ops: AgentPlace = { ...place, namespace: "ops-agents" };
    const line = "podscope agent manifest --namespace ops-agents | kubectl apply -f -";
    expect(installLine("ops-agents")).toBe(line);
    expect(installLine("podscope-system")).toBe("podscope agent manifest | kubectl apply -f -");
    expect(agentFailure(ops, { step: "find" }).message).toBe(
      `no podscope agent on node "n1": install it with ${line} (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "ops-agents")`,
    );
    const there = { ...running, namespace: "ops-agents" };
    const gone = agentFailure(ops, {
      step: "proxy",
      pod: there,
      error: { code: 404, reason: "NotFound", message: "gone", details: { kind: "pods", name: there.name } },
    });
    expect(gone.message).toBe(
      `the podscope agent on node "n1" (pod ops-agents/podscope-agent-abc) is gone: the pod was deleted; look again in a moment, or install the agent with ${line}`,
    );
    const old = agentFailure(ops, {
      step: "version",
      pod: there,
      found: { agent: "podscope-agent", api: "v2", version: "0.9.0" },
      expected: { api: "v1", version: "0.1.0" },
    });
    expect(old.message).toBe(
      `the podscope agent on node "n1" (pod ops-agents/podscope-agent-abc) is version 0.9.0 speaking API v2; this podscope is version 0.1.0 speaking API v1: install the agent of this podscope with ${line}`,
    );
  });

  it("an agent pod not running gives its phase, kubectl's status and kubelet's words", () => {
    const pulling = agentPodFacts(
      agentPod("podscope-agent-abc", "n1", {
        phase: "Pending",
        waiting: { reason: "ImagePullBackOff", message: 'Back-off pulling image "podscope-agent:0.1.0"' },
      }),
    );
    const e = agentFailure(place, { step: "find", pod: pulling });
    expect(e.problem).toBe("notReady");
    expect(e.message).toBe(
      'the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is not running: phase Pending, ImagePullBackOff: Back-off pulling image "podscope-agent:0.1.0"',
    );
  });

  it("502/503 through the proxy: the agent is not answering, with the API server's words", () => {
    const msg = "error trying to reach service: dial tcp 192.0.2.2:7701: connect: connection refused";
    const e = agentFailure(place, { step: "proxy", pod: running, error: { code: 503, reason: "ServiceUnavailable", message: msg } });
    expect(e.problem).toBe("notAnswering");
    expect(e.message).toBe(
      `the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is not answering: 503 ServiceUnavailable: ${msg}`,
    );
    const bad = agentFailure(place, { step: "proxy", pod: running, error: { code: 502, message: "bad gateway" } });
    expect(bad.problem).toBe("notAnswering");
    expect(bad.message).toContain("is not answering: 502: bad gateway");
  });

  it("a crashing agent that does not answer says so with its state", () => {
    const crashing = agentPodFacts(
      agentPod("podscope-agent-abc", "n1", {
        ready: false,
        waiting: { reason: "CrashLoopBackOff", message: "back-off 10s restarting failed container" },
      }),
    );
    const e = agentFailure(place, { step: "proxy", pod: crashing, error: { code: 503, message: "connection refused" } });
    expect(e.message).toBe(
      'the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is not answering (pod phase Running, CrashLoopBackOff, not Ready: back-off 10s restarting failed container): 503: connection refused',
    );
  });

  it("no answer in time (code 0) is not answering, without a code", () => {
    const e = agentFailure(place, { step: "proxy", pod: running, error: { code: 0, message: "no answer within 15 s" } });
    expect(e.problem).toBe("notAnswering");
    expect(e.message).toBe(
      'the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is not answering: no answer within 15 s',
    );
  });

  it("a 404 naming the agent pod itself: the pod is gone", () => {
    const e = agentFailure(place, {
      step: "proxy",
      pod: running,
      error: {
        code: 404,
        reason: "NotFound",
        message: 'pods "podscope-agent-abc" not found',
        details: { kind: "pods", name: "podscope-agent-abc" },
      },
    });
    expect(e.problem).toBe("notAnswering");
    expect(e.message).toBe(
      'the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is gone: the pod was deleted; look again in a moment, or install the agent with podscope agent manifest | kubectl apply -f -',
    );
  });

  it("the agent's own failure (its runtime down) is placed on its node, with its code and words", () => {
    const msg = "the container runtime does not answer on /host/run/containerd/containerd.sock (CRI version: connect ENOENT)";
    const e = agentFailure(place, { step: "proxy", pod: running, error: { code: 503, reason: "ServiceUnavailable", message: msg } });
    expect(e.problem).toBe("failed");
    expect(e.reason).toBe("ServiceUnavailable");
    expect(e.message).toBe(`the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) answered 503: ${msg}`);
  });

  it("answeredByAgent tells the agent's Status from the API server failing to reach it", () => {
    expect(answeredByAgent({ code: 503, reason: "ServiceUnavailable", message: "error trying to reach service: dial tcp: refused" })).toBe(
      false,
    );
    expect(answeredByAgent({ code: 503, message: "<html>503</html>" })).toBe(false);
    expect(answeredByAgent({ code: 503, reason: "ServiceUnavailable", message: "the container runtime does not answer" })).toBe(true);
    expect(answeredByAgent({ code: 404, reason: "NotFound", message: 'pods "web" not found in namespace "default" on node "n1"' })).toBe(
      true,
    );
    for (const code of [0, 401, 403, 502, 504]) expect(answeredByAgent({ code, message: "x" })).toBe(false);
  });

  it("another version or API names both and what to do", () => {
    const e = agentFailure(place, {
      step: "version",
      pod: running,
      found: { agent: "podscope-agent", api: "v2", version: "0.9.0" },
      expected: { api: "v1", version: "0.1.0" },
    });
    expect(e.problem).toBe("versionMismatch");
    expect(e.message).toBe(
      'the podscope agent on node "n1" (pod podscope-system/podscope-agent-abc) is version 0.9.0 speaking API v2; this podscope is version 0.1.0 speaking API v1: install the agent of this podscope with podscope agent manifest | kubectl apply -f -',
    );
    const other = agentFailure(place, {
      step: "version",
      pod: running,
      found: { agent: "nginx" },
      expected: { api: "v1", version: "0.1.0" },
    });
    expect(other.message).toContain('answers as "nginx", not as a podscope agent');
  });

  it("a pod with no node yet is unscheduled, not a missing agent", () => {
    const e = unscheduledFailure("ctx", { namespace: "default", name: "web", phase: "Pending" });
    expect(e.problem).toBe("unscheduled");
    expect(e.message).toBe(
      "pod default/web is not scheduled to a node yet (phase Pending): its cgroups, namespaces and processes exist once a node runs it",
    );
  });
});

describe("chooseAgentPod", () => {
  it("ignores pods on other nodes", () => {
    expect(chooseAgentPod([agentPod("a", "n2"), agentPod("b", "n3")], "n1")).toBeUndefined();
    expect(chooseAgentPod([agentPod("a", "n2"), agentPod("b", "n1")], "n1")?.metadata.name).toBe("b");
  });

  it("prefers a Ready pod, then a Running one, over a newer one that is not", () => {
    const pods = [
      agentPod("pending", "n1", { phase: "Pending", created: "2025-01-03T00:00:00Z" }),
      agentPod("unready", "n1", { ready: false, created: "2025-01-02T00:00:00Z" }),
      agentPod("ready", "n1", { created: "2025-01-01T00:00:00Z" }),
    ];
    expect(chooseAgentPod(pods, "n1")?.metadata.name).toBe("ready");
    expect(chooseAgentPod(pods.slice(0, 2), "n1")?.metadata.name).toBe("unready");
  });

  it("a pod being deleted only when there is no other; the newest wins a tie", () => {
    const pods = [agentPod("old", "n1", { deleting: true }), agentPod("new", "n1", { ready: false, phase: "Pending" })];
    expect(chooseAgentPod(pods, "n1")?.metadata.name).toBe("new");
    expect(chooseAgentPod([pods[0]], "n1")?.metadata.name).toBe("old");
    const twins = [agentPod("x", "n1", { created: "2025-01-01T00:00:00Z" }), agentPod("y", "n1", { created: "2025-01-02T00:00:00Z" })];
    expect(chooseAgentPod(twins, "n1")?.metadata.name).toBe("y");
  });
});
