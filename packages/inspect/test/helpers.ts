// Real host fixtures for the real-fs tests: processes we spawn and cgroups we create, all undone in
// cleanup(). These tests need root (CI runs as root): without it they fail loudly, never skip.
import { isErrno } from "@podscope/core";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, rmdir, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error("these tests create cgroups and namespaces on the host and must run as root (CI does)");
  }
}

export const randomId = (bytes = 4) => randomBytes(bytes).toString("hex");
export const containerId = () => randomBytes(32).toString("hex");
export const podUid = () => {
  const h = randomBytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const comm = async (pid: number) => (await readFile(`/proc/${pid}/comm`, "utf8")).trim();

export class Scratch {
  private procs: ChildProcess[] = [];
  private dirs: string[] = [];

  /** Starts a process and waits until it has exec'd into `until` (its comm), so its namespaces/cmdline are final. */
  async start(cmd: string, args: string[], until = "sleep", stdin: "ignore" | "pipe" = "ignore"): Promise<ChildProcess & { pid: number }> {
    const p = spawn(cmd, args, { stdio: [stdin, "ignore", "pipe"] });
    this.procs.push(p);
    let err = "";
    p.stderr!.on("data", (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      p.once("spawn", () => resolve());
      p.once("error", (e) => reject(new Error(`cannot start ${cmd}: ${e.message}`)));
    });
    if (until) {
      await waitFor(
        `${cmd} ${args.join(" ")} to become ${until}${err ? ` (stderr: ${err})` : ""}`,
        async () => p.exitCode === null && (await comm(p.pid!)) === until,
      );
    }
    return p as ChildProcess & { pid: number };
  }

  /** mkdir -p, remembering every directory we created so cleanup removes them deepest first. */
  async mkdirs(dir: string): Promise<void> {
    const parts = dir.split("/");
    for (let i = 2; i <= parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      try {
        await mkdir(d);
        this.dirs.push(d);
      } catch (e: unknown) {
        if (!isErrno(e, "EEXIST")) throw e;
      }
    }
  }

  async join(cgroupDir: string, pid: number): Promise<void> {
    await writeFile(`${cgroupDir}/cgroup.procs`, String(pid));
  }

  async cleanup(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once("exit", () => resolve());
            p.kill("SIGKILL");
          }),
      ),
    );
    this.procs = [];
    // A killed task leaves its cgroup when it is reaped; rmdir says EBUSY until then.
    for (const d of this.dirs.reverse()) {
      await waitFor(`rmdir ${d}`, async () => {
        try {
          await rmdir(d);
          return true;
        } catch (e: unknown) {
          if (isErrno(e, "ENOENT")) return true;
          if (isErrno(e, "EBUSY")) return false;
          throw e;
        }
      });
    }
    this.dirs = [];
  }
}
