// A container's resources as the Linux cgroup values kubelet hands the runtime
// (kuberuntime_container_linux.go, cm/helpers_linux.go).
import { bytes, cpuMillis } from "./quantity";
import type { Container } from "./types";
import { effectiveRequests } from "./qos";

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
