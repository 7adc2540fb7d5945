import { describe, expect, it } from "vitest";
import { linuxContainerResources, milliCpuToQuota, milliCpuToShares } from "../src/linux-resources";

describe("container resources → cgroup values", () => {
  it.each([[0, 2], [1, 2], [100, 102], [250, 256], [1000, 1024], [2000, 2048], [1_000_000, 262144]])("%d millicores → %d shares", (m, s) => expect(milliCpuToShares(m)).toBe(s));
  it.each([[0, 0], [5, 1000], [250, 25000], [1500, 150000]])("%d millicores limit → quota %d", (m, q) => expect(milliCpuToQuota(m)).toBe(q));

  it("uses the limit as request when only the limit is set", () => {
    expect(linuxContainerResources({ name: "a", resources: { limits: { cpu: "500m", memory: "64Mi" } } }))
      .toEqual({ cpuShares: 512, cpuQuota: 50000, cpuPeriod: 100000, memoryLimitInBytes: 64 * 2 ** 20 });
  });
  it("no resources → minimal shares, no quota, no memory limit", () => {
    expect(linuxContainerResources({ name: "a" })).toEqual({ cpuShares: 2, cpuQuota: 0, cpuPeriod: 100000, memoryLimitInBytes: 0 });
  });
});
