// The two images the local node needs, built here without a registry:
//   localhost/pause:3.10      — our infra process, compiled from native/pause.c (gcc -static -Os)
//   localhost/busybox:latest  — Debian's static busybox with an applet symlink per command
// Tarballs are cached under $PODSCOPE_CACHE/images, named by a hash of their inputs, so a
// changed pause.c or a new busybox package gives a new tarball and an unchanged one is reused.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isErrno } from "@podscope/core";
import { commandFailure } from "../exec-failure";
import { buildOciImage } from "./oci-layout";
import type { TarEntry } from "./tar";

const run = promisify(execFile);

export const PAUSE_IMAGE = "localhost/pause:3.10";
export const BUSYBOX_IMAGE = "localhost/busybox:latest";

// Bump when the builder's output changes for the same inputs, to invalidate cached tarballs.
const BUILDER_VERSION = "1";

export interface LocalImageTarball {
  name: string;
  file: string;
}

export interface LocalImageOptions {
  /** Defaults to $PODSCOPE_CACHE or /var/cache/podscope. */
  cacheDir?: string;
  /** Defaults to /bin/busybox (Debian's busybox-static). */
  busyboxBinary?: string;
  /** Defaults to packages/runtime/native/pause.c. */
  pauseSource?: string;
}

export function podscopeCacheDir(): string {
  return process.env.PODSCOPE_CACHE ?? "/var/cache/podscope";
}

export function pauseSourcePath(): string {
  return fileURLToPath(new URL("../../native/pause.c", import.meta.url));
}

function hash(...parts: (string | Buffer)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
}

async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Compiles pause.c (cached by source hash) and returns the binary's path. */
export async function buildPauseBinary(options: LocalImageOptions = {}): Promise<string> {
  const cache = options.cacheDir ?? podscopeCacheDir();
  const source = options.pauseSource ?? pauseSourcePath();
  const code = await readFile(source);
  const dir = join(cache, "pause", hash(code, BUILDER_VERSION));
  const bin = join(dir, "pause");
  if (existsSync(bin)) return bin;
  await mkdir(dir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  try {
    await run("gcc", ["-static", "-Os", "-Wall", "-o", tmp, source]);
  } catch (err) {
    if (isErrno(err, "ENOENT")) throw new Error("cannot build the pause image: gcc is not installed (apt-get install gcc libc6-dev)");
    throw new Error(`cannot build the pause image: gcc failed: ${commandFailure(err)}`);
  }
  await run("strip", [tmp]).catch(() => undefined); // smaller if binutils is there; fine without
  await rename(tmp, bin);
  return bin;
}

export async function buildPauseImage(options: LocalImageOptions = {}): Promise<LocalImageTarball> {
  const cache = options.cacheDir ?? podscopeCacheDir();
  const bin = await buildPauseBinary(options);
  const data = await readFile(bin);
  const file = join(cache, "images", `pause-3.10-${hash(data, BUILDER_VERSION)}.tar`);
  if (!existsSync(file)) {
    const rootfs: TarEntry[] = [{ type: "file", path: "pause", data, mode: 0o755 }];
    const image = buildOciImage(rootfs, { name: PAUSE_IMAGE, entrypoint: ["/pause"] });
    await mkdir(join(cache, "images"), { recursive: true });
    await writeAtomic(file, image.tarball);
  }
  return { name: PAUSE_IMAGE, file };
}

const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
const GROUP = "root:x:0:\nnogroup:x:65534:\n";

export async function buildBusyboxImage(options: LocalImageOptions = {}): Promise<LocalImageTarball> {
  const cache = options.cacheDir ?? podscopeCacheDir();
  const busybox = options.busyboxBinary ?? "/bin/busybox";
  if (!existsSync(busybox)) {
    throw new Error(`cannot build the busybox image: ${busybox} is missing (apt-get install busybox-static)`);
  }
  const data = await readFile(busybox);
  const file = join(cache, "images", `busybox-latest-${hash(data, BUILDER_VERSION)}.tar`);
  if (existsSync(file)) return { name: BUSYBOX_IMAGE, file };

  // The binary itself says which applets it has; one symlink each makes `sh`, `sleep`, … exist.
  const { stdout } = await run(busybox, ["--list"]);
  const applets = stdout
    .split("\n")
    .map((s) => s.trim())
    .filter((s) => s && s !== "busybox" && !s.includes("/"));
  if (!applets.includes("sh")) throw new Error(`${busybox} has no sh applet: is it busybox?`);
  const rootfs: TarEntry[] = [
    { type: "dir", path: "bin" },
    { type: "file", path: "bin/busybox", data, mode: 0o755 },
    ...applets.sort().map((a): TarEntry => ({ type: "symlink", path: `bin/${a}`, target: "busybox" })),
    { type: "dir", path: "dev" },
    { type: "dir", path: "etc" },
    { type: "file", path: "etc/passwd", data: Buffer.from(PASSWD) },
    { type: "file", path: "etc/group", data: Buffer.from(GROUP) },
    { type: "dir", path: "home" },
    { type: "dir", path: "proc" },
    { type: "dir", path: "root", mode: 0o700 },
    { type: "dir", path: "sys" },
    { type: "dir", path: "tmp", mode: 0o1777 },
    { type: "dir", path: "usr" },
    { type: "dir", path: "usr/bin" },
    { type: "dir", path: "var" },
  ];
  const image = buildOciImage(rootfs, { name: BUSYBOX_IMAGE, cmd: ["sh"] });
  await mkdir(join(cache, "images"), { recursive: true });
  await writeAtomic(file, image.tarball);
  return { name: BUSYBOX_IMAGE, file };
}

/** Both local images, built if their cached tarball is missing. */
export async function ensureLocalImageTarballs(options: LocalImageOptions = {}): Promise<LocalImageTarball[]> {
  return [await buildPauseImage(options), await buildBusyboxImage(options)];
}
