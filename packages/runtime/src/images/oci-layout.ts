// Builds an OCI image-layout tarball (oci-layout, index.json, blobs/sha256/…) with a single
// uncompressed layer — an image without a registry, importable with `ctr images import`.
import { createHash } from "node:crypto";
import { writeTar, type TarEntry } from "./tar";

export interface ImageConfigSpec {
  /** Full local reference, e.g. "localhost/busybox:latest": stored as io.containerd.image.name. */
  name: string;
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  /** Image config labels (org.opencontainers.image.* and the like). */
  labels?: Record<string, string>;
  /** OCI architecture; defaults to the machine's. */
  architecture?: string;
  /** RFC 3339; fixed by default so the image digest depends on content only. */
  created?: string;
}

export interface BuiltImage {
  name: string;
  /** sha256:… of the manifest (what the runtime reports as the image's repo digest). */
  manifestDigest: string;
  /** sha256:… of the config (the image id as containerd's CRI reports it). */
  configDigest: string;
  tarball: Buffer;
}

export const DEFAULT_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const MEDIA = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar",
};

/** Node's process.arch to the OCI/Go name. */
export function ociArchitecture(arch: string = process.arch): string {
  const map: Record<string, string> = {
    x64: "amd64",
    arm64: "arm64",
    arm: "arm",
    ia32: "386",
    ppc64: "ppc64le",
    s390x: "s390x",
    riscv64: "riscv64",
  };
  const a = map[arch];
  if (!a) throw new Error(`no OCI architecture name for ${arch}`);
  return a;
}

function sha256(data: Buffer): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function buildOciImage(rootfs: TarEntry[], spec: ImageConfigSpec): BuiltImage {
  const refMatch = /^(.+):([^:/]+)$/.exec(spec.name);
  if (!refMatch) throw new Error(`image name needs a tag: ${spec.name}`);
  const architecture = spec.architecture ?? ociArchitecture();
  const created = spec.created ?? "1970-01-01T00:00:00Z";

  const layer = writeTar(rootfs);
  const layerDigest = sha256(layer);
  const config = Buffer.from(
    JSON.stringify({
      created,
      architecture,
      os: "linux",
      config: {
        Env: spec.env ?? [DEFAULT_PATH_ENV],
        ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.labels ? { Labels: spec.labels } : {}),
      },
      rootfs: { type: "layers", diff_ids: [layerDigest] },
      history: [{ created, created_by: "podscope image builder" }],
    }),
  );
  const configDigest = sha256(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, digest: configDigest, size: config.length },
      layers: [{ mediaType: MEDIA.layer, digest: layerDigest, size: layer.length }],
    }),
  );
  const manifestDigest = sha256(manifest);
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.index,
      manifests: [
        {
          mediaType: MEDIA.manifest,
          digest: manifestDigest,
          size: manifest.length,
          platform: { architecture, os: "linux" },
          // containerd names the imported image after this annotation, verbatim.
          annotations: { "io.containerd.image.name": spec.name, "org.opencontainers.image.ref.name": refMatch[2] },
        },
      ],
    }),
  );
  const blob = (digest: string, data: Buffer): TarEntry => ({ type: "file", path: `blobs/sha256/${digest.slice(7)}`, data });
  const tarball = writeTar([
    { type: "file", path: "oci-layout", data: Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })) },
    { type: "file", path: "index.json", data: index },
    { type: "dir", path: "blobs" },
    { type: "dir", path: "blobs/sha256" },
    blob(layerDigest, layer),
    blob(configDigest, config),
    blob(manifestDigest, manifest),
  ]);
  return { name: spec.name, manifestDigest, configDigest, tarball };
}
