// Pod → CRI PodSandboxConfig, as kubelet builds it (kuberuntime_sandbox.go generatePodSandboxConfig).
import { podCgroupPath, qosClass, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import { MANAGED_LABEL, POD_ANNOTATION, POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL } from "./labels";
import { podPortMappings } from "../ports/port-mappings";

/** Where a pod's things live on the host. */
export interface PodPaths {
  /** <kubeletDir>/pods/<uid> (kubelet: /var/lib/kubelet/pods/<uid>): volumes and the worker's state file. */
  podDir: string;
  /** Container logs: <logDir>/<container>/<restartCount>.log (kubelet: /var/log/pods/<ns>_<name>_<uid>). */
  logDir: string;
}

export function podPaths(kubeletDir: string, logsDir: string, pod: Pod): PodPaths {
  const { namespace, name, uid } = pod.metadata;
  return { podDir: `${kubeletDir}/pods/${uid}`, logDir: `${logsDir}/${namespace}_${name}_${uid}` };
}

export function emptyDirPath(paths: PodPaths, volume: string): string {
  return `${paths.podDir}/volumes/kubernetes.io~empty-dir/${volume}`;
}

/** The pid namespace mode: one per container, unless the pod shares it (then pause is its PID 1). */
export function pidMode(pod: Pod): CRI.NamespaceMode {
  return pod.spec.shareProcessNamespace ? "POD" : "CONTAINER";
}

/** The pod as stored on its sandbox: metadata and spec, no status (status is rebuilt from the runtime). */
export function podAnnotationValue(pod: Pod): string {
  return JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: pod.metadata, spec: pod.spec });
}

/** `attempt` counts sandboxes of the pod: a replacement needs a new one (containerd reserves name_ns_uid_attempt). */
export function sandboxConfig(pod: Pod, paths: PodPaths, attempt = 0): CRI.PodSandboxConfig {
  const { name = "", namespace = "default", uid = "" } = pod.metadata;
  return {
    metadata: { name, namespace, uid, attempt },
    hostname: pod.spec.hostname ?? name.slice(0, 63),
    log_directory: paths.logDir,
    labels: {
      ...(pod.metadata.labels ?? {}),
      [POD_NAME_LABEL]: name,
      [POD_NAMESPACE_LABEL]: namespace,
      [POD_UID_LABEL]: uid,
      [MANAGED_LABEL]: "true",
    },
    annotations: { ...(pod.metadata.annotations ?? {}), [POD_ANNOTATION]: podAnnotationValue(pod) },
    port_mappings: podPortMappings(pod),
    linux: {
      cgroup_parent: podCgroupPath("cgroupfs", qosClass(pod), uid),
      security_context: {
        // proto3: POD is the zero value, so every mode is written out explicitly.
        namespace_options: { network: "POD", ipc: "POD", pid: pidMode(pod) },
      },
    },
  };
}
