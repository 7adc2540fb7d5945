// When the agent cannot start on kubelet-real, the deploy helper says why in words — the pod's state, the
// events, the logs — and leaves nothing behind in the shared cluster (no namespace, no DaemonSet).
import { describe, expect, it } from "vitest";
import { adminApi, call, deployAgent } from "./deploy";

describe("deployAgent when the agent cannot start", () => {
  it("fails with the pod's status and events, and removes what it created", async () => {
    const prefix = "agent-nope";
    const err = await deployAgent({
      namespacePrefix: prefix,
      manifest: { image: "podscope.local/agent:does-not-exist" },
      readyTimeoutMs: 90_000,
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err, "deploying an image the node does not have must fail").toBeInstanceOf(Error);
    expect(err!.message).toMatch(/the podscope agent on kubelet-real (is failing|not Ready)/);
    // imagePullPolicy Never and no such image: the kubelet's own words reach the message.
    expect(err!.message).toContain("ErrImageNeverPull");
    expect(err!.message).toMatch(/events:\n.*podscope\.local\/agent:does-not-exist/s);
    const namespaces = (await call(adminApi(), "GET", "/api/v1/namespaces")).body as {
      items: { metadata: { name: string }; status?: { phase?: string } }[];
    };
    const left = namespaces.items.filter((n) => n.metadata.name.startsWith(`${prefix}-`) && n.status?.phase !== "Terminating");
    expect(left).toEqual([]);
    const daemonSets = (await call(adminApi(), "GET", "/apis/apps/v1/daemonsets")).body as { items: { metadata: { namespace: string } }[] };
    expect(daemonSets.items.filter((d) => d.metadata.namespace.startsWith(`${prefix}-`))).toEqual([]);
  }, 300_000);
});
