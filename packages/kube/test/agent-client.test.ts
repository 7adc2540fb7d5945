// AgentClient over a fake transport (the KubeClient seam): which requests it makes, the version check
// once per agent pod, a replaced pod looked for again, and which failures are the agent's own answer.
// Errors come from the real errorFromResponse, as KubeClient would give them; agent-real.test.ts
// covers the same path through a real API server and a real agent.
import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { AgentClient, AgentError, type AgentEndpoint, type AgentTransport } from "../src/agent";
import { errorFromResponse, type RequestOptions } from "../src";

const endpoint: AgentEndpoint = {
  namespace: "podscope-system",
  selector: "app.kubernetes.io/name=podscope-agent",
  port: 7701,
  api: "v1",
  version: "0.1.0",
};

const agentPod = (name: string, node = "n1"): Pod =>
  ({
    metadata: { name, namespace: "podscope-system", uid: `uid-${name}` },
    spec: { nodeName: node, containers: [] },
    status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
  }) as Pod;

const version = { agent: "podscope-agent", version: "0.1.0", api: "v1", node: "n1" };

type Answer = unknown | { fail: number; body: Record<string, unknown> };

/** A fake API server: LIST answers with `pods()`, proxy GETs with `answer(pod, path)`; every request logged. */
function fakeTransport(pods: () => Pod[], answer: (pod: string, path: string, q?: RequestOptions["query"]) => Answer) {
  const log: string[] = [];
  const transport: AgentTransport = {
    context: "fake",
    request: (async (method: string, path: string, opts: RequestOptions = {}) => {
      const q = opts.query ? `?${new URLSearchParams(opts.query as Record<string, string>).toString()}` : "";
      log.push(`${method} ${path}${q}`);
      if (path === "/api/v1/namespaces/podscope-system/pods") {
        const node = String(opts.query?.fieldSelector).replace("spec.nodeName=", "");
        return { items: pods().filter((p) => p.spec?.nodeName === node), metadata: {} };
      }
      const m = /^\/api\/v1\/namespaces\/podscope-system\/pods\/([^/:]+):7701\/proxy(\/.*)$/.exec(path);
      if (!m) throw new Error(`unexpected request ${path}`);
      const a = answer(m[1], m[2], opts.query);
      if (a && typeof a === "object" && "fail" in a) {
        const f = a as { fail: number; body: Record<string, unknown> };
        throw errorFromResponse(f.fail, JSON.stringify(f.body), "fake", "https://fake.invalid", opts.intent);
      }
      return a;
    }) as AgentTransport["request"],
  };
  return { transport, log };
}

