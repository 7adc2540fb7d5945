// Which Kubernetes thing a cgroup path is (pure). Two namings exist:
//   cgroupfs driver: /kubepods[/burstable|/besteffort]/pod<uid>/<container-id>
//   systemd driver:  /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope
// kubelet's --cgroup-root may put either below another cgroup (kind nodes: /kubelet.slice/kubelet-kubepods.slice/…),
// so "kubepods" is recognised at any depth, not only at the top.
import type { CgroupKind, PodMapEntry, PodRef } from "./types";
import { SANDBOX_CONTAINER } from "./types";

export interface CgroupClass {
  kind: CgroupKind;
  podUid?: string;
  pod?: PodRef;
  containerId?: string;
  container?: string;
}

/** Pod map entries indexed for lookups by uid and by container ID. */
export interface PodIndex {
  byUid: Map<string, PodMapEntry>;
}

/** Strips the `<runtime>://` prefix Kubernetes puts on containerStatuses[].containerID. */
export function bareContainerId(id: string): string {
  const i = id.indexOf("://");
  return (i >= 0 ? id.slice(i + 3) : id).toLowerCase();
}

export function indexPodMap(podMap: PodMapEntry[] = []): PodIndex {
  if (!Array.isArray(podMap)) throw new TypeError("podMap must be an array of { uid, namespace, name, sandboxId, containers }");
  const byUid = new Map<string, PodMapEntry>();
  podMap.forEach((p, i) => {
    if (!p || typeof p.uid !== "string" || !p.uid) throw new TypeError(`podMap[${i}]: uid must be a non-empty string`);
    if (typeof p.namespace !== "string" || typeof p.name !== "string") {
      throw new TypeError(`podMap[${i}] (uid ${p.uid}): namespace and name must be strings`);
    }
    if (p.containers !== undefined && !Array.isArray(p.containers)) {
      throw new TypeError(`podMap[${i}] (${p.namespace}/${p.name}): containers must be an array of { id, name }`);
    }
    byUid.set(p.uid.toLowerCase(), p);
  });
  return { byUid };
}

const CONTAINER_ID = /^[0-9a-f]{64}$/;
// systemd-driver scopes: cri-containerd-<id>.scope (containerd), crio-<id>.scope (CRI-O), docker-<id>.scope.
const CONTAINER_SCOPE = /^(?:cri-containerd|crio|docker)-([0-9a-f]{64})\.scope$/;
const CGROUPFS_POD = /^pod([0-9a-fA-F][0-9a-fA-F-]*)$/;
const SYSTEMD_POD = /(?:^|-)kubepods(?:-(?:burstable|besteffort))?-pod([0-9a-fA-F_]+)\.slice$/;
const SYSTEMD_QOS = /(?:^|-)kubepods-(?:burstable|besteffort)\.slice$/;
const SYSTEMD_KUBEPODS = /(?:^|-)kubepods\.slice$/;

type Step = { kind: CgroupKind; podUid?: string; containerId?: string };

function step(seg: string, parent: CgroupKind | null): Step {
  if (seg === "kubepods" || SYSTEMD_KUBEPODS.test(seg)) return { kind: "kubepods" };
  if (parent === "kubepods" && (seg === "burstable" || seg === "besteffort")) return { kind: "qos" };
  if (SYSTEMD_QOS.test(seg)) return { kind: "qos" };
  if (parent === "kubepods" || parent === "qos") {
    const m = CGROUPFS_POD.exec(seg);
    if (m) return { kind: "pod", podUid: m[1].toLowerCase() };
  }
  const s = SYSTEMD_POD.exec(seg);
  if (s) return { kind: "pod", podUid: s[1].replace(/_/g, "-").toLowerCase() };
  if (parent === "pod") {
    if (CONTAINER_ID.test(seg)) return { kind: "container", containerId: seg };
    const c = CONTAINER_SCOPE.exec(seg);
    if (c) return { kind: "container", containerId: c[1] };
  }
  return { kind: "other" };
}

/** Classifies a full cgroup path; `index` resolves pod names and tells the sandbox from app containers. */
export function classifyCgroupPath(path: string, index: PodIndex = { byUid: new Map() }): CgroupClass {
  let parent: CgroupKind | null = null;
  let podUid: string | undefined;
  let containerId: string | undefined;
  let kind: CgroupKind = "other";
  let insidePod = false;
  for (const seg of path.split("/").filter(Boolean)) {
    const s = step(seg, parent);
    kind = s.kind;
    if (s.kind === "pod") {
      podUid = s.podUid;
      containerId = undefined;
      insidePod = true;
    } else if (s.kind === "container") {
      containerId = s.containerId;
    } else if (s.kind === "kubepods" || s.kind === "qos") {
      podUid = undefined;
      containerId = undefined;
      insidePod = false;
    }
    // A cgroup below a container (a process manager's own sub-cgroup) stays "other" but keeps its pod.
    parent = s.kind === "other" && insidePod ? "other" : s.kind;
  }
  const out: CgroupClass = { kind };
  if (podUid) {
    out.podUid = podUid;
    const entry = index.byUid.get(podUid);
    if (entry) out.pod = { namespace: entry.namespace, name: entry.name, uid: entry.uid };
    if (containerId) {
      out.containerId = containerId;
      if (entry && entry.sandboxId && bareContainerId(entry.sandboxId) === containerId) {
        if (kind === "container") out.kind = "sandbox";
        out.container = SANDBOX_CONTAINER;
      } else {
        const c = entry?.containers?.find((x) => bareContainerId(x.id) === containerId);
        if (c) out.container = c.name;
      }
    }
  }
  return out;
}

/** The cgroup name of a pod under each QoS class and driver, relative to the kubepods root. */
export function podCgroupCandidates(
  uid: string,
  cgroupRoot = "/",
): { path: string; driver: "cgroupfs" | "systemd"; qos: "Guaranteed" | "Burstable" | "BestEffort" }[] {
  if (typeof uid !== "string" || !/^[0-9a-fA-F][0-9a-fA-F-]*$/.test(uid)) {
    throw new RangeError(`pod uid ${JSON.stringify(uid)} is not a UID (hex digits and dashes)`);
  }
  const u = uid.toLowerCase();
  const us = u.replace(/-/g, "_");
  const base = cgroupRoot.replace(/\/+$/, "");
  return [
    { path: `${base}/kubepods/pod${u}`, driver: "cgroupfs", qos: "Guaranteed" },
    { path: `${base}/kubepods/burstable/pod${u}`, driver: "cgroupfs", qos: "Burstable" },
    { path: `${base}/kubepods/besteffort/pod${u}`, driver: "cgroupfs", qos: "BestEffort" },
    { path: `${base}/kubepods.slice/kubepods-pod${us}.slice`, driver: "systemd", qos: "Guaranteed" },
    { path: `${base}/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${us}.slice`, driver: "systemd", qos: "Burstable" },
    { path: `${base}/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${us}.slice`, driver: "systemd", qos: "BestEffort" },
  ];
}
