import { describe, expect, it } from "vitest";
import { linuxContainerResources, milliCpuToQuota, milliCpuToShares, podCgroupResources } from "../src/linux-resources";
import type { Container, PodSpec, ResourceRequirements } from "../src/types";

describe("container resources → cgroup values", () => {
  it.each([
    [0, 2],
    [1, 2],
    [100, 102],
    [250, 256],
    [1000, 1024],
    [2000, 2048],
    [1_000_000, 262144],
  ])("%d millicores → %d shares", (m, s) => expect(milliCpuToShares(m)).toBe(s));
  it.each([
    [0, 0],
    [5, 1000],
    [250, 25000],
    [1500, 150000],
  ])("%d millicores limit → quota %d", (m, q) => expect(milliCpuToQuota(m)).toBe(q));

  it("uses the limit as request when only the limit is set", () => {
    expect(linuxContainerResources({ name: "a", resources: { limits: { cpu: "500m", memory: "64Mi" } } })).toEqual({
      cpuShares: 512,
      cpuQuota: 50000,
      cpuPeriod: 100000,
      memoryLimitInBytes: 64 * 2 ** 20,
    });
  });
  it("no resources → minimal shares, no quota, no memory limit", () => {
    expect(linuxContainerResources({ name: "a" })).toEqual({ cpuShares: 2, cpuQuota: 0, cpuPeriod: 100000, memoryLimitInBytes: 0 });
  });
});

describe("pod cgroup values", () => {
  const c = (name: string, resources?: ResourceRequirements): Container => ({ name, ...(resources ? { resources } : {}) });
  it.each<[string, PodSpec, { cpuShares: number; cpuQuota: number; memoryLimitInBytes: number }]>([
    ["BestEffort: minimum shares only", { containers: [c("a")] }, { cpuShares: 2, cpuQuota: 0, memoryLimitInBytes: 0 }],
    [
      "Guaranteed: sums of both containers",
      { containers: [c("a", { limits: { cpu: "250m", memory: "32Mi" } }), c("b", { limits: { cpu: "250m", memory: "32Mi" } })] },
      { cpuShares: 512, cpuQuota: 50000, memoryLimitInBytes: 64 * 2 ** 20 },
    ],
    [
      "Burstable, one container without memory limit: no pod memory limit",
      { containers: [c("a", { limits: { cpu: "1", memory: "32Mi" } }), c("b", { requests: { cpu: "500m" }, limits: { cpu: "1" } })] },
      { cpuShares: 1536, cpuQuota: 200000, memoryLimitInBytes: 0 },
    ],
    [
      "an init container larger than the app sets the pod's figure",
      { initContainers: [c("i", { limits: { cpu: "2", memory: "1Gi" } })], containers: [c("a", { limits: { cpu: "1", memory: "64Mi" } })] },
      { cpuShares: 2048, cpuQuota: 200000, memoryLimitInBytes: 2 ** 30 },
    ],
  ])("%s", (_t, spec, want) => expect(podCgroupResources({ spec })).toEqual({ ...want, cpuPeriod: 100000 }));
});
