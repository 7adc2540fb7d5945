// A lock file between podscope processes (the server, a CLI, a test run) that would otherwise
// start two containerds on one socket at the same moment. It holds the owner's pid, so a lock
// left by a process that died is recognised and taken over.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { isErrno } from "@podscope/core";
import { processAlive } from "./host";

// A lock file without a pid yet is being written; only after this long is it considered junk.
const UNREADABLE_GRACE_MS = 5_000;

export async function withFileLock<T>(file: string, timeoutMs: number, what: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if (!isErrno(err, "EEXIST")) throw err;
    }
    const holder = lockHolder(file);
    if (holder === "stale") {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another podscope process (pid ${holder}) is ${what}; gave up waiting after ${timeoutMs} ms (lock ${file})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    if (lockHolder(file) === process.pid) rmSync(file, { force: true });
  }
}

function lockHolder(file: string): number | "stale" | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0) return processAlive(pid) ? pid : "stale";
    return Date.now() - statSync(file).mtimeMs > UNREADABLE_GRACE_MS ? "stale" : undefined;
  } catch {
    return undefined; // removed meanwhile: try again
  }
}
