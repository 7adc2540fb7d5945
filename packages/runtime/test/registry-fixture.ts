// Test tooling for real pulls: a distribution registry on loopback (scripts/registry.sh, built
// and cached by set-up) and a small pusher speaking the registry HTTP API (blob uploads, manifest
// PUT) for an OCI image-layout tarball. Only tests push; the node pulls through containerd.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { readTarFiles } from "../src/images/tar";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../../scripts/registry.sh", import.meta.url));

export interface TestRegistry {
  host: string;
  dir: string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (for a registry, or for "unreachable"). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a registry on 127.0.0.1 (basic auth when `credentials` is "user:password"). Needs `scripts/registry.sh build`. */
export async function startRegistry(credentials?: string): Promise<TestRegistry> {
  const bin = (await run("bash", [SCRIPT, "bin"])).stdout.trim();
  if (!existsSync(`${bin}/registry`))
    throw new Error(`the test registry is not built (${bin}/registry missing): run bash scripts/registry.sh build`);
  const dir = mkdtempSync(join(tmpdir(), "podscope-registry-"));
  const port = await freePort();
  await run("bash", [SCRIPT, "start", dir, String(port), ...(credentials ? [credentials] : [])]);
  return {
    host: `127.0.0.1:${port}`,
    dir,
    async stop() {
      await run("bash", [SCRIPT, "stop", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const sha256 = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/**
 * Pushes the image of an OCI image-layout tarball (one manifest) as host/repo:tag. Returns the manifest digest.
 * `extraLayers` (uncompressed tar archives) are gzipped and stacked on top of the tarball's layers, so a
 * many-layer image can be made from the local busybox one (the pull benchmark).
 */
export async function pushImage(
  tarball: Buffer,
  host: string,
  repo: string,
  tag: string,
  credentials?: string,
  extraLayers: Buffer[] = [],
): Promise<string> {
  const files = readTarFiles(tarball);
  const blobs = new Map<string, Buffer>();
  const blob = (digest: string) => {
    const b = blobs.get(digest) ?? files.get(`blobs/sha256/${digest.replace(/^sha256:/, "")}`);
    if (!b) throw new Error(`blob ${digest} missing from the tarball`);
    return b;
  };
  const index = JSON.parse(files.get("index.json")!.toString("utf8")) as { manifests: Descriptor[] };
  const desc = index.manifests[0];
  let manifestBytes = blob(desc.digest);
  const manifest = JSON.parse(manifestBytes.toString("utf8")) as { config: Descriptor; layers: Descriptor[] };
  if (extraLayers.length) {
    const config = JSON.parse(blob(manifest.config.digest).toString("utf8")) as { rootfs: { diff_ids: string[] } };
    for (const tar of extraLayers) {
      const gz = gzipSync(tar);
      const digest = sha256(gz);
      blobs.set(digest, gz);
      manifest.layers.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest, size: gz.length });
      config.rootfs.diff_ids.push(sha256(tar));
    }
    const configBytes = Buffer.from(JSON.stringify(config));
    manifest.config = { ...manifest.config, digest: sha256(configBytes), size: configBytes.length };
    blobs.set(manifest.config.digest, configBytes);
    manifestBytes = Buffer.from(JSON.stringify(manifest));
    desc.digest = sha256(manifestBytes);
  }
  const auth: Record<string, string> = credentials ? { authorization: `Basic ${Buffer.from(credentials).toString("base64")}` } : {};
  const base = `http://${host}/v2/${repo}`;
  for (const d of [manifest.config, ...manifest.layers]) {
    const head = await fetch(`${base}/blobs/${d.digest}`, { method: "HEAD", headers: auth });
    if (head.status === 200) continue;
    const start = await fetch(`${base}/blobs/uploads/`, { method: "POST", headers: auth });
    if (start.status !== 202) throw new Error(`upload of ${d.digest} refused: ${start.status} ${await start.text()}`);
    const location = new URL(start.headers.get("location")!, `http://${host}`);
    location.searchParams.set("digest", d.digest);
    const put = await fetch(location, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/octet-stream" },
      body: blob(d.digest),
    });
    if (put.status !== 201) throw new Error(`upload of ${d.digest} failed: ${put.status} ${await put.text()}`);
  }
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: "PUT",
    headers: { ...auth, "content-type": desc.mediaType },
    body: manifestBytes,
  });
  if (put.status !== 201) throw new Error(`manifest PUT failed: ${put.status} ${await put.text()}`);
  return desc.digest;
}
