// Can this machine run the local node? One readable reason if not: the server shows it as
// the reason the local source is unavailable, and the rest of podscope keeps working.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { criProtoPath } from "../cri/proto";
import type { ResolvedNodeOptions } from "./paths";

export class LocalNodeUnavailableError extends Error {
  /** The reason alone, without the "local node unavailable: " prefix. */
  readonly reason: string;
  constructor(reason: string) {
    super(`local node unavailable: ${reason}`);
    this.name = "LocalNodeUnavailableError";
    this.reason = reason;
  }
}

const APT = "apt-get install containerd runc containernetworking-plugins busybox-static";

/** Undefined when the local node can run; otherwise why not. */
export function localNodeUnavailableReason(o: ResolvedNodeOptions): string | undefined {
  if (process.platform !== "linux") return `pods run on Linux only (this is ${process.platform})`;
  const uid = process.getuid?.();
  if (uid !== 0) return `running pods needs root (cgroups, namespaces, the pod bridge); podscope runs as uid ${uid}`;
  if (!existsSync(o.containerdBinary)) return `containerd is not installed (${o.containerdBinary} is missing; ${APT})`;
  if (!existsSync(o.runcBinary)) return `runc is not installed (${o.runcBinary} is missing; ${APT})`;
  if (!existsSync(o.ctrBinary)) return `ctr is not installed (${o.ctrBinary} is missing; it comes with containerd)`;
  for (const plugin of ["bridge", "host-local", "loopback", "portmap"]) {
    if (!existsSync(join(o.cniBinDir, plugin))) {
      return `the CNI plugin ${plugin} is missing in ${o.cniBinDir} (apt-get install containernetworking-plugins)`;
    }
  }
  const proto = criProtoPath();
  if (!existsSync(proto)) return `the CRI protocol definition is missing at ${proto} (run scripts/setup-node.sh)`;
  return undefined;
}

export function assertLocalNodeAvailable(o: ResolvedNodeOptions): void {
  const reason = localNodeUnavailableReason(o);
  if (reason) throw new LocalNodeUnavailableError(reason);
}
