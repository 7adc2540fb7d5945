// Images on a real containerd: the local ones are there after start, tarballs import (OCI
// image layout and docker-archive) and run, references resolve, and what cannot be had says so.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { down, ensureContainerd, type ContainerdInstance } from "../src/containerd";
import type { Container, Pod } from "@podscope/core";
import { detectImageArchive, ImageImportError, importImage, listImages } from "../src/images";
import { EventRecorder } from "../src/kubelet/events";
import { ImageManager } from "../src/kubelet/image-manager";
import { buildOciImage, ociArchitecture } from "../src/images/oci-layout";
import { readTarFiles, writeTar, type TarEntry } from "../src/images/tar";
import { busyboxContainer, newPodUid, removeHome, sandboxConfig, testNodeOptions } from "./cri-fixture";

const o = testNodeOptions("img");
let node: ContainerdInstance;

beforeAll(async () => {
  node = await ensureContainerd(o);
});

afterAll(async () => {
  node?.cri.close();
  const report = await down(o);
  removeHome(o);
  expect(report.errors).toEqual([]);
});

/** A rootfs of busybox plus one file, so the imported image can run something that shows it. */
function rootfsWith(file: string, content: string): TarEntry[] {
  return [
    { type: "dir", path: "bin" },
    { type: "file", path: "bin/busybox", data: readFileSync("/bin/busybox"), mode: 0o755 },
    { type: "symlink", path: "bin/sh", target: "busybox" },
    { type: "symlink", path: "bin/cat", target: "busybox" },
    { type: "symlink", path: "bin/sleep", target: "busybox" },
    { type: "file", path: file, data: Buffer.from(content) },
  ];
}

/** A docker-archive (`docker save` format): manifest.json, the config, one layer.tar. */
function dockerArchive(rootfs: TarEntry[], repoTag: string): Buffer {
  const layer = writeTar(rootfs);
  const layerHex = createHash("sha256").update(layer).digest("hex");
  const config = Buffer.from(
    JSON.stringify({
      architecture: ociArchitecture(),
      os: "linux",
      config: { Env: ["PATH=/bin"], Cmd: ["sh"] },
      rootfs: { type: "layers", diff_ids: [`sha256:${layerHex}`] },
    }),
  );
  const configHex = createHash("sha256").update(config).digest("hex");
  const manifest = [{ Config: `${configHex}.json`, RepoTags: [repoTag], Layers: [`${layerHex}/layer.tar`] }];
  return writeTar([
    { type: "file", path: "manifest.json", data: Buffer.from(JSON.stringify(manifest)) },
    { type: "file", path: `${configHex}.json`, data: config },
    { type: "dir", path: layerHex },
    { type: "file", path: `${layerHex}/layer.tar`, data: layer },
  ]);
}

async function runOnce(image: string, command: string[]): Promise<string> {
  const uid = newPodUid();
  const sb = sandboxConfig(o, `run-${uid.slice(0, 8)}`, uid);
  const id = await node.cri.runPodSandbox(sb);
  try {
    const c = await node.cri.createContainer(id, { ...busyboxContainer("main", ["sleep", "1000"]), image: { image } }, sb);
    await node.cri.startContainer(c);
    const r = await node.cri.execSync(c, command, 10);
    return r.stdout.toString();
  } finally {
    await node.cri.stopPodSandbox(id);
    await node.cri.removePodSandbox(id);
  }
}

