// The CRI client against a real containerd (root): sandboxes in kubelet's cgroup paths with an
// IP on our bridge, containers joining the sandbox's namespaces, exec, logs, stats, stop/remove.
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { down, ensureContainerd, type ContainerdInstance } from "../src/containerd";
import { CriClient, CriError, CriUnavailableError, followCriLog, isNotFound, readCriLog } from "../src/cri";
import {
  busyboxContainer,
  newPodUid,
  nsInode,
  pidFromInfo,
  procCgroups,
  removeHome,
  sandboxConfig,
  subnetPrefix,
  testNodeOptions,
  waitFor,
} from "./cri-fixture";

const o = testNodeOptions("cri");
let node: ContainerdInstance;
const sandboxes: string[] = [];

beforeAll(async () => {
  node = await ensureContainerd(o);
});

afterAll(async () => {
  node?.cri.close();
  const report = await down(o);
  removeHome(o);
  expect(report.errors).toEqual([]);
});

async function runPod(name: string, opts: { cgroupParent?: string; sharePid?: boolean } = {}) {
  const uid = newPodUid();
  const config = sandboxConfig(o, name, uid, opts);
  const id = await node.cri.runPodSandbox(config);
  sandboxes.push(id);
  const status = await node.cri.podSandboxStatus(id, true);
  return { uid, config, id, status, pausePid: pidFromInfo(status.info) };
}

async function startContainer(
  sandboxId: string,
  config: Parameters<CriClient["createContainer"]>[1],
  sandbox: Parameters<CriClient["createContainer"]>[2],
) {
  const id = await node.cri.createContainer(sandboxId, config, sandbox);
  await node.cri.startContainer(id);
  const st = await node.cri.containerStatus(id, true);
  return { id, status: st.status!, pid: pidFromInfo(st.info) };
}

