// Shared set-up of the runtime's integration tests: a containerd of their own (tmp home,
// bridge and subnet that no running podscope uses), and kubelet-like CRI configs.
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomInt, randomUUID } from "node:crypto";
import type { LocalNodeOptions } from "../src/containerd";
import type { CRI } from "../src/cri";

export interface TestNode extends LocalNodeOptions {
  home: string;
  bridge: string;
  podSubnet: string;
}

/**
 * A test node of its own. Another engineer or CI step may run the same file at the same time,
 * so the bridge name and the subnet 10.218.<x>.0/24 are drawn at random per run.
 */
export function testNodeOptions(tag: string): TestNode {
  const octet = randomInt(0, 256);
  return {
    home: mkdtempSync(join(tmpdir(), `podscope-test-${tag}-`)),
    // Interface names are at most 15 characters.
    bridge: `psct${tag.slice(0, 4)}${octet.toString(16).padStart(2, "0")}${randomInt(0, 4096).toString(16)}`,
    podSubnet: `10.218.${octet}.0/24`,
  };
}

/** The first three octets of the test node's subnet, e.g. "10.218.77". */
export function subnetPrefix(o: TestNode): string {
  return o.podSubnet.split(".").slice(0, 3).join(".");
}

export function removeHome(o: TestNode): void {
  rmSync(o.home, { recursive: true, force: true });
}

export function newPodUid(): string {
  return randomUUID();
}

/** A sandbox config as kubelet writes one, for a BestEffort pod unless told otherwise. */
export function sandboxConfig(
  o: TestNode,
  name: string,
  uid: string,
  opts: { cgroupParent?: string; sharePid?: boolean } = {},
): CRI.PodSandboxConfig {
  return {
    metadata: { name, uid, namespace: "default", attempt: 0 },
    hostname: name,
    log_directory: join(o.home, "node", "pods", `default_${name}_${uid}`),
    labels: { "io.kubernetes.pod.name": name, "io.kubernetes.pod.uid": uid },
    linux: {
      cgroup_parent: opts.cgroupParent ?? `/kubepods/besteffort/pod${uid}`,
      security_context: {
        namespace_options: { network: "POD", pid: opts.sharePid ? "POD" : "CONTAINER", ipc: "POD" },
      },
    },
  };
}

/** A busybox container joining the sandbox's net/ipc/uts, with its own pid namespace unless sharePid. */
export function busyboxContainer(
  name: string,
  command: string[],
  opts: { sharePid?: boolean; envs?: CRI.KeyValue[] } = {},
): CRI.ContainerConfig {
  return {
    metadata: { name, attempt: 0 },
    image: { image: "localhost/busybox:latest" },
    command,
    envs: opts.envs ?? [],
    log_path: `${name}/0.log`,
    linux: {
      security_context: { namespace_options: { network: "POD", pid: opts.sharePid ? "POD" : "CONTAINER", ipc: "POD" } },
    },
  };
}

/** containerd reports the pid of a sandbox or container in its verbose info JSON. */
export function pidFromInfo(info: Record<string, string>): number {
  const pid = JSON.parse(info.info ?? "{}").pid;
  if (typeof pid !== "number" || pid <= 0) throw new Error(`no pid in verbose info: ${JSON.stringify(info).slice(0, 200)}`);
  return pid;
}

export function nsInode(pid: number, ns: string): string {
  return readlinkSync(`/proc/${pid}/ns/${ns}`);
}

/** "controller:path" lines of /proc/<pid>/cgroup as a map (the unified line has key ""). */
export function procCgroups(pid: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readFileSync(`/proc/${pid}/cgroup`, "utf8").trim().split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line)!;
    m.set(controllers, path);
  }
  return m;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
