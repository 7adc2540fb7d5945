// The kubepods hierarchy on cgroup v2, as kubelet's cgroup manager writes it through libcontainer's
// fs2 manager: every level from the root down to the pod cgroup is created and gets the
// controllers its parent offers enabled in cgroup.subtree_control (v2 has no per-controller
// trees: a controller's files exist in a cgroup only when its parent enabled it); the pod cgroup
// then gets kubelet's pod values — cpu.weight, cpu.max, memory.max, pids.max and
// hugetlb.<size>.max. Paths for both drivers: cgroupfs (/kubepods/besteffort/pod<uid>) and
// systemd (kubepods.slice/…-pod<uid>.slice; kubelet asks systemd to make those, podscope writes
// them itself, which is what systemd ends up doing on the file system).
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { podCgroupPath, podCgroupResources, qosClass, type CgroupDriver, type Pod } from "@podscope/core";

/** cgroup v2 has weights 1..10000 where v1 had shares 2..262144 (the conversion runc and kubelet use). */
export function sharesToWeight(shares: number): number {
  return shares === 0 ? 0 : 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** Controllers kubelet's pods use; the ones a level offers are enabled for the level below. */
export const POD_CONTROLLERS = ["cpu", "io", "memory", "hugetlb", "pids"] as const;

/** kubelet's default pod pids limit (podPidsLimit -1): no limit. */
const DEFAULT_PIDS_MAX = "max";

/** "2048kB" (a /sys/kernel/mm/hugepages entry's size) → "2MB", the name cgroup v2 uses in hugetlb.<size>.max. */
export function hugePageSizeName(kb: number): string {
  const units = ["KB", "MB", "GB", "TB"];
  let v = kb;
  let u = 0;
  while (v >= 1024 && v % 1024 === 0 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v}${units[u]}`;
}

/** The huge page sizes this kernel supports (kB), from /sys/kernel/mm/hugepages. */
export function hostHugePageSizesKb(dir = "/sys/kernel/mm/hugepages"): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((d) => /^hugepages-(\d+)kB$/.exec(d)?.[1])
    .filter((s): s is string => !!s)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The pod cgroup's files and values (pure). Huge pages: kubelet writes a limit for every size the
 * node supports — the pod's hugepages-<size> requests, 0 for the sizes it did not ask for.
 */
export function podCgroupV2Files(pod: Pod, hugePageSizesKb: number[] = []): Record<string, string> {
  const r = podCgroupResources(pod);
  const files: Record<string, string> = {
    "cpu.weight": String(sharesToWeight(r.cpuShares)),
    "cpu.max": `${r.cpuQuota > 0 ? r.cpuQuota : "max"} ${r.cpuPeriod}`,
    "memory.max": r.memoryLimitInBytes > 0 ? String(r.memoryLimitInBytes) : "max",
    "pids.max": DEFAULT_PIDS_MAX,
  };
  for (const kb of hugePageSizesKb) files[`hugetlb.${hugePageSizeName(kb)}.max`] = String(hugePagesRequested(pod, kb));
  return files;
}

/** Bytes of hugepages-<size> the pod's containers request (limits = requests for huge pages). */
function hugePagesRequested(pod: Pod, kb: number): number {
  const key = `hugepages-${hugePageSizeName(kb).replace(/B$/, "i")}`; // hugepages-2Mi
  let total = 0;
  for (const c of pod.spec.containers) {
    const q =
      (c.resources?.limits as Record<string, string | number> | undefined)?.[key] ??
      (c.resources?.requests as Record<string, string | number> | undefined)?.[key];
    if (q !== undefined) total += parseBinaryQuantity(String(q));
  }
  return total;
}

function parseBinaryQuantity(q: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(q.trim());
  if (!m) return 0;
  const mult = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 }[m[2] as "Ki" | "Mi" | "Gi" | "Ti"] ?? 1;
  return Number(m[1]) * mult;
}

export interface V2Target {
  /** Where the cgroup2 hierarchy is mounted (its root cgroup), e.g. /sys/fs/cgroup. */
  mountPoint: string;
  driver: CgroupDriver;
  /** kubelet's --cgroup-root: the cgroup kubepods goes under (default "/"). */
  cgroupRoot?: string;
  /** Default: the host's (/sys/kernel/mm/hugepages). */
  hugePageSizesKb?: number[];
}

export interface V2PodCgroup {
  /** The pod cgroup's path in the hierarchy, e.g. /kubepods/besteffort/pod<uid> (below the cgroup root, if one). */
  path: string;
  dir: string;
  /** Files written with their values. */
  written: Record<string, string>;
  /** Files that could not be written, and why (a controller this hierarchy does not offer). */
  skipped: { file: string; reason: string }[];
  /** Controllers enabled per level (cgroup path → controllers), root first. */
  enabled: { path: string; controllers: string[] }[];
}

async function controllersOf(dir: string): Promise<string[]> {
  return (await readFile(`${dir}/cgroup.controllers`, "utf8")).trim().split(/\s+/).filter(Boolean);
}

/** The pod cgroup and every level above it, with the controllers enabled top-down, then kubelet's pod values. */
export async function writePodCgroupV2(pod: Pod, target: V2Target): Promise<V2PodCgroup> {
  const under = (target.cgroupRoot ?? "/").replace(/\/+$/, "");
  const path = `${under}${podCgroupPath(target.driver, qosClass(pod), pod.metadata.uid ?? "")}`;
  const root = target.mountPoint.replace(/\/+$/, "");
  const parts = path.split("/").filter(Boolean);
  const enabled: V2PodCgroup["enabled"] = [];
  const rootOffers = await controllersOf(root);
  // Each level enables, for the level below, what it offers itself.
  for (let i = 0; i < parts.length; i++) {
    const levelPath = `/${parts.slice(0, i).join("/")}`;
    const levelDir = i === 0 ? root : `${root}/${parts.slice(0, i).join("/")}`;
    await mkdir(`${root}/${parts.slice(0, i + 1).join("/")}`, { recursive: true });
    const offers = await controllersOf(levelDir);
    const want = POD_CONTROLLERS.filter((c) => offers.includes(c));
    for (const c of want) {
      // One write per controller, so a refusal (a level with processes of its own, a threaded
      // subtree) names the controller; kubelet fails the pod cgroup then too.
      try {
        await writeFile(`${levelDir}/cgroup.subtree_control`, `+${c}`);
      } catch (err) {
        throw new Error(`enabling ${c} in ${levelPath}/cgroup.subtree_control: ${(err as Error).message}`, { cause: err });
      }
    }
    enabled.push({ path: levelPath, controllers: want });
  }
  const dir = `${root}/${parts.join("/")}`;
  const written: Record<string, string> = {};
  const skipped: V2PodCgroup["skipped"] = [];
  const files = podCgroupV2Files(pod, target.hugePageSizesKb ?? hostHugePageSizesKb());
  for (const [file, value] of Object.entries(files)) {
    const controller = file.slice(0, file.indexOf("."));
    if (!existsSync(`${dir}/${file}`)) {
      skipped.push({
        file,
        reason: rootOffers.includes(controller)
          ? `${controller} is enabled but ${file} does not exist (kernel without it)`
          : `the ${controller} controller is not in this cgroup2 hierarchy (its root offers: ${rootOffers.join(" ") || "none"}); on a hybrid host a v1 hierarchy holds it`,
      });
      continue;
    }
    await writeFile(`${dir}/${file}`, value);
    written[file] = value;
  }
  return { path, dir, written, skipped, enabled };
}