describe("CRI against podscope's containerd", () => {
  it("answers Version with the v1 CRI of containerd", async () => {
    const v = await node.cri.version();
    expect(v.runtime_name).toBe("containerd");
    expect(v.runtime_api_version).toBe("v1");
  });

  it("puts the sandbox's pause process in /kubepods/besteffort/pod<uid> and gives it an IP on our bridge", async () => {
    const pod = await runPod("cgroup-besteffort");
    expect(pod.status.status?.state).toBe("SANDBOX_READY");
    const cgroups = procCgroups(pod.pausePid);
    // Every hierarchy (each v1 controller, name=systemd and the unified one) agrees.
    expect(cgroups.size).toBeGreaterThan(1);
    for (const [controllers, path] of cgroups) {
      expect(path, `hierarchy ${controllers || "unified"}`).toBe(`/kubepods/besteffort/pod${pod.uid}/${pod.id}`);
    }
    expect(existsSync(`/sys/fs/cgroup/memory/kubepods/besteffort/pod${pod.uid}`)).toBe(true);

    const ip = pod.status.status?.network?.ip ?? "";
    expect(ip.startsWith(`${subnetPrefix(o)}.`)).toBe(true);
    expect(ip).not.toBe(`${subnetPrefix(o)}.1`); // .1 is the bridge (gateway)
    expect(existsSync(`/sys/class/net/${o.bridge}`)).toBe(true);
    expect(nsInode(pod.pausePid, "net")).not.toBe(nsInode(process.pid, "net"));
  });

  it("uses the cgroup parent it is given (burstable)", async () => {
    const uid = newPodUid();
    const pod = await runPod("cgroup-burstable", { cgroupParent: `/kubepods/burstable/pod${uid}` });
    expect(procCgroups(pod.pausePid).get("memory")).toBe(`/kubepods/burstable/pod${uid}/${pod.id}`);
  });

  it("runs containers that share net, ipc and uts with pause and keep their own pid and mnt", async () => {
    const pod = await runPod("two-containers");
    const a = await startContainer(pod.id, busyboxContainer("a", ["sleep", "1000"]), pod.config);
    const b = await startContainer(pod.id, busyboxContainer("b", ["sleep", "1000"]), pod.config);
    for (const c of [a, b]) {
      expect(c.status.state).toBe("CONTAINER_RUNNING");
      for (const ns of ["net", "ipc", "uts"]) expect(nsInode(c.pid, ns), ns).toBe(nsInode(pod.pausePid, ns));
      for (const ns of ["pid", "mnt"]) expect(nsInode(c.pid, ns), ns).not.toBe(nsInode(pod.pausePid, ns));
      expect(procCgroups(c.pid).get("memory")).toBe(`/kubepods/besteffort/pod${pod.uid}/${c.id}`);
    }
    expect(nsInode(a.pid, "pid")).not.toBe(nsInode(b.pid, "pid"));
    // The shared uts namespace carries the sandbox's hostname.
    const host = await node.cri.execSync(a.id, ["hostname"], 10);
    expect(host.stdout.toString().trim()).toBe("two-containers");
  });

  it("shares the pod's pid namespace when asked: pause is PID 1 and reaps orphans", async () => {
    const pod = await runPod("shared-pid", { sharePid: true });
    const c = await startContainer(pod.id, busyboxContainer("main", ["sleep", "1000"], { sharePid: true }), pod.config);
    expect(nsInode(c.pid, "pid")).toBe(nsInode(pod.pausePid, "pid"));
    const init = await node.cri.execSync(c.id, ["cat", "/proc/1/cmdline"], 10);
    expect(init.stdout.toString().replace(/\0/g, " ").trim()).toBe("/pause");
    // Orphan a short-lived process: its parent shell exits at once, so it is re-parented to
    // PID 1 (pause) and becomes a zombie when it ends unless pause reaps it.
    const orphanMarker = "0.4";
    await node.cri.execSync(c.id, ["sh", "-c", `sleep ${orphanMarker} & exit 0`], 10);
    await new Promise((r) => setTimeout(r, 1_200));
    const ps = await node.cri.execSync(c.id, ["ps", "-o", "pid,ppid,stat,args"], 10);
    const zombies = ps.stdout
      .toString()
      .split("\n")
      .filter((l) => / Z /.test(l));
    expect(zombies, ps.stdout.toString()).toEqual([]);
    const left = ps.stdout
      .toString()
      .split("\n")
      .filter((l) => l.includes(`sleep ${orphanMarker}`));
    expect(left).toEqual([]);
  });

  it("ExecSync returns stdout, stderr and the exit code; env values travel as UTF-8", async () => {
    const pod = await runPod("exec");
    const c = await startContainer(
      pod.id,
      busyboxContainer("main", ["sleep", "1000"], { envs: [{ key: "GREETING", value: "grüß dich" }] }),
      pod.config,
    );
    const r = await node.cri.execSync(c.id, ["sh", "-c", 'echo "$GREETING"; echo oops >&2; exit 3'], 10);
    expect(r.stdout.toString()).toBe("grüß dich\n");
    expect(r.stderr.toString()).toBe("oops\n");
    expect(r.exit_code).toBe(3);
    const ok = await node.cri.execSync(c.id, ["true"], 10);
    expect(ok.exit_code).toBe(0);
  });

  it("ExecSync past its timeout, or of a missing binary, rejects with the runtime's reason", async () => {
    const pod = await runPod("exec-errors");
    const c = await startContainer(pod.id, busyboxContainer("main", ["sleep", "1000"]), pod.config);
    const slow = await node.cri.execSync(c.id, ["sleep", "30"], 1).catch((e) => e);
    expect(slow).toBeInstanceOf(CriError);
    expect(slow.code).toBe("DEADLINE_EXCEEDED");
    expect(slow.message).toMatch(/timeout 1s exceeded/);
    const missing = await node.cri.execSync(c.id, ["no-such-binary"], 5).catch((e) => e);
    expect(missing).toBeInstanceOf(CriError);
    expect(missing.message).toMatch(/"no-such-binary": executable file not found in \$PATH/);
  });

  it("serves the pod IP: a server in the pod answers from the host over our bridge", async () => {
    const pod = await runPod("net");
    const ip = pod.status.status!.network!.ip;
    await startContainer(
      pod.id,
      busyboxContainer("srv", ["sh", "-c", "while true; do echo hello-from-pod | nc -l -p 8080; done"]),
      pod.config,
    );
    const answer = await waitFor("the pod's server", () => readFromPod(ip, 8080).catch(() => undefined));
    expect(answer.trim()).toBe("hello-from-pod");
  });

  it("writes CRI logs that are read whole (long lines joined) and followed", async () => {
    const pod = await runPod("logs");
    const cmd =
      'echo hello; echo err >&2; head -c 20000 /dev/zero | tr "\\0" x; echo; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done';
    const c = await startContainer(pod.id, busyboxContainer("main", ["sh", "-c", cmd]), pod.config);
    expect(c.status.log_path).toBe(`${pod.config.log_directory}/main/0.log`);
    const lines = await waitFor("three ticks", async () => {
      const l = await readCriLog(c.status.log_path);
      return l.some((x) => x.message === "tick 3") ? l : undefined;
    });
    // stdout and stderr are separate pipes copied by separate goroutines: their order in the file is not fixed.
    expect(lines.find((l) => l.stream === "stdout")).toMatchObject({ stream: "stdout", message: "hello" });
    expect(lines.find((l) => l.stream === "stderr")?.message).toBe("err");
    // containerd splits lines longer than 16 KiB into partial records; the reader joins them.
    expect(lines.find((l) => l.message.startsWith("xxx"))?.message).toBe("x".repeat(20000));
    expect(lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);

    const ac = new AbortController();
    const followed: string[] = [];
    for await (const line of followCriLog(c.status.log_path, { signal: ac.signal, fromEnd: true, pollMs: 50 })) {
      followed.push(line.message);
      if (followed.length === 3) ac.abort();
    }
    const n = followed.map((m) => Number(/^tick (\d+)$/.exec(m)?.[1]));
    expect(n.every((x) => x > 3)).toBe(true);
    expect(n[1]).toBe(n[0] + 1);
  });

  it("reports stats and applies resource updates to the container's cgroup", async () => {
    const pod = await runPod("resources");
    const c = await startContainer(pod.id, busyboxContainer("main", ["sleep", "1000"]), pod.config);
    await node.cri.updateContainerResources(c.id, { memory_limit_in_bytes: 64 * 1024 * 1024, cpu_shares: 256 });
    const cg = `/kubepods/besteffort/pod${pod.uid}/${c.id}`;
    expect(readNumber(`/sys/fs/cgroup/memory${cg}/memory.limit_in_bytes`)).toBe(64 * 1024 * 1024);
    expect(readNumber(`/sys/fs/cgroup/cpu${cg}/cpu.shares`)).toBe(256);
    const stats = await node.cri.containerStats(c.id);
    expect(stats.attributes?.id).toBe(c.id);
    expect(stats.memory?.working_set_bytes?.value ?? 0).toBeGreaterThan(0);
  });

  it("stops a container (SIGKILL after the timeout for a PID 1 that ignores SIGTERM), removes it and the sandbox", async () => {
    const pod = await runPod("stop-remove");
    const c = await startContainer(pod.id, busyboxContainer("main", ["sleep", "1000"]), pod.config);
    await node.cri.stopContainer(c.id, 1);
    const st = (await node.cri.containerStatus(c.id)).status!;
    expect(st.state).toBe("CONTAINER_EXITED");
    expect(st.exit_code).toBe(137);
    expect(st.finished_at).toBeGreaterThan(st.started_at);
    await node.cri.removeContainer(c.id);
    expect((await node.cri.listContainers({ pod_sandbox_id: pod.id })).map((x) => x.id)).not.toContain(c.id);

    await node.cri.stopPodSandbox(pod.id);
    expect((await node.cri.podSandboxStatus(pod.id)).status?.state).toBe("SANDBOX_NOTREADY");
    expect(existsSync(`/proc/${pod.pausePid}`) && !isZombie(pod.pausePid)).toBe(false);
    await node.cri.removePodSandbox(pod.id);
    expect((await node.cri.listPodSandbox()).map((s) => s.id)).not.toContain(pod.id);
    // runc removes the sandbox's own cgroup, but not pod<uid> (kubelet does that; so does down()).
    expect(existsSync(`/sys/fs/cgroup/memory/kubepods/besteffort/pod${pod.uid}/${pod.id}`)).toBe(false);
  });

  it("lists sandboxes and containers with label filters", async () => {
    const pod = await runPod("filtered");
    const found = await node.cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": pod.uid } });
    expect(found.map((s) => s.id)).toEqual([pod.id]);
    expect(found[0].metadata?.name).toBe("filtered");
    const ready = await node.cri.listPodSandbox({ state: { state: "SANDBOX_READY" } });
    expect(ready.map((s) => s.id)).toContain(pod.id);
  });

  it("turns gRPC errors into readable CriErrors", async () => {
    const err = await node.cri.containerStatus("no-such-container").catch((e) => e);
    expect(err).toBeInstanceOf(CriError);
    expect(isNotFound(err)).toBe(true);
    expect(err.message).toMatch(/^CRI ContainerStatus failed \(NOT_FOUND\): .*no-such-container/);
  });

  it("says containerd is not running when the socket is gone", async () => {
    const c = new CriClient(`${o.home}/nowhere.sock`);
    const err = await c.version().catch((e) => e);
    c.close();
    expect(err).toBeInstanceOf(CriUnavailableError);
    expect(err.message).toBe(`containerd is not running at ${o.home}/nowhere.sock (CRI Version: the socket does not exist)`);
  });
});

function readFromPod(ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: ip, port, timeout: 2_000 });
    let data = "";
    s.on("data", (d) => (data += d.toString()));
    s.on("end", () => (data ? resolve(data) : reject(new Error("empty answer"))));
    s.on("timeout", () => s.destroy(new Error("timeout")));
    s.on("error", reject);
  });
}

function readNumber(path: string): number {
  return Number(readFileSync(path, "utf8").trim());
}

function isZombie(pid: number): boolean {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, "utf8");
    return st.slice(st.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