describe("local images on podscope's containerd", () => {
  it("has pause and busybox after start, listed under their local names", async () => {
    const images = await listImages(node.cri);
    const names = images.map((i) => i.name);
    expect(names).toContain("localhost/pause:3.10");
    expect(names).toContain("localhost/busybox:latest");
    for (const i of images) {
      expect(i.id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(i.size).toBeGreaterThan(0);
    }
    // A second ensure reuses the running containerd and imports nothing.
    const again = await ensureContainerd(o);
    again.cri.close();
    expect(again.started).toBe(false);
    expect(again.imported).toEqual([]);
  });

  it("imports an OCI image-layout tarball under its annotated name and runs it", async () => {
    const file = join(o.home, "hello.tar");
    writeFileSync(
      file,
      buildOciImage(rootfsWith("hello.txt", "hello from an OCI layout\n"), { name: "localhost/hello:1.0", cmd: ["sh"] }).tarball,
    );
    expect(detectImageArchive(file)).toBe("oci-layout");
    expect(await importImage({ socket: node.socket }, file)).toEqual(["localhost/hello:1.0"]);
    expect((await listImages(node.cri)).map((i) => i.name)).toContain("localhost/hello:1.0");
    expect(await runOnce("localhost/hello:1.0", ["cat", "/hello.txt"])).toBe("hello from an OCI layout\n");
  });

  it("imports a docker-archive tarball and runs it", async () => {
    const file = join(o.home, "dockerish.tar");
    writeFileSync(file, dockerArchive(rootfsWith("what.txt", "docker-archive\n"), "localhost/dockerish:2"));
    expect(detectImageArchive(file)).toBe("docker-archive");
    expect(await importImage({ socket: node.socket }, file)).toEqual(["localhost/dockerish:2"]);
    expect(await runOnce("localhost/dockerish:2", ["cat", "/what.txt"])).toBe("docker-archive\n");
  });

  // What a container gets for its image reference, through kubelet's image manager on the real CRI.
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "img-uid" },
    spec: { containers: [] },
  };
  const ensure = (image: string, extra: Partial<Container> = {}) => {
    const recorder = new EventRecorder(() => new Date(), "node");
    const manager = new ImageManager({ cri: node.cri, recorder, now: () => new Date() });
    return manager
      .ensureImageExists(pod, { name: "c", image, ...extra }, "spec.containers{c}", () => ({ keyrings: [], missing: [] }))
      .then((r) => ({ r, events: recorder.list() }));
  };

  it("resolves busybox and pause under any tag to the local images, never pulling them, and other local refs if present", async () => {
    for (const ref of ["busybox", "busybox:1.36", "docker.io/library/busybox:latest"]) {
      const { r, events } = await ensure(ref);
      expect(r, ref).toEqual({ ok: true, image: "localhost/busybox:latest" });
      expect(events.map((e) => e.message)).toEqual([`Container image "${ref}" already present on machine`]);
    }
    expect((await ensure("pause")).r).toEqual({ ok: true, image: "localhost/pause:3.10" });
    expect((await ensure("registry.k8s.io/pause:3.9")).r).toEqual({ ok: true, image: "localhost/pause:3.10" });
    expect((await ensure("localhost/hello:1.0")).r).toEqual({ ok: true, image: "localhost/hello:1.0" });
  });

  it("a missing image with pull policy Never is ErrImageNeverPull, in kubelet's words", async () => {
    const { r, events } = await ensure("nginx:1.27", { imagePullPolicy: "Never" });
    expect(r).toEqual({
      ok: false,
      reason: "ErrImageNeverPull",
      message: 'Container image "nginx:1.27" is not present with pull policy of Never',
    });
    expect(events.map((e) => [e.type, e.reason])).toEqual([["Warning", "ErrImageNeverPull"]]);
    // A localhost/ name has no registry to come from: never pulled, whatever the policy.
    expect((await ensure("localhost/nothing-here:1")).r).toMatchObject({ ok: false, reason: "ErrImageNeverPull" });
  });

  it("an unparsable reference is InvalidImageName with kubelet's message", async () => {
    const { r, events } = await ensure("Not/Valid");
    expect(r).toEqual({
      ok: false,
      reason: "InvalidImageName",
      message:
        'Failed to apply default image tag "Not/Valid": couldn\'t parse image name "Not/Valid": invalid reference format: repository name (Valid) must be lowercase',
    });
    expect(events.map((e) => e.reason)).toEqual(["InspectFailed"]);
  });

  it("refuses files that are not image archives, and loses nothing", async () => {
    const before = (await listImages(node.cri)).map((i) => i.name);
    const text = join(o.home, "notes.txt");
    writeFileSync(text, "just some text that is not a tar archive at all, long enough to fill a header block?".repeat(10));
    const plainTar = join(o.home, "plain.tar");
    writeFileSync(plainTar, writeTar([{ type: "file", path: "readme", data: Buffer.from("x") }]));
    const empty = join(o.home, "empty.tar");
    writeFileSync(empty, "");
    const cases: [string, RegExp][] = [
      [text, /it is not a tar archive/],
      [plainTar, /neither an OCI image layout .* nor a docker-archive/],
      [empty, /the file is empty/],
      [join(o.home, "missing.tar"), /no such file/],
    ];
    for (const [file, why] of cases) {
      const err = await importImage({ socket: node.socket }, file).catch((e) => e);
      expect(err, file).toBeInstanceOf(ImageImportError);
      expect(err.message).toMatch(new RegExp(`^cannot import ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
      expect(err.message).toMatch(why);
    }
    expect((await listImages(node.cri)).map((i) => i.name)).toEqual(before);
  });

  it("passes ctr's reason on when the archive itself is broken", async () => {
    // An index that points at a blob the archive does not contain.
    const img = buildOciImage([{ type: "file", path: "x", data: Buffer.from("x") }], { name: "localhost/broken:1" });
    const broken = join(o.home, "broken.tar");
    const files = readTarFiles(img.tarball);
    writeFileSync(
      broken,
      writeTar([
        { type: "file", path: "oci-layout", data: files.get("oci-layout")! },
        { type: "file", path: "index.json", data: files.get("index.json")! },
      ]),
    );
    const err = await importImage({ socket: node.socket }, broken).catch((e) => e);
    expect(err).toBeInstanceOf(ImageImportError);
    expect(err.message).toMatch(/^cannot import .*broken\.tar: .*(not found|no such)/i);
    expect((await listImages(node.cri)).map((i) => i.name)).not.toContain("localhost/broken:1");
  });
});
