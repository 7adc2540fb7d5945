import { describe, expect, it } from "vitest";
import { toUserError } from "../lib/errors";
import { TOKEN_NEEDED } from "../lib/token";

// Errors as the tRPC client hands them over (message + data from the server's error formatter).
describe("server errors in user words", () => {
  it("a missing token says where to get one", () => {
    const e = toUserError({ message: "this action needs the access token: …", data: { code: "UNAUTHORIZED", httpStatus: 401 } });
    expect(e.title).toBe(TOKEN_NEEDED);
    expect(e.detail).toContain("access token");
  });

  it("a manifest error keeps kubectl's words and carries line and column", () => {
    const e = toUserError({
      message: 'error when creating "<input>": unknown field "spec.x"',
      data: { code: "UNPROCESSABLE_CONTENT", line: 9, column: 5 },
    });
    expect(e).toEqual({ title: 'error when creating "<input>": unknown field "spec.x"', line: 9, column: 5 });
  });

  it("an unreachable server is said plainly, with what to check", () => {
    expect(toUserError(new TypeError("Failed to fetch")).title).toBe("The podscope server is not reachable.");
    expect(toUserError({ message: "fetch failed" }).detail).toContain("podscope up");
  });

  it("RBAC refusals are named as such", () => {
    const e = toUserError({ message: 'pods is forbidden: User "dev" cannot list resource "pods"', data: { code: "FORBIDDEN" } });
    expect(e.title).toBe("The cluster refused this request (RBAC).");
    expect(e.detail).toContain("forbidden");
  });

  it("anything else passes its message through, never an empty box", () => {
    expect(toUserError({ message: 'pods "x" not found', data: { code: "NOT_FOUND" } }).title).toBe('pods "x" not found');
    expect(toUserError({}).title).toBe("Something went wrong.");
    expect(toUserError("boom").title).toBe("boom");
  });

  it("a node view that cannot reach the node's agent says which way, keeps the server's words and the install line", () => {
    const message =
      'no podscope agent on node "kwok-node-0": install it with podscope agent manifest | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "podscope-system")';
    const e = toUserError({ message, data: { code: "INTERNAL_SERVER_ERROR", agent: "missing" } });
    expect(e).toEqual({
      title: "No podscope agent on this node",
      detail: message,
      agent: "missing",
      fix: "podscope agent manifest | kubectl apply -f -",
    });
    // A server looking for agents in another namespace names it in the install line: the fix keeps the flag.
    const elsewhere = toUserError({
      message:
        'no podscope agent on node "kwok-node-0": install it with podscope agent manifest --namespace ops-agents | kubectl apply -f - (no pod labelled app.kubernetes.io/name=podscope-agent runs there in namespace "ops-agents")',
      data: { code: "INTERNAL_SERVER_ERROR", agent: "missing" },
    });
    expect(elsewhere.fix).toBe("podscope agent manifest --namespace ops-agents | kubectl apply -f -");
    const gone = toUserError({
      message:
        'the podscope agent on node "n1" (pod ops-agents/podscope-agent-abc) is gone: the pod was deleted; look again in a moment, or install the agent with podscope agent manifest --namespace ops-agents | kubectl apply -f -',
      data: { code: "INTERNAL_SERVER_ERROR", agent: "notAnswering" },
    });
    expect(gone.fix).toBe("podscope agent manifest --namespace ops-agents | kubectl apply -f -");
    // A 403 on pods/proxy is the agent's RBAC, not a generic refusal: the permission named in the words stays.
    const forbidden = toUserError({
      message: 'you cannot read the podscope agent on node "n1": user "dev" needs get on pods/proxy in namespace "podscope-system"',
      data: { code: "FORBIDDEN", agent: "forbidden" },
    });
    expect(forbidden.title).toBe("You may not read this node's podscope agent (RBAC)");
    expect(forbidden.detail).toContain("pods/proxy");
    expect(forbidden.fix).toBeUndefined();
  });
});
