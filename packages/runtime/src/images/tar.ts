// A small, deterministic tar (ustar) writer and reader — enough for image layers and
// image-layout archives. Deterministic (fixed mtime, uid/gid 0, given order) so the same input
// always gives the same digest, which is what the image cache is keyed on.

export type TarEntry =
  | { type: "file"; path: string; data: Buffer; mode?: number }
  | { type: "dir"; path: string; mode?: number }
  | { type: "symlink"; path: string; target: string };

const BLOCK = 512;

export function writeTar(entries: TarEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.type === "file" ? e.data : Buffer.alloc(0);
    const name = e.type === "dir" && !e.path.endsWith("/") ? `${e.path}/` : e.path;
    const mode = e.type === "symlink" ? 0o777 : (e.mode ?? (e.type === "dir" ? 0o755 : 0o644));
    const typeflag = e.type === "file" ? "0" : e.type === "dir" ? "5" : "2";
    parts.push(header(name, mode, data.length, mtime, typeflag, e.type === "symlink" ? e.target : ""));
    if (data.length > 0) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(name: string, mode: number, size: number, mtime: number, typeflag: string, linkname: string): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long names at a '/' into prefix (155) and name (100).
    const cut = name.lastIndexOf("/", name.length - 2);
    if (cut <= 0 || cut > 155 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: path too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  if (Buffer.byteLength(linkname) > 100) throw new Error(`tar: link target too long: ${linkname}`);
  h.write(base, 0, 100, "utf8");
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.fill(" ", 148, 156);
  h.write(typeflag, 156, 1, "ascii");
  h.write(linkname, 157, 100, "utf8");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

function octal(buf: Buffer, offset: number, width: number, value: number): void {
  buf.write(`${value.toString(8).padStart(width - 1, "0")}\0`, offset, width, "ascii");
}

/** The regular files of a tar archive by path (enough to look inside an image archive). */
export function readTarFiles(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let off = 0;
  let longName: string | undefined;
  while (off + BLOCK <= tar.length) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    const field = (o: number, n: number) =>
      h
        .subarray(o, o + n)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (Number.isNaN(size)) throw new Error(`not a tar archive (bad header at byte ${off})`);
    const typeflag = field(156, 1);
    const prefix = h.subarray(257, 262).toString("ascii") === "ustar" ? field(345, 155) : "";
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const data = tar.subarray(off + BLOCK, off + BLOCK + size);
    if (typeflag === "L") longName = data.toString("utf8").replace(/\0.*$/s, "");
    else if (typeflag === "0" || typeflag === "") {
      name = name.replace(/^\.\//, "");
      files.set(name, data);
    }
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

/**
 * Names of the entries of a tar file on disk, read header by header (the data is skipped,
 * so a large image archive is not loaded into memory). Throws if it is not a tar archive.
 */
export function tarEntryNames(fd: number, fileSize: number, readAt: (fd: number, buf: Buffer, pos: number) => number): string[] {
  const names: string[] = [];
  const h = Buffer.alloc(BLOCK);
  let off = 0;
  let longName: string | undefined;
  while (off + BLOCK <= fileSize) {
    if (readAt(fd, h, off) < BLOCK) break;
    if (h.every((b) => b === 0)) break;
    const field = (o: number, n: number) =>
      h
        .subarray(o, o + n)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const sizeField = field(124, 12).trim();
    const size = parseInt(sizeField || "0", 8);
    if (!/^[0-7]*$/.test(sizeField) || Number.isNaN(size)) throw new Error(`not a tar archive (bad header at byte ${off})`);
    const typeflag = field(156, 1);
    const prefix = h.subarray(257, 262).toString("ascii") === "ustar" ? field(345, 155) : "";
    if (typeflag === "L") {
      const data = Buffer.alloc(size);
      readAt(fd, data, off + BLOCK);
      longName = data.toString("utf8").replace(/\0.*$/s, "");
    } else if (typeflag !== "x" && typeflag !== "g") {
      const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      names.push(name.replace(/^\.\//, ""));
      longName = undefined;
    }
    off += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return names;
}
