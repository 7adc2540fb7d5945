// Running the real CLI and the real server as separate processes, as a user would.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function podscope(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn(TSX, [join(ROOT, "packages/cli/src/main.ts"), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "",
      stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", rej);
    p.on("close", (code) => res({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(input ?? "");
  });
}

export interface ServerProc {
  child: ChildProcess;
  env: Record<string, string>;
  stop(): Promise<void>;
  log(): string;
}

/** Starts the API server (apps/server's main over @podscope/host, no web UI) on a port with its own home; resolves once it listens. */
export async function startServer(opts: {
  port: number;
  home?: string;
  env?: Record<string, string>;
  prefix?: string[];
  args?: string[];
}): Promise<ServerProc> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), "podscope-cli-test-"));
  const env = { PODSCOPE_HOME: home, PODSCOPE_PORT: String(opts.port), ...(opts.env ?? {}) };
  const cmd = [...(opts.prefix ?? []), TSX, join(ROOT, "apps/server/src/main.ts"), "--port", String(opts.port), ...(opts.args ?? [])];
  const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!log.includes("listening on")) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    env,
    log: () => log,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
