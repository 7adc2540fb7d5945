// A pod's containerPorts → the CRI sandbox's PortMapping list, as kubelet builds it
// (kubecontainer.MakePortMappings + generatePodSandboxConfig): every declared port, with its
// hostPort (0 when none) and hostIP. containerd passes those with a hostPort to the CNI portmap
// plugin (the `portMappings` capability), which DNATs hostIP:hostPort to podIP:containerPort.
import type { Pod } from "@podscope/core";
import type { CRI } from "../cri";

const PROTOCOLS = new Set<CRI.Protocol>(["TCP", "UDP", "SCTP"]);

export function podPortMappings(pod: Pod): CRI.PortMapping[] {
  const out: CRI.PortMapping[] = [];
  // kubelet drops a second port with the same protocol and containerPort/hostPort (its warning
  // "Port name conflicted"); keeping the first is what reaches the runtime.
  const seen = new Set<string>();
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      const protocol = (p.protocol ?? "TCP") as CRI.Protocol;
      if (!PROTOCOLS.has(protocol)) continue;
      const hostPort = p.hostPort ?? 0;
      const key = `${protocol}/${p.containerPort}/${hostPort}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ protocol, container_port: p.containerPort, host_port: hostPort, host_ip: (p as { hostIP?: string }).hostIP ?? "" });
    }
  }
  return out;
}

/** The ports a pod asks the host for (hostPort set): what `podscope get pod -o wide` users reach at 127.0.0.1. */
export function hostPorts(pod: Pod): CRI.PortMapping[] {
  return podPortMappings(pod).filter((m) => (m.host_port ?? 0) > 0);
}
