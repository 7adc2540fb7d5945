// Where the node's kubepods cgroups are: the kubelet's --cgroup-root. The agent is not told it (a DaemonSet
// serves nodes configured differently: kind's nodes use /kubelet, the test node kubelet-real /podscope-kubelet),
// so it reads it from the runtime's record of a pod sandbox: the cgroup parent the kubelet gave the sandbox
// is <cgroup root>/kubepods[/<qos>]/pod<uid> (cgroupfs driver) or kubepods[-<qos>]-pod<uid>.slice (systemd).
import type { PodInspectOptions } from "@podscope/inspect";
import type { ReadOnlyCri } from "./cri";
import { verboseInfo } from "./runtime-info";

/** The cgroup root of a pod's cgroup parent: what comes before its kubepods cgroup ("/" for none); undefined when it names no kubepods. */
export function cgroupRootOfParent(parent: string): string | undefined {
  const parts = parent.split("/").filter(Boolean);
  const at = parts.findIndex((p) => p === "kubepods" || p.startsWith("kubepods.") || p.startsWith("kubepods-"));
  if (at < 0) return undefined;
  return `/${parts.slice(0, at).join("/")}`;
}

/** The kubelet's cgroup root as recorded on a sandbox (CRI PodSandboxStatus, verbose), or undefined when the runtime does not say. */
export async function sandboxCgroupRoot(cri: ReadOnlyCri, sandboxId: string): Promise<string | undefined> {
  // A sandbox gone since it was listed, or a runtime without the record: the default root is the best guess.
  const res = await cri.podSandboxStatus(sandboxId, true).catch(() => null);
  const parent = verboseInfo(res?.info).config?.linux?.cgroup_parent;
  return typeof parent === "string" ? cgroupRootOfParent(parent) : undefined;
}

/** The inspect options with the node's cgroup root, learnt from `sandboxId` unless it is already set. */
export async function withCgroupRoot(cri: ReadOnlyCri, opts: PodInspectOptions, sandboxId: string | undefined): Promise<PodInspectOptions> {
  if (opts.cgroupRoot !== undefined || !sandboxId) return opts;
  const cgroupRoot = await sandboxCgroupRoot(cri, sandboxId);
  return cgroupRoot === undefined ? opts : { ...opts, cgroupRoot };
}
