// A pod's requests and limits as the scheduler counts them: sidecars run beside the app containers, an ordinary
// init container runs alone beside the sidecars started before it, overhead on top.
import { describe, expect, it } from "vitest";
import { podLimits, podRequests, type Pod } from "../src";

const spec = (s: Partial<Pod["spec"]> & Record<string, unknown>) => ({ spec: { containers: [], ...s } as Pod["spec"] });

describe("pod requests and limits", () => {
  it("sums app containers; a limit without a request counts as the request", () => {
    const p = spec({
      containers: [
        { name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" } } },
        { name: "b", resources: { limits: { cpu: "1", memory: "1Gi" } } },
      ],
    });
    expect(podRequests(p)).toEqual({ cpu: 1250, memory: 64 * 2 ** 20 + 2 ** 30 });
    expect(podLimits(p)).toEqual({ cpu: 1000, memory: 2 ** 30 });
  });

  it("takes the larger of the running set (apps + sidecars) and each init container beside the sidecars before it", () => {
    const p = spec({
      initContainers: [
        { name: "sidecar", restartPolicy: "Always", resources: { requests: { cpu: "100m" } } },
        { name: "migrate", resources: { requests: { cpu: "2" } } },
      ],
      containers: [{ name: "app", resources: { requests: { cpu: "500m" } } }],
    });
    expect(podRequests(p).cpu).toBe(2100);
    const small = spec({
      ...p.spec,
      initContainers: [p.spec.initContainers![0], { name: "migrate", resources: { requests: { cpu: "200m" } } }],
    });
    expect(podRequests(small).cpu).toBe(600);
  });

  it("adds the RuntimeClass overhead", () => {
    expect(
      podRequests(
        spec({ containers: [{ name: "a", resources: { requests: { memory: "1Mi" } } }], overhead: { memory: "1Mi", cpu: "10m" } }),
      ),
    ).toEqual({ cpu: 10, memory: 2 * 2 ** 20 });
  });
});
