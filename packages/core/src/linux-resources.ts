// A container's resources as the Linux cgroup values kubelet hands the runtime
// (kuberuntime_container_linux.go, cm/helpers_linux.go).
import { bytes, cpuMillis } from "./quantity";
import type { Container, Pod } from "./types";
import { effectiveRequests, qosClass } from "./qos";

export const QUOTA_PERIOD_US = 100_000;
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;
export const SHARES_PER_CPU = 1024;
export const MIN_QUOTA_US = 1000;

/** cpu.shares from a cpu request in millicores (no request → the minimum, 2). */
export function milliCpuToShares(milli: number): number {
  if (milli === 0) return MIN_SHARES;
  const shares = Math.floor((milli * SHARES_PER_CPU) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/** cfs quota from a cpu limit in millicores; 0 means no limit. */
export function milliCpuToQuota(milli: number, periodUs = QUOTA_PERIOD_US): number {
  if (milli === 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((milli * periodUs) / 1000));
}

export interface LinuxContainerResources {
  cpuShares: number;
  cpuQuota: number;
  cpuPeriod: number;
  memoryLimitInBytes: number;
}

export function linuxContainerResources(c: Container): LinuxContainerResources {
  const req = effectiveRequests(c);
  const lim = c.resources?.limits ?? {};
  const cpuReq = req.cpu !== undefined ? cpuMillis(req.cpu) : 0;
  const cpuLim = lim.cpu !== undefined ? cpuMillis(lim.cpu) : 0;
  return {
    cpuShares: milliCpuToShares(cpuReq),
    cpuQuota: milliCpuToQuota(cpuLim),
    cpuPeriod: QUOTA_PERIOD_US,
    memoryLimitInBytes: lim.memory !== undefined ? bytes(lim.memory) : 0,
  };
}

export interface PodCgroupResources {
  cpuShares: number;
  /** 0 = no quota (some container has no cpu limit). */
  cpuQuota: number;
  cpuPeriod: number;
  /** 0 = no limit (some container has no memory limit). */
  memoryLimitInBytes: number;
}

/**
 * The pod-level cgroup values kubelet writes on the pod cgroup (cm ResourceConfigForPod): shares
 * from the pod's cpu request, quota and memory limit only when every container declares that
 * limit. A pod's request/limit is the larger of the sum over its containers and the largest init
 * container (init containers run one at a time, before the others). BestEffort pods get the
 * minimum shares and nothing else.
 */
export function podCgroupResources(pod: Pick<Pod, "spec">): PodCgroupResources {
  const apps = pod.spec.containers;
  const inits = pod.spec.initContainers ?? [];
  const sumMax = (get: (c: Container) => number) =>
    Math.max(
      apps.reduce((a, c) => a + get(c), 0),
      ...inits.map(get),
      0,
    );
  const req = (r: "cpu" | "memory") => (c: Container) => {
    const q = effectiveRequests(c)[r];
    return q === undefined ? 0 : r === "cpu" ? cpuMillis(q) : bytes(q);
  };
  const lim = (r: "cpu" | "memory") => (c: Container) => {
    const q = c.resources?.limits?.[r];
    return q === undefined ? 0 : r === "cpu" ? cpuMillis(q) : bytes(q);
  };
  const all = [...apps, ...inits];
  const cpuLimitsDeclared = all.every((c) => lim("cpu")(c) > 0);
  const memoryLimitsDeclared = all.every((c) => lim("memory")(c) > 0);
  if (qosClass(pod) === "BestEffort") return { cpuShares: MIN_SHARES, cpuQuota: 0, cpuPeriod: QUOTA_PERIOD_US, memoryLimitInBytes: 0 };
  return {
    cpuShares: milliCpuToShares(sumMax(req("cpu"))),
    cpuQuota: cpuLimitsDeclared ? milliCpuToQuota(sumMax(lim("cpu"))) : 0,
    cpuPeriod: QUOTA_PERIOD_US,
    memoryLimitInBytes: memoryLimitsDeclared ? sumMax(lim("memory")) : 0,
  };
}
