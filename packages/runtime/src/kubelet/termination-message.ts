// Termination messages (kubelet: terminationMessagePath / terminationMessagePolicy): each
// container instance gets a host file mounted at its terminationMessagePath; when it exits, what
// it wrote there becomes state.terminated.message. With FallbackToLogsOnError, a failed
// container that wrote nothing gets the tail of its log instead.
import { mkdir, open, writeFile, chmod } from "node:fs/promises";
import type { Container } from "@podscope/core";
import { readCriLog } from "../cri";
import type { PodPaths } from "./sandbox-config";

/** API defaults, applied here because local pods never pass through the API server. */
export const DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
export const MAX_MESSAGE_BYTES = 4096;
export const MAX_LOG_LINES = 80;
export const MAX_LOG_BYTES = 2048;

export function terminationMessagePath(c: Container): string {
  return (c.terminationMessagePath as string | undefined) ?? DEFAULT_TERMINATION_MESSAGE_PATH;
}

export function terminationMessageHostPath(paths: PodPaths, container: string, attempt: number): string {
  return `${paths.podDir}/containers/${container}/${attempt}.termination-log`;
}

/** Creates the empty, world-writable file before the container is created (the mount needs it). */
export async function prepareTerminationMessageFile(paths: PodPaths, container: string, attempt: number): Promise<string> {
  const file = terminationMessageHostPath(paths, container, attempt);
  await mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
  await writeFile(file, "");
  // Any user in the container may write it, whatever the umask.
  await chmod(file, 0o666);
  return file;
}

async function readAtMost(file: string, max: number): Promise<string> {
  try {
    const fh = await open(file, "r");
    try {
      const buf = Buffer.alloc(max);
      const { bytesRead } = await fh.read(buf, 0, max, 0);
      return buf.subarray(0, bytesRead).toString("utf8");
    } finally {
      await fh.close();
    }
  } catch {
    return "";
  }
}

/** The message for an exited instance, or "" when there is none. */
export async function terminationMessage(c: Container, hostFile: string, exitCode: number, logPath: string | undefined): Promise<string> {
  const fromFile = await readAtMost(hostFile, MAX_MESSAGE_BYTES);
  if (fromFile || c.terminationMessagePolicy !== "FallbackToLogsOnError" || exitCode === 0 || !logPath) return fromFile;
  const lines = await readCriLog(logPath, { tail: MAX_LOG_LINES, lenient: true }).catch(() => []);
  const text = lines.map((l) => `${l.message}\n`).join("");
  return Buffer.byteLength(text) > MAX_LOG_BYTES ? Buffer.from(text).subarray(-MAX_LOG_BYTES).toString("utf8") : text;
}
