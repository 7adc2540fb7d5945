// ip_forward is machine-wide: with two podscope nodes, the first records the original value and
// only the last one down writes it back. Real processes stand for each node's containerd (their
// command line names the node's config, which is what liveness is judged by). The records go to
// a tmp run dir and the "sysctl" is a tmp file: flipping the real one here would cut forwarding
// for every podscope running on this machine meanwhile. The down tests use the real sysctl.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localNodePaths, type LocalNodePaths } from "../src/containerd";
import { liveRegistrations, registerNode, releaseNode } from "../src/containerd/ip-forward";

const base = mkdtempSync(join(tmpdir(), "podscope-ipfwd-"));
const runDir = join(base, "run");
const sysctl = join(base, "ip_forward");
const readIpForward = () => readFileSync(sysctl, "utf8").trim();
const writeIpForward = (v: string) => writeFileSync(sysctl, `${v}\n`);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(base, { recursive: true, force: true });
});

function node(name: string): LocalNodePaths {
  const p = localNodePaths(join(base, name));
  mkdirSync(p.nodeDir, { recursive: true });
  return p;
}

/** A live process whose command line names the node's config, as its containerd's would. */
async function runAs(p: LocalNodePaths): Promise<ChildProcess> {
  const c = spawn("sh", ["-c", "sleep 300", "containerd", "--config", p.configFile], { stdio: "ignore" });
  children.push(c);
  await new Promise((r) => c.once("spawn", r));
  writeFileSync(p.pidFile, `${c.pid}\n`);
  return c;
}

async function stop(c: ChildProcess): Promise<void> {
  c.kill("SIGKILL");
  await new Promise((r) => c.once("exit", r));
}

describe("ip_forward across several podscope nodes", () => {
  it("records before the first node, keeps forwarding while another runs, restores after the last", async () => {
    writeIpForward("0");
    const a = node("a");
    const b = node("b");
    registerNode(a, runDir, sysctl);
    const ca = await runAs(a);
    writeIpForward("1"); // a's bridge plugin
    registerNode(b, runDir, sysctl); // b sees "1" now, but the record keeps a's "0"
    const cb = await runAs(b);

    await stop(ca);
    const first = releaseNode(a, runDir, sysctl);
    expect(first).toEqual({ restored: undefined, keptFor: [b.home] });
    expect(readIpForward()).toBe("1");

    await stop(cb);
    const last = releaseNode(b, runDir, sysctl);
    expect(last).toEqual({ restored: "0", keptFor: [] });
    expect(readIpForward()).toBe("0");
    expect(existsSync(join(runDir, "ip_forward.before"))).toBe(false);
    expect(existsSync(runDir)).toBe(false);
  });

  it("ignores (and removes) the registration of a node that died without down", async () => {
    writeIpForward("0");
    const dead = node("dead");
    const live = node("live");
    registerNode(dead, runDir, sysctl);
    writeIpForward("1");
    // Its pidfile names a process that is gone, and it registered long ago (not still starting).
    writeFileSync(dead.pidFile, "999999999\n");
    const old = new Date(Date.now() - 5 * 60_000);
    for (const f of readdirSync(join(runDir, "nodes"))) utimesSync(join(runDir, "nodes", f), old, old);
    registerNode(live, runDir, sysctl);
    const c = await runAs(live);
    expect(liveRegistrations(runDir, live.home)).toEqual([]);
    expect(readdirSync(join(runDir, "nodes"))).toHaveLength(1);
    await stop(c);
    expect(releaseNode(live, runDir, sysctl)).toEqual({ restored: "0", keptFor: [] });
    expect(readIpForward()).toBe("0");
  });

  it("treats a node that registered moments ago as starting, not stale", () => {
    writeIpForward("0");
    const starting = node("starting");
    const other = node("other");
    registerNode(starting, runDir, sysctl); // no pidfile yet: containerd is about to be spawned
    registerNode(other, runDir, sysctl);
    expect(releaseNode(other, runDir, sysctl)).toEqual({ restored: undefined, keptFor: [starting.home] });
    expect(releaseNode(starting, runDir, sysctl)).toEqual({ restored: "0", keptFor: [] });
  });
});