describe("AgentClient", () => {
  it("lists agent pods by label and node, checks the version once per pod, then GETs through pods/proxy", async () => {
    const { transport, log } = fakeTransport(
      () => [agentPod("a1"), agentPod("a2", "n2")],
      (_pod, path) => (path === "/v1/version" ? version : { name: "kubepods" }),
    );
    const c = new AgentClient(transport, endpoint);
    expect(await c.get("n1", "/v1/cgroups")).toEqual({ name: "kubepods" });
    expect(await c.get("n1", "/v1/pods/default/web/cgroups", { uid: "u1" })).toEqual({ name: "kubepods" });
    expect(log).toEqual([
      "GET /api/v1/namespaces/podscope-system/pods?labelSelector=app.kubernetes.io%2Fname%3Dpodscope-agent&fieldSelector=spec.nodeName%3Dn1",
      "GET /api/v1/namespaces/podscope-system/pods/a1:7701/proxy/v1/version",
      "GET /api/v1/namespaces/podscope-system/pods/a1:7701/proxy/v1/cgroups",
      "GET /api/v1/namespaces/podscope-system/pods/a1:7701/proxy/v1/pods/default/web/cgroups?uid=u1",
    ]);
  });

  it("views asked at once share one LIST and one version check", async () => {
    const { transport, log } = fakeTransport(
      () => [agentPod("a1")],
      (_pod, path) => (path === "/v1/version" ? version : { path }),
    );
    const c = new AgentClient(transport, endpoint);
    const views = ["cgroups", "namespaces", "processes"].map((v) => c.get("n1", `/v1/pods/default/web/${v}`));
    expect(await Promise.all(views)).toHaveLength(3);
    expect(log.filter((l) => l.includes("/pods?"))).toHaveLength(1);
    expect(log.filter((l) => l.endsWith("/v1/version"))).toHaveLength(1);
  });

  it("another version is refused with both versions, and asked again next time", async () => {
    let v = { ...version, version: "0.2.0" };
    const { transport, log } = fakeTransport(
      () => [agentPod("a1")],
      (_pod, path) => (path === "/v1/version" ? v : { ok: true }),
    );
    const c = new AgentClient(transport, endpoint);
    const e = await c.get("n1", "/v1/cgroups").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AgentError);
    expect((e as AgentError).problem).toBe("versionMismatch");
    expect((e as AgentError).message).toContain("is version 0.2.0 speaking API v1; this podscope is version 0.1.0 speaking API v1");
    v = version; // the right agent installed
    expect(await c.get("n1", "/v1/cgroups")).toEqual({ ok: true });
    expect(log.filter((l) => l.endsWith("/v1/version"))).toHaveLength(2);
  });

  it("a cached pod that stopped answering is replaced by the one the LIST now gives", async () => {
    let pods = [agentPod("old")];
    const { transport, log } = fakeTransport(
      () => pods,
      (pod, path) => {
        if (pod === "old" && path !== "/v1/version")
          return {
            fail: 404,
            body: {
              kind: "Status",
              code: 404,
              reason: "NotFound",
              message: 'pods "old" not found',
              details: { kind: "pods", name: "old" },
            },
          };
        return path === "/v1/version" ? version : { from: pod };
      },
    );
    const c = new AgentClient(transport, endpoint);
    await c.agentVersion("n1"); // "old" found and checked
    pods = [agentPod("new")];
    expect(await c.get("n1", "/v1/cgroups")).toEqual({ from: "new" });
    expect(log.filter((l) => l.includes("/pods?"))).toHaveLength(2);
  });

  it("no pod on the node: missing; the agent's own 404 passes through as its NotFound", async () => {
    const none = new AgentClient(
      fakeTransport(
        () => [agentPod("a", "n2")],
        () => version,
      ).transport,
      endpoint,
    );
    const e = (await none.get("n1", "/v1/cgroups").catch((x: unknown) => x)) as AgentError;
    expect(e.problem).toBe("missing");

    const notHere = { kind: "Status", code: 404, reason: "NotFound", message: 'pods "web" not found in namespace "default" on node "n1"' };
    const c = new AgentClient(
      fakeTransport(
        () => [agentPod("a1")],
        (_p, path) => (path === "/v1/version" ? version : { fail: 404, body: notHere }),
      ).transport,
      endpoint,
    );
    const own = (await c.get("n1", "/v1/pods/default/web/cgroups").catch((x: unknown) => x)) as AgentError;
    expect(own).not.toBeInstanceOf(AgentError);
    expect(own.reason).toBe("NotFound");
    expect(own.message).toBe(notHere.message);
  });

  it("403 on the proxy is forbidden; 503 is not answering", async () => {
    const forbidden = {
      kind: "Status",
      code: 403,
      reason: "Forbidden",
      message: 'pods "a1" is forbidden: User "u" cannot get resource "pods/proxy" in API group "" in the namespace "podscope-system"',
    };
    const c403 = new AgentClient(
      fakeTransport(
        () => [agentPod("a1")],
        () => ({ fail: 403, body: forbidden }),
      ).transport,
      endpoint,
    );
    const e403 = (await c403.get("n1", "/v1/cgroups").catch((x: unknown) => x)) as AgentError;
    expect(e403.problem).toBe("forbidden");
    expect(e403.message).toContain('user "u" needs get on pods/proxy in namespace "podscope-system"');

    const refused = {
      kind: "Status",
      code: 503,
      reason: "ServiceUnavailable",
      message: "error trying to reach service: connection refused",
    };
    const c503 = new AgentClient(
      fakeTransport(
        () => [agentPod("a1")],
        () => ({ fail: 503, body: refused }),
      ).transport,
      endpoint,
    );
    const e503 = (await c503.get("n1", "/v1/cgroups").catch((x: unknown) => x)) as AgentError;
    expect(e503.problem).toBe("notAnswering");
    expect(e503.message).toContain("error trying to reach service: connection refused");
  });
});
