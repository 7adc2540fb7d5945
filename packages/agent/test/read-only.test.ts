// The agent reaches the runtime only through ReadOnlyCri: the wrapper exposes the five read calls and nothing
// else, and serving every route against a full (fake) runtime calls none of its mutating RPCs.
import { describe, expect, it } from "vitest";
import { FakeCri } from "../../runtime/test/fake-cri";
import { busyboxContainer, sandboxConfig, testNodeOptions, removeHome } from "../../runtime/test/cri-fixture";
import { handleAgentRequest } from "../src/handler";
import { readOnlyCri, READ_ONLY_CRI_METHODS } from "../src/cri";
import { agentPodPath } from "../src/paths";

describe("read-only CRI seam", () => {
  it("exposes exactly Version, ListPodSandbox, PodSandboxStatus, ListContainers, ContainerStatus", () => {
    const cri = readOnlyCri(new FakeCri(() => 0));
    expect(Object.keys(cri).sort()).toEqual([...READ_ONLY_CRI_METHODS].sort());
    expect(Object.isFrozen(cri)).toBe(true);
    for (const m of [
      "runPodSandbox",
      "stopPodSandbox",
      "removePodSandbox",
      "createContainer",
      "startContainer",
      "stopContainer",
      "removeContainer",
      "execSync",
      "updateContainerResources",
      "pullImage",
      "removeImage",
    ])
      expect((cri as unknown as Record<string, unknown>)[m], m).toBeUndefined();
  });

  it("every route against a full runtime makes no mutating call", async () => {
    const full = new FakeCri(() => Date.now());
    const node = testNodeOptions("ro");
    try {
      const cfg = { ...sandboxConfig(node, "web", "8f7c0c57-1d0c-4c8e-9a57-3f1c2b7e9d10") };
      cfg.labels = { ...cfg.labels, "io.kubernetes.pod.namespace": "default" };
      const sb = await full.runPodSandbox(cfg);
      const c = await full.createContainer(
        sb,
        { ...busyboxContainer("app", ["sleep", "3600"]), labels: { "io.kubernetes.container.name": "app" } },
        cfg,
      );
      await full.startContainer(c);
      const before = [...full.calls];
      const ctx = { cri: readOnlyCri(full), criSocket: "/fake.sock", nodeName: "n", inspect: {} };
      const paths = [
        "/healthz",
        "/v1/version",
        "/v1/cgroups",
        ...(["cgroups", "namespaces", "processes", "runtime"] as const).map((v) => agentPodPath("default", "web", v)),
      ];
      const statuses = [];
      for (const p of paths)
        for (const method of ["GET", "POST", "DELETE"]) statuses.push((await handleAgentRequest(ctx, method, p)).status);
      // The fake records every mutating call it gets: none came from the agent.
      expect(full.calls).toEqual(before);
      // The runtime route did find the pod through the read calls.
      const rt = await handleAgentRequest(ctx, "GET", agentPodPath("default", "web", "runtime"));
      expect(rt.status).toBe(200);
      expect(JSON.parse(rt.body)).toMatchObject({
        sandbox: { id: sb, state: "SANDBOX_READY" },
        containers: [{ id: c, name: "app", state: "CONTAINER_RUNNING" }],
      });
      expect(statuses.length).toBe(paths.length * 3);
    } finally {
      removeHome(node);
    }
  });
});
