// `podscope up` on a port that is already held, and `podscope down` stopping a server whose wrapper is
// gone — with real processes: the real CLI, started as `pnpm podscope up` starts it (tsx, which runs
// podscope in a node child), each with its own home, without the local node and the web UI.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { processAlive } from "@podscope/runtime";
import { podscope, ROOT, until } from "./helpers";

const TSX = join(ROOT, "node_modules/.bin/tsx");
const started: ChildProcess[] = [];
const serverPids: number[] = [];

function newHome(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), "podscope-up-test-"));
  // No kubeconfig (no cluster to sync); a bridge name and run dir of its own, so `down` touches
  // nothing of another podscope on this machine.
  return {
    PODSCOPE_HOME: home,
    KUBECONFIG: join(home, "no-kubeconfig"),
    PODSCOPE_BRIDGE: "psupdown0",
    PODSCOPE_RUN_DIR: join(home, "run"),
  };
}

interface Up {
  wrapper: ChildProcess;
  pid: number;
  home: string;
  output(): string;
}

/** Ctrl-C in the terminal of an `up`, and its end. */
async function ctrlC(u: Up): Promise<void> {
  process.kill(-u.wrapper.pid!, "SIGINT");
  await until("up stopped", async () => u.wrapper.exitCode !== null && !processAlive(u.pid));
}

/** `podscope up --no-web --no-local` in the background; resolves once it serves, with the pid its record names. */
async function up(port: number, env: Record<string, string>): Promise<Up> {
  const wrapper = spawn(TSX, [join(ROOT, "packages/cli/src/main.ts"), "up", "--no-web", "--no-local", "--port", String(port)], {
    // Its own process group, as in a terminal: Ctrl-C (SIGINT to the group) reaches tsx and podscope alike.
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  started.push(wrapper);
  let output = "";
  wrapper.stdout!.on("data", (d) => (output += d));
  wrapper.stderr!.on("data", (d) => (output += d));
  await until(
    `podscope up on ${port}`,
    async () => {
      if (wrapper.exitCode !== null) throw new Error(`up exited ${wrapper.exitCode}:\n${output}`);
      return output.includes("podscope API:");
    },
    60_000,
  );
  const record = JSON.parse(readFileSync(join(env.PODSCOPE_HOME, `up-${port}.pid`), "utf8"));
  serverPids.push(record.pid);
  return { wrapper, pid: record.pid, home: env.PODSCOPE_HOME, output: () => output };
}

// A stopped orphan may stay a zombie until its new parent reaps it: that is not running.
const alive = (pid: number) => processAlive(pid);
const answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );

afterAll(() => {
  for (const c of started) {
    try {
      if (c.exitCode === null) process.kill(-c.pid!, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  }
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, "SIGKILL");
});

describe("podscope up on a port already in use", () => {
  it("names the podscope holding it — its pid, its home, how to stop it — and starts nothing", async () => {
    const first = await up(17831, newHome());
    const second = newHome();
    const r = await podscope(["up", "--no-web", "--no-local", "--port", "17831"], second);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port 17831 on 127.0.0.1 is already in use by another podscope (pid ${first.pid}, home ${first.home},`);
    expect(r.stderr).toContain(`kill ${first.pid}`);
    expect(r.stderr).toContain(`PODSCOPE_HOME=${first.home} podscope down`);
    expect(r.stderr).not.toMatch(/EADDRINUSE/);
    expect(readdirSync(second.PODSCOPE_HOME)).not.toContain("up-17831.pid");
    // The first one is untouched.
    expect(alive(first.pid)).toBe(true);
    expect(await answers(17831)).toBe(true);
    await ctrlC(first);
    // A clean stop takes its record along.
    expect(existsSync(join(first.home, "up-17831.pid"))).toBe(false);
  }, 120_000);

  it("names any other process holding the port", async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(17832, "127.0.0.1", r));
    try {
      const r = await podscope(["up", "--no-web", "--no-local", "--port", "17832"], newHome());
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port 17832 on 127.0.0.1 is already in use by pid ${process.pid} (`);
      expect(r.stderr).toContain("choose another --port");
    } finally {
      await new Promise((r) => holder.close(r));
    }
  }, 60_000);

  it("checks the web UI's port too", async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(17843, "127.0.0.1", r));
    try {
      const r = await podscope(["up", "--no-local", "--port", "17833"], newHome());
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port 17843 on 127.0.0.1 is already in use by pid ${process.pid} (`);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  }, 60_000);
});

describe("podscope down", () => {
  it("stops a server that outlived its wrapper process", async () => {
    expect(process.getuid?.(), "down needs root (CI runs as root)").toBe(0);
    const env = newHome();
    const u = await up(17834, env);
    // The wrapper (what `pnpm podscope up` leaves behind when killed hard) goes; the server stays.
    expect(u.pid).not.toBe(u.wrapper.pid);
    u.wrapper.kill("SIGKILL");
    await until("wrapper gone", async () => u.wrapper.exitCode !== null || u.wrapper.signalCode !== null);
    expect(alive(u.pid)).toBe(true);
    expect(await answers(17834)).toBe(true);

    const r = await podscope(["down"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`podscope server pid ${u.pid} (port 17834) stopped\n`);
    expect(r.stdout).toContain("local node is down");
    expect(alive(u.pid)).toBe(false);
    expect(await answers(17834)).toBe(false);
    expect(existsSync(join(u.home, "up-17834.pid"))).toBe(false);

    // Nothing left to stop: down says nothing about servers.
    const again = await podscope(["down"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("podscope server");
  }, 120_000);

  it("leaves alone a process whose pid a stale record names", async () => {
    const env = newHome();
    const u = await up(17835, env);
    const file = join(u.home, "up-17835.pid");
    const rec = JSON.parse(readFileSync(file, "utf8"));
    await ctrlC(u);
    // A record left by a server killed hard, whose pid now belongs to another program (this test).
    writeFileSync(file, JSON.stringify({ ...rec, pid: process.pid }));
    const r = await podscope(["down"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("podscope server");
    expect(existsSync(file)).toBe(false);
  }, 120_000);
});
