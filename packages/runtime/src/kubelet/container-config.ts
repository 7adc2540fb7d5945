// Container → CRI ContainerConfig, as kubelet builds it (kuberuntime_container.go generateContainerConfig).
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, linuxContainerResources, type Container, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import {
  CONTAINER_KIND_ANNOTATION,
  CONTAINER_NAME_LABEL,
  GRACE_ANNOTATION,
  MANAGED_LABEL,
  POD_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  POD_UID_LABEL,
  RESTART_COUNT_ANNOTATION,
} from "./labels";
import { emptyDirPath, pidMode, type PodPaths } from "./sandbox-config";
import { terminationMessageHostPath, terminationMessagePath } from "./termination-message";

export type ContainerKind = "init" | "regular";

/**
 * $(VAR) references in command, args and env values expand to earlier env values; $$ escapes a
 * dollar; an unknown reference stays as written (the API's documented rule).
 */
export function expandVars(s: string, vars: Map<string, string>): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "$" || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      out += "$";
      i++;
      continue;
    }
    if (next === "(") {
      const end = s.indexOf(")", i + 2);
      if (end > 0) {
        const name = s.slice(i + 2, end);
        if (vars.has(name)) {
          out += vars.get(name);
          i = end;
          continue;
        }
      }
    }
    out += "$";
  }
  return out;
}

export function containerEnv(c: Container): Map<string, string> {
  const vars = new Map<string, string>();
  for (const e of c.env ?? []) {
    if (e.valueFrom !== undefined) continue; // warned about at creation
    vars.set(e.name, expandVars(e.value ?? "", vars));
  }
  return vars;
}

/** The log file of one attempt, relative to the sandbox's log directory. */
export function containerLogPath(name: string, attempt: number): string {
  return `${name}/${attempt}.log`;
}

export function containerConfig(
  pod: Pod,
  c: Container,
  kind: ContainerKind,
  attempt: number,
  image: string,
  paths: PodPaths,
): CRI.ContainerConfig {
  const env = containerEnv(c);
  const emptyDirs = new Set(
    (pod.spec.volumes ?? []).filter((v) => v.emptyDir !== undefined && Object.keys(v).length === 2).map((v) => v.name),
  );
  const res = linuxContainerResources(c);
  const { name = "", namespace = "default", uid = "" } = pod.metadata;
  return {
    metadata: { name: c.name, attempt },
    image: { image, user_specified_image: c.image ?? "" },
    command: c.command?.map((s) => expandVars(s, env)),
    args: c.args?.map((s) => expandVars(s, env)),
    working_dir: c.workingDir,
    // What `attach` reaches: the main process's stdin and terminal, as the spec asks for them.
    ...containerStdio(c),
    envs: [...env].map(([key, value]) => ({ key, value })),
    mounts: [
      ...(c.volumeMounts ?? [])
        .filter((m) => emptyDirs.has(m.name))
        .map((m) => ({
          container_path: m.mountPath,
          host_path: emptyDirPath(paths, m.name),
          readonly: !!m.readOnly,
        })),
      { container_path: terminationMessagePath(c), host_path: terminationMessageHostPath(paths, c.name, attempt) },
    ],
    labels: {
      [CONTAINER_NAME_LABEL]: c.name,
      [POD_NAME_LABEL]: name,
      [POD_NAMESPACE_LABEL]: namespace,
      [POD_UID_LABEL]: uid,
      [MANAGED_LABEL]: "true",
    },
    annotations: {
      [RESTART_COUNT_ANNOTATION]: String(attempt),
      [CONTAINER_KIND_ANNOTATION]: kind,
      [GRACE_ANNOTATION]: String(pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS),
    },
    log_path: containerLogPath(c.name, attempt),
    linux: {
      resources: {
        cpu_shares: res.cpuShares,
        cpu_quota: res.cpuQuota,
        cpu_period: res.cpuPeriod,
        memory_limit_in_bytes: res.memoryLimitInBytes,
      },
      security_context: { namespace_options: { network: "POD", ipc: "POD", pid: pidMode(pod) } },
    },
  };
}

/** The container's stdin/stdinOnce/tty (not in core's Container type: only the node reads them). */
export function containerStdio(c: Container): { stdin: boolean; stdin_once: boolean; tty: boolean } {
  const io = c as { stdin?: boolean; stdinOnce?: boolean; tty?: boolean };
  return { stdin: !!io.stdin, stdin_once: !!io.stdinOnce, tty: !!io.tty };
}
