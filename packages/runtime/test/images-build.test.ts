// The local image builder: tarball structure and digests as OCI specifies them, the busybox
// rootfs, deterministic output, and the real pause binary's signal handling.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildBusyboxImage, buildPauseBinary, buildPauseImage, BUSYBOX_IMAGE, PAUSE_IMAGE } from "../src/images/local-images";
import { buildOciImage, ociArchitecture } from "../src/images/oci-layout";
import { readTarFiles, writeTar } from "../src/images/tar";

const cacheDir = mkdtempSync(join(tmpdir(), "podscope-images-build-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

function openLayout(tarball: Buffer) {
  const files = readTarFiles(tarball);
  const blob = (digest: string) => {
    const b = files.get(`blobs/sha256/${digest.slice(7)}`);
    if (!b) throw new Error(`blob ${digest} missing`);
    expect(sha(b)).toBe(digest); // content-addressed: the name is the hash of the content
    return b;
  };
  const index = JSON.parse(files.get("index.json")!.toString());
  const manifest = JSON.parse(blob(index.manifests[0].digest).toString());
  const config = JSON.parse(blob(manifest.config.digest).toString());
  const layer = readTarFiles(blob(manifest.layers[0].digest));
  return { files, index, manifest, config, layer, layerBlob: blob(manifest.layers[0].digest) };
}

describe("OCI image layout", () => {
  it("has oci-layout, an index naming the image, and content-addressed blobs", () => {
    const img = buildOciImage([{ type: "file", path: "hello.txt", data: Buffer.from("hi\n") }], {
      name: "localhost/hello:1.0",
      cmd: ["cat", "/hello.txt"],
    });
    const l = openLayout(img.tarball);
    expect(JSON.parse(l.files.get("oci-layout")!.toString())).toEqual({ imageLayoutVersion: "1.0.0" });
    expect(l.index.manifests).toHaveLength(1);
    expect(l.index.manifests[0].annotations["io.containerd.image.name"]).toBe("localhost/hello:1.0");
    expect(l.index.manifests[0].annotations["org.opencontainers.image.ref.name"]).toBe("1.0");
    expect(l.index.manifests[0].digest).toBe(img.manifestDigest);
    expect(l.manifest.config.digest).toBe(img.configDigest);
    expect(l.manifest.layers[0].mediaType).toBe("application/vnd.oci.image.layer.v1.tar");
    expect(l.manifest.layers[0].size).toBe(l.layerBlob.length);
    expect(l.config).toMatchObject({ os: "linux", architecture: ociArchitecture(), config: { Cmd: ["cat", "/hello.txt"] } });
    expect(l.config.config.Env[0]).toMatch(/^PATH=.*\/bin/);
    // diff_ids name the uncompressed layer; ours is uncompressed, so it equals the layer digest.
    expect(l.config.rootfs.diff_ids).toEqual([l.manifest.layers[0].digest]);
    expect(l.layer.get("hello.txt")!.toString()).toBe("hi\n");
  });

  it("is deterministic: same input, same digests", () => {
    const a = buildOciImage([{ type: "file", path: "x", data: Buffer.from("1") }], { name: "localhost/x:1" });
    const b = buildOciImage([{ type: "file", path: "x", data: Buffer.from("1") }], { name: "localhost/x:1" });
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(b.tarball.equals(a.tarball)).toBe(true);
  });

  it("refuses a name without a tag", () => {
    expect(() => buildOciImage([], { name: "localhost/x" })).toThrow("image name needs a tag: localhost/x");
  });

  it("maps Node's architecture names to OCI's and refuses unknown ones", () => {
    expect(ociArchitecture("x64")).toBe("amd64");
    expect(ociArchitecture("arm64")).toBe("arm64");
    expect(() => ociArchitecture("vax")).toThrow("no OCI architecture name for vax");
  });

  it("writes tar archives GNU tar can read (long names, symlinks, modes)", async () => {
    const long = `${"d".repeat(80)}/${"f".repeat(60)}`;
    const tar = writeTar([
      { type: "dir", path: "d".repeat(80) },
      { type: "file", path: long, data: Buffer.from("x"), mode: 0o600 },
      { type: "symlink", path: "link", target: "d/f" },
    ]);
    const f = join(cacheDir, "t.tar");
    writeFileSync(f, tar);
    const listing = await runCapture("tar", ["tvf", f]);
    expect(listing).toContain(`-rw------- root/root         1 1970-01-01 00:00 ${long}`);
    expect(listing).toContain("link -> d/f");
    expect(() => writeTar([{ type: "symlink", path: "l", target: "x".repeat(101) }])).toThrow("tar: link target too long");
  });
});

describe("local images", () => {
  it("busybox: Debian's static busybox with applet symlinks, /etc/passwd and /tmp", async () => {
    const t = await buildBusyboxImage({ cacheDir });
    expect(t.name).toBe(BUSYBOX_IMAGE);
    const l = openLayout(readFileSync(t.file));
    expect(l.index.manifests[0].annotations["io.containerd.image.name"]).toBe("localhost/busybox:latest");
    expect(l.config.config.Cmd).toEqual(["sh"]);
    expect(l.layer.get("bin/busybox")!.equals(readFileSync("/bin/busybox"))).toBe(true);
    expect(l.layer.get("etc/passwd")!.toString()).toMatch(/^root:x:0:0:/);
    const raw = l.layerBlob;
    const entries = await listTar(raw);
    for (const applet of ["sh", "sleep", "echo", "cat", "ls", "ps", "top", "wget", "nc", "dd", "head", "yes", "true", "false", "kill"]) {
      expect(
        entries.some((e) => e.endsWith(` bin/${applet} -> busybox`)),
        applet,
      ).toBe(true);
    }
    expect(entries.find((e) => e.endsWith(" tmp/"))).toMatch(/^drwxrwxrwt/);
  });

  it("pause: our binary as the entrypoint, cached by source", async () => {
    const t = await buildPauseImage({ cacheDir });
    expect(t.name).toBe(PAUSE_IMAGE);
    const l = openLayout(readFileSync(t.file));
    expect(l.config.config.Entrypoint).toEqual(["/pause"]);
    const bin = await buildPauseBinary({ cacheDir });
    expect(l.layer.get("pause")!.equals(readFileSync(bin))).toBe(true);
    // Built static: runs without a dynamic loader.
    expect(elfInterpreter(readFileSync(bin))).toBeUndefined();
    expect((await buildPauseImage({ cacheDir })).file).toBe(t.file);
  });

  it("pause exits 0 on SIGTERM and on SIGINT, and prints its version", async () => {
    const bin = await buildPauseBinary({ cacheDir });
    expect((await runCapture(bin, ["-v"])).trim()).toBe("podscope-pause 3.10");
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      const p = spawn(bin, [], { stdio: "ignore" });
      await new Promise((r) => setTimeout(r, 100));
      expect(p.exitCode).toBeNull(); // still waiting
      p.kill(sig);
      const [code, signal] = await new Promise<[number | null, string | null]>((r) => p.on("exit", (c, s) => r([c, s])));
      expect({ sig, code, signal }).toEqual({ sig, code: 0, signal: null });
    }
  });

  it("reports a missing busybox readably", async () => {
    await expect(buildBusyboxImage({ cacheDir, busyboxBinary: "/nonexistent/busybox" })).rejects.toThrow(
      "cannot build the busybox image: /nonexistent/busybox is missing (apt-get install busybox-static)",
    );
  });

  it("reports a pause.c that does not compile readably", async () => {
    const bad = join(cacheDir, "bad.c");
    writeFileSync(bad, "int main( {");
    await expect(buildPauseBinary({ cacheDir, pauseSource: bad })).rejects.toThrow(/^cannot build the pause image: gcc failed: .*error/s);
  });
});

/** The PT_INTERP (dynamic loader) of a 64-bit little-endian ELF file, if it has one. */
function elfInterpreter(elf: Buffer): string | undefined {
  expect(elf.subarray(0, 4).toString("latin1")).toBe("\x7fELF");
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (elf.readUInt32LE(ph) === 3) {
      const off = Number(elf.readBigUInt64LE(ph + 8));
      const size = Number(elf.readBigUInt64LE(ph + 32));
      return elf
        .subarray(off, off + size)
        .toString("latin1")
        .replace(/\0$/, "");
    }
  }
  return undefined;
}

function runCapture(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args);
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function listTar(tar: Buffer): Promise<string[]> {
  const f = join(cacheDir, `list-${Date.now()}.tar`);
  writeFileSync(f, tar);
  return (await runCapture("tar", ["tvf", f])).split("\n").filter(Boolean);
}
