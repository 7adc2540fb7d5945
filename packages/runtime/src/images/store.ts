// The images of the local node: list them and import tarballs. Which image a container gets,
// and pulls from registries, are the image manager's (kubelet/image-manager.ts).
import { execFile } from "node:child_process";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { isErrno } from "@podscope/core";
import { commandFailure } from "../exec-failure";
import type { Image, ImageService } from "../cri/types";
import { tarEntryNames } from "./tar";

const run = promisify(execFile);

export interface LocalImage {
  /** The name to show: the first repo tag, else the first repo digest, else the id. */
  name: string;
  repoTags: string[];
  repoDigests: string[];
  /** sha256:… of the image config. */
  id: string;
  size: number;
}

export function toLocalImage(i: Image): LocalImage {
  return {
    name: i.repo_tags[0] ?? i.repo_digests[0] ?? i.id,
    repoTags: i.repo_tags,
    repoDigests: i.repo_digests,
    id: i.id,
    size: i.size,
  };
}

export async function listImages(cri: Pick<ImageService, "listImages">): Promise<LocalImage[]> {
  const images = (await cri.listImages()).map(toLocalImage);
  return images.sort((a, b) => a.name.localeCompare(b.name));
}

export class ImageImportError extends Error {
  constructor(
    readonly file: string,
    why: string,
  ) {
    super(`cannot import ${file}: ${why}`);
    this.name = "ImageImportError";
  }
}

export type ArchiveKind = "oci-layout" | "docker-archive" | "compressed";

/** Looks inside (headers only) to tell an OCI image layout from a docker-archive. */
export function detectImageArchive(file: string): ArchiveKind {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (err) {
    throw new ImageImportError(file, isErrno(err, "ENOENT") ? "no such file" : err instanceof Error ? err.message : String(err));
  }
  try {
    const size = statSync(file).size;
    if (size === 0) throw new ImageImportError(file, "the file is empty");
    const magic = Buffer.alloc(6);
    readSync(fd, magic, 0, 6, 0);
    // gzip, zstd, xz: ctr decompresses these itself; let it judge the content.
    if (
      (magic[0] === 0x1f && magic[1] === 0x8b) ||
      magic.readUInt32LE(0) === 0xfd2fb528 ||
      magic.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
    ) {
      return "compressed";
    }
    let names: string[];
    try {
      names = tarEntryNames(fd, size, (f, buf, pos) => readSync(f, buf, 0, buf.length, pos));
    } catch {
      throw new ImageImportError(file, "it is not a tar archive (expected an OCI image layout or docker-archive tarball)");
    }
    if (names.includes("oci-layout") && names.includes("index.json")) return "oci-layout";
    if (names.includes("manifest.json")) return "docker-archive";
    throw new ImageImportError(
      file,
      "the tarball is neither an OCI image layout (oci-layout, index.json) nor a docker-archive (manifest.json)",
    );
  } finally {
    closeSync(fd);
  }
}

export interface ImportTarget {
  socket: string;
  /** Defaults to /usr/bin/ctr. */
  ctrBinary?: string;
}

/**
 * Imports an OCI image-layout or docker-archive tarball into the CRI's namespace (k8s.io),
 * unpacked for its snapshotter. Returns the names of the imported images.
 */
export async function importImage(target: ImportTarget, file: string): Promise<string[]> {
  detectImageArchive(file);
  const ctr = target.ctrBinary ?? "/usr/bin/ctr";
  let stdout: string;
  try {
    ({ stdout } = await run(ctr, ["-a", target.socket, "-n", "k8s.io", "images", "import", file], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    const msg = commandFailure(err).replace(/^ctr: /, "");
    throw new ImageImportError(file, msg);
  }
  // ctr prints "unpacking <name> (<digest>)...done" per image.
  const names = [...stdout.matchAll(/^unpacking (\S+) \(/gm)].map((m) => m[1]);
  if (names.length === 0) throw new ImageImportError(file, `no named image in the archive (ctr said: ${stdout.trim() || "nothing"})`);
  return names;
}
