// Starts the Next.js UI (a production build) as a child process beside the API server.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// packages/host/src → apps/web: the web UI is an app of this workspace, started as its own process.
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../apps/web");

export interface WebProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startWeb(opts: { bind: string; port: number; apiPort: number }): Promise<WebProcess> {
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
    throw new Error(`the web UI is not built (no ${join(webDir, ".next")}): run \`pnpm build\` (scripts/setup.sh does it)`);
  }
  const nextBin = join(dirname(createRequire(join(webDir, "package.json")).resolve("next/package.json")), "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(opts.port), "-H", opts.bind], {
    cwd: webDir,
    env: { ...process.env, PODSCOPE_API_PORT: String(opts.apiPort), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => {
    log += d;
  });
  child.stderr!.on("data", (d) => {
    log += d;
  });
  const host = opts.bind.includes(":") ? `[${opts.bind}]` : opts.bind;
  const url = `http://${host}:${opts.port}`;
  // Ready when it answers; fail with its own output if it exits first.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web UI exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.status < 500) break;
    } catch {
      // Not listening yet (refused, or no answer within 2 s): poll again until the deadline.
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the web UI did not answer at ${url} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
