// podscope's own containerd: started from our config, reused while healthy, replaced when
// dead, pods surviving a containerd stop; readable reasons when the node cannot run.
import { execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  containerdStatus,
  down,
  ensureContainerd,
  LocalNodeConfigError,
  LocalNodeUnavailableError,
  localNodeUnavailableReason,
  renderCniConflist,
  resolveNodeOptions,
  stopContainerd,
  validateBridgeName,
  validatePodSubnet,
} from "../src/containerd";
import { processAlive } from "../src/containerd/host";
import { withFileLock } from "../src/containerd/lock";
import { CriUnavailableError } from "../src/cri";
import { newPodUid, pidFromInfo, removeHome, sandboxConfig, testNodeOptions, waitFor } from "./cri-fixture";

const o = testNodeOptions("ctd");

afterAll(async () => {
  const report = await down(o);
  removeHome(o);
  expect(report.errors).toEqual([]);
});

describe("ensureContainerd", () => {
  let first: Awaited<ReturnType<typeof ensureContainerd>>;
  beforeAll(async () => {
    first = await ensureContainerd(o);
    first.cri.close();
  });

  it("starts containerd detached, from our config, on our socket, never the host's", () => {
    expect(first.started).toBe(true);
    expect(first.version).toMatchObject({ runtime_name: "containerd", runtime_api_version: "v1" });
    expect(first.socket).toBe(`${o.home}/node/state/containerd.sock`);
    const pid = first.pid!;
    expect(processAlive(pid)).toBe(true);
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(argv.slice(0, 3)).toEqual(["/usr/bin/containerd", "--config", `${o.home}/node/containerd.toml`]);
    // Its own session (setsid), so the server's terminal and process group cannot signal it.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    expect(Number(fields[3])).toBe(pid); // session id
    const config = readFileSync(`${o.home}/node/containerd.toml`, "utf8");
    expect(config).not.toContain("/run/containerd");
    expect(config).toContain(`address = "${first.socket}"`);
    expect(config).toContain(`sandbox_image = "localhost/pause:3.10"`);
    expect(config).toContain("restrict_oom_score_adj = true");
    expect(config).toContain("SystemdCgroup = false");
    const conflist = JSON.parse(readFileSync(`${o.home}/node/cni/net.d/10-podscope.conflist`, "utf8"));
    expect(conflist.plugins[0]).toMatchObject({
      type: "bridge",
      bridge: o.bridge,
      ipMasq: false,
      ipam: { type: "host-local", ranges: [[{ subnet: o.podSubnet }]] },
    });
    expect(first.imported.sort()).toEqual(["localhost/busybox:latest", "localhost/pause:3.10"]);
  });

  it("reuses a healthy instance, also when asked concurrently", async () => {
    const [a, b] = await Promise.all([ensureContainerd(o), ensureContainerd(o)]);
    expect(a).toBe(b);
    a.cri.close();
    expect(a.started).toBe(false);
    expect(a.pid).toBe(first.pid);
  });

  it("keeps pods running when containerd stops, and finds them again after a restart", async () => {
    const node = await ensureContainerd(o);
    const uid = newPodUid();
    const id = await node.cri.runPodSandbox(sandboxConfig(o, "survivor", uid));
    const pausePid = pidFromInfo((await node.cri.podSandboxStatus(id, true)).info);
    node.cri.close();

    expect(await stopContainerd(o)).toBe(true);
    expect(processAlive(node.pid!)).toBe(false);
    expect((await containerdStatus(o)).running).toBe(false);
    expect(processAlive(pausePid)).toBe(true);

    const again = await ensureContainerd(o);
    expect(again.started).toBe(true);
    expect(again.pid).not.toBe(node.pid);
    const sb = (await again.cri.listPodSandbox()).find((s) => s.id === id);
    expect(sb?.state).toBe("SANDBOX_READY");
    expect(sb?.metadata?.uid).toBe(uid);
    again.cri.close();
  });

  it("lets a long-lived client (the kubelet's) fail readably while containerd is down and work again after", async () => {
    const node = await ensureContainerd(o);
    const client = node.cri; // kept open across the restart
    expect((await client.version()).runtime_name).toBe("containerd");
    await stopContainerd(o);
    const err = await client.listPodSandbox().catch((e) => e);
    expect(err).toBeInstanceOf(CriUnavailableError);
    expect(err.message).toMatch(new RegExp(`^containerd is not running at ${node.socket.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    (await ensureContainerd(o)).cri.close();
    const sandboxes = await waitFor("the old client to reconnect", () => client.listPodSandbox().catch(() => undefined), 10_000);
    expect(Array.isArray(sandboxes)).toBe(true);
    client.close();
  });

  it("finds and stops its containerd even when the pidfile is lost", async () => {
    const node = await ensureContainerd(o);
    node.cri.close();
    rmSync(`${o.home}/node/containerd.pid`);
    const status = await containerdStatus(o);
    expect(status).toMatchObject({ running: true, pid: node.pid });
    expect(await stopContainerd(o)).toBe(true);
    expect(processAlive(node.pid!)).toBe(false);
  });

  it("replaces a containerd that was killed (kill -9)", async () => {
    const node = await ensureContainerd(o);
    node.cri.close();
    process.kill(node.pid!, "SIGKILL");
    await waitFor("containerd to die", () => !processAlive(node.pid!) || undefined);
    const status = await containerdStatus(o);
    expect(status.running).toBe(false);
    const again = await ensureContainerd(o);
    again.cri.close();
    expect(again.started).toBe(true);
    expect(processAlive(again.pid!)).toBe(true);
    expect((await containerdStatus(o)).running).toBe(true);
  });
});

describe("several processes ensuring one node at once", () => {
  it("start exactly one containerd; the others reuse it", async () => {
    const race = { home: join(o.home, "race"), bridge: `${o.bridge.slice(0, 12)}r`, podSubnet: "10.219.250.0/24" };
    const script = join(tmpdir(), `podscope-race-${process.pid}.mts`);
    const index = fileURLToPath(new URL("../src/containerd/index.ts", import.meta.url));
    const go = join(o.home, "race-go");
    // Each child loads everything, says it is ready, and waits for one common "go" so that the
    // three calls really overlap (tsx start-up times alone would stagger them).
    writeFileSync(
      script,
      `import { existsSync, writeFileSync } from "node:fs";\n` +
        `import { ensureContainerd } from ${JSON.stringify(index)};\n` +
        `writeFileSync(${JSON.stringify(go)} + "-ready-" + process.pid, "");\n` +
        `while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));\n` +
        `const n = await ensureContainerd(${JSON.stringify(race)});\n` +
        `n.cri.close();\n` +
        `console.log(JSON.stringify({ started: n.started, pid: n.pid }));\n`,
    );
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    try {
      const pending = Promise.all(
        [1, 2, 3].map(() =>
          promisify(execFile)(process.execPath, [tsx, script]).then((r) => JSON.parse(r.stdout.trim().split("\n").pop()!)),
        ),
      );
      await waitFor(
        "three ready children",
        () => readdirSync(o.home).filter((f) => f.startsWith("race-go-ready-")).length === 3 || undefined,
      );
      writeFileSync(go, "");
      const runs = await pending;
      expect(runs.filter((r) => r.started)).toHaveLength(1);
      expect(new Set(runs.map((r) => r.pid)).size).toBe(1);
      expect(processAlive(runs[0].pid)).toBe(true);
      expect(existsSync(join(race.home, "node", "ensure.lock"))).toBe(false);
    } finally {
      rmSync(script, { force: true });
      const report = await down(race);
      expect(report.errors).toEqual([]);
    }
  });

  it("takes over a lock left by a process that died", async () => {
    const lock = join(o.home, "stale.lock");
    writeFileSync(lock, "999999999\n");
    expect(await withFileLock(lock, 1_000, "testing", async () => readFileSync(lock, "utf8").trim())).toBe(String(process.pid));
    expect(existsSync(lock)).toBe(false);
  });

  it("gives up on a lock held by a live process, saying who holds it", async () => {
    const lock = join(o.home, "held.lock");
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    await new Promise((r) => holder.once("spawn", r));
    writeFileSync(lock, `${holder.pid}\n`);
    try {
      await expect(withFileLock(lock, 300, "starting containerd for /x", async () => "got it")).rejects.toThrow(
        `another podscope process (pid ${holder.pid}) is starting containerd for /x; gave up waiting after 300 ms (lock ${lock})`,
      );
    } finally {
      holder.kill("SIGKILL");
    }
  });
});

describe("when the local node cannot run", () => {
  it.each([
    [
      { containerdBinary: "/nonexistent/containerd" },
      "containerd is not installed (/nonexistent/containerd is missing; apt-get install containerd runc containernetworking-plugins busybox-static)",
    ],
    [
      { runcBinary: "/nonexistent/runc" },
      "runc is not installed (/nonexistent/runc is missing; apt-get install containerd runc containernetworking-plugins busybox-static)",
    ],
    [
      { cniBinDir: "/nonexistent/cni" },
      "the CNI plugin bridge is missing in /nonexistent/cni (apt-get install containernetworking-plugins)",
    ],
  ])("%j → a readable reason", async (bad, reason) => {
    expect(localNodeUnavailableReason(resolveNodeOptions({ ...o, ...bad }))).toBe(reason);
    const err = await ensureContainerd({ ...o, ...bad }).catch((e) => e);
    expect(err).toBeInstanceOf(LocalNodeUnavailableError);
    expect(err.message).toBe(`local node unavailable: ${reason}`);
    expect(err.reason).toBe(reason);
  });

  it("names root as the reason for a user who is not root (a real unprivileged process)", async () => {
    // Run the real check in a child process as uid/gid 65534 (nobody) via setpriv(1).
    const script = join(tmpdir(), `podscope-nonroot-${process.pid}.mts`);
    const index = fileURLToPath(new URL("../src/containerd/index.ts", import.meta.url));
    writeFileSync(
      script,
      `import { down, ensureContainerd } from ${JSON.stringify(index)};\n` +
        `const out = [];\n` +
        `for (const f of [ensureContainerd, down]) {\n` +
        `  try { await f({ home: "/nonexistent-home" }); out.push("no error"); }\n` +
        `  catch (e) { out.push({ name: e.name, message: e.message }); }\n` +
        `}\n` +
        `console.log(JSON.stringify(out));\n`,
    );
    chmodSync(script, 0o644);
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const { stdout } = await promisify(execFile)(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", process.execPath, tsx, script],
      { cwd: tmpdir() },
    ).finally(() => rmSync(script, { force: true }));
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual([
      {
        name: "LocalNodeUnavailableError",
        message: "local node unavailable: running pods needs root (cgroups, namespaces, the pod bridge); podscope runs as uid 65534",
      },
      {
        name: "LocalNodeUnavailableError",
        message: "local node unavailable: down needs root (cgroups, the pod bridge, mounts); podscope runs as uid 65534",
      },
    ]);
  });

  it("explains a containerd that dies at start-up, with the end of its log", async () => {
    const home = join(o.home, "dies");
    // A stand-in binary that exists (so the prerequisites pass) but exits at once, as a
    // containerd with a broken installation would: the one fault we cannot provoke for real
    // without breaking the machine's containerd.
    const err = await ensureContainerd({ ...o, home, containerdBinary: "/bin/false" }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^containerd \(pid \d+\) exited during start-up\n--- last lines of .*\/dies\/node\/containerd\.log ---/);
    expect((await containerdStatus({ ...o, home })).running).toBe(false);
  });

  it("has no reason on this machine (root, everything installed)", () => {
    // CI runs as root with the packages installed: a reason here is a broken set-up, not a skip.
    expect(localNodeUnavailableReason(resolveNodeOptions(o))).toBeUndefined();
  });
});

describe("node configuration", () => {
  it.each(["podscope0", "psct-1.a_b", "x".repeat(15)])("accepts bridge %s", (name) => {
    expect(validateBridgeName(name)).toBe(name);
  });

  it.each([
    ["", /invalid bridge name ""/],
    ["x".repeat(16), /1-15 letters/],
    ["br 0", /invalid bridge name "br 0"/],
    ["br/0", /invalid bridge name/],
  ])("refuses bridge %j", (name, msg) => {
    expect(() => validateBridgeName(name)).toThrow(LocalNodeConfigError);
    expect(() => validateBridgeName(name)).toThrow(msg);
  });

  it.each(["10.217.0.0/24", "192.168.77.0/24", "10.0.0.0/8", "10.1.2.4/30"])("accepts subnet %s", (cidr) => {
    expect(validatePodSubnet(cidr)).toBe(cidr);
  });

  it.each([
    ["10.217.0.0", /expected an IPv4 CIDR/],
    ["10.217.0.300/24", /expected an IPv4 CIDR/],
    ["10.217.0.0/31", /prefix \/8 to \/30/],
    ["fd00::/64", /expected an IPv4 CIDR/],
    ["10.217.0.5/24", /host bits are set/],
  ])("refuses subnet %j", (cidr, msg) => {
    expect(() => validatePodSubnet(cidr)).toThrow(LocalNodeConfigError);
    expect(() => validatePodSubnet(cidr)).toThrow(msg);
  });

  it("refuses a bad subnet before starting anything", async () => {
    const err = await ensureContainerd({ ...o, home: `${o.home}/other`, podSubnet: "10.1.1.1/24" }).catch((e) => e);
    expect(err).toBeInstanceOf(LocalNodeConfigError);
    expect(err.message).toBe('invalid pod subnet "10.1.1.1/24": host bits are set (the network address is needed)');
  });

  it("keeps host-local's allocations under our home", () => {
    const c = JSON.parse(renderCniConflist(resolveNodeOptions(o)));
    expect(c.plugins[0].ipam.dataDir).toBe(`${o.home}/node/cni/ipam`);
  });
});
