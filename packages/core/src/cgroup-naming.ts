// Cgroup names kubelet gives pods, per QoS class, for both cgroup drivers (cm/cgroup_manager_linux.go,
// cm/qos_container_manager_linux.go). A name is a list of components; each driver renders it its own way:
// cgroupfs joins them as a path, systemd turns every prefix into a nested ".slice".
import type { QOSClass } from "./qos";

export type CgroupDriver = "cgroupfs" | "systemd";
export type CgroupName = string[];

export const ROOT_CGROUP = "kubepods";

/** ["kubepods"] for Guaranteed, ["kubepods","burstable"] / ["kubepods","besteffort"] otherwise. */
export function qosCgroupName(qos: QOSClass): CgroupName {
  if (qos === "Guaranteed") return [ROOT_CGROUP];
  return [ROOT_CGROUP, qos.toLowerCase()];
}

export function podCgroupName(qos: QOSClass, uid: string): CgroupName {
  return [...qosCgroupName(qos), `pod${uid}`];
}

/** cgroupfs: "/kubepods/burstable/pod<uid>". */
export function toCgroupfs(name: CgroupName): string {
  return "/" + name.join("/");
}

/** systemd escapes "-" in a component as "_" because "-" separates the slice hierarchy. */
function escapeSystemd(part: string): string {
  return part.replace(/-/g, "_");
}

/** systemd: "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_>.slice". */
export function toSystemd(name: CgroupName): string {
  if (name.length === 0) return "/";
  const slices: string[] = [];
  let prefix = "";
  for (const part of name) {
    prefix = prefix ? `${prefix}-${escapeSystemd(part)}` : escapeSystemd(part);
    slices.push(`${prefix}.slice`);
  }
  return "/" + slices.join("/");
}

export function podCgroupPath(driver: CgroupDriver, qos: QOSClass, uid: string): string {
  const name = podCgroupName(qos, uid);
  return driver === "systemd" ? toSystemd(name) : toCgroupfs(name);
}

/**
 * A container's (or the sandbox's) cgroup below its pod cgroup, as containerd names it: the
 * container id itself with cgroupfs, a "cri-containerd-<id>.scope" unit with systemd.
 */
export function containerCgroupPath(
  driver: CgroupDriver,
  podCgroup: string,
  containerId: string,
  runtimePrefix = "cri-containerd",
): string {
  const leaf = driver === "systemd" ? `${runtimePrefix}-${containerId}.scope` : containerId;
  return `${podCgroup.replace(/\/$/, "")}/${leaf}`;
}

/** The pod uid and QoS class a cgroup path belongs to, for either driver, or undefined. */
export function parsePodCgroup(path: string): { uid: string; qos: QOSClass } | undefined {
  const fs = /(?:^|\/)kubepods(?:\/(burstable|besteffort))?\/pod([0-9a-fA-F-]+)(?:\/|$)/.exec(path);
  if (fs) return { uid: fs[2], qos: fs[1] === "burstable" ? "Burstable" : fs[1] === "besteffort" ? "BestEffort" : "Guaranteed" };
  const sd = /kubepods(?:-(burstable|besteffort))?-pod([0-9a-fA-F_]+)\.slice/.exec(path);
  if (sd)
    return {
      uid: sd[2].replace(/_/g, "-"),
      qos: sd[1] === "burstable" ? "Burstable" : sd[1] === "besteffort" ? "BestEffort" : "Guaranteed",
    };
  return undefined;
}
