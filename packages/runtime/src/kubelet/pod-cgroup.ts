// The pod cgroup with kubelet's pod-level values, written before the sandbox is run (kubelet's
// pod container manager does this too; runc would otherwise create the directory bare when it
// places the sandbox below it). cgroup v1: cpu.shares / cfs quota / memory limit in the cpu and
// memory hierarchies; cgroup v2: the kubepods chain with controllers enabled, then cpu.weight /
// cpu.max / memory.max / pids.max / hugetlb (../cgroup/v2-writer.ts).
import { mkdir, writeFile } from "node:fs/promises";
import { podCgroupPath, podCgroupResources, qosClass, type Pod } from "@podscope/core";
import { controllerDir, detectCgroupLayout } from "@podscope/inspect";
import { removeCgroupTree } from "../containerd/host";
import { writePodCgroupV2 } from "../cgroup/v2-writer";

export async function writePodCgroup(pod: Pod): Promise<string> {
  const path = podCgroupPath("cgroupfs", qosClass(pod), pod.metadata.uid ?? "");
  const r = podCgroupResources(pod);
  const layout = await detectCgroupLayout();
  if (layout.version === "v2") {
    // The whole kubepods chain with its controllers enabled, then the pod's values (v2-writer.ts).
    const mountPoint = controllerDir(layout, "", "/");
    if (!mountPoint) throw new Error(`no cgroup2 directory for ${path}`);
    await writePodCgroupV2(pod, { mountPoint, driver: "cgroupfs" });
    return path;
  }
  const cpu = controllerDir(layout, "cpu", path);
  if (cpu) {
    await mkdir(cpu, { recursive: true });
    await writeFile(`${cpu}/cpu.shares`, String(r.cpuShares));
    await writeFile(`${cpu}/cpu.cfs_period_us`, String(r.cpuPeriod));
    await writeFile(`${cpu}/cpu.cfs_quota_us`, r.cpuQuota > 0 ? String(r.cpuQuota) : "-1");
  }
  const mem = controllerDir(layout, "memory", path);
  if (mem) {
    await mkdir(mem, { recursive: true });
    if (r.memoryLimitInBytes > 0) await writeFile(`${mem}/memory.limit_in_bytes`, String(r.memoryLimitInBytes));
  }
  return path;
}

/** The pod's host side besides the runtime: its cgroup (kubelet's pod container manager). */
export interface PodHost {
  ensurePodCgroup(pod: Pod): Promise<unknown>;
  /** Returns what could not be removed (still busy). */
  removePodCgroup(pod: Pod): string[];
}

export const realPodHost: PodHost = {
  ensurePodCgroup: writePodCgroup,
  removePodCgroup: (pod) => removeCgroupTree(podCgroupPath("cgroupfs", qosClass(pod), pod.metadata.uid ?? "")).busy,
};
