// Image references as a Pod names them, and how the local node maps them to what it has.
// Pure string logic: no runtime calls.
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from "./local-images";

export interface ImageReference {
  /** Registry host, "docker.io" when the reference names none. */
  domain: string;
  /** Repository path, with "library/" for official Docker Hub images. */
  path: string;
  tag?: string;
  digest?: string;
}

export class InvalidImageReferenceError extends Error {
  constructor(
    readonly ref: string,
    why: string,
  ) {
    super(`invalid image reference ${JSON.stringify(ref)}: ${why}`);
    this.name = "InvalidImageReferenceError";
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Parses a reference the way Docker and containerd read one ("busybox" → docker.io/library/busybox). */
export function parseImageReference(ref: string): ImageReference {
  if (ref.trim() === "") throw new InvalidImageReferenceError(ref, "it is empty");
  if (ref !== ref.trim() || /\s/.test(ref)) throw new InvalidImageReferenceError(ref, "it contains whitespace");
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new InvalidImageReferenceError(ref, `bad digest ${JSON.stringify(digest)}`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new InvalidImageReferenceError(ref, `bad tag ${JSON.stringify(tag)}`);
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  // The first component is a registry host when it looks like one (has '.' or ':' or is localhost).
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    domain = parts.shift()!;
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) {
    throw new InvalidImageReferenceError(ref, "repository names use lower-case letters, digits and separators (. _ -)");
  }
  if (domain === "index.docker.io") domain = "docker.io";
  if (domain === "docker.io" && parts.length === 1) parts.unshift("library");
  return { domain, path: parts.join("/"), tag, digest };
}

/** The full name containerd stores an image under ("docker.io/library/busybox:latest"). */
export function normalizeImageReference(ref: string): string {
  const r = parseImageReference(ref);
  const name = `${r.domain}/${r.path}`;
  if (r.digest) return r.tag ? `${name}:${r.tag}@${r.digest}` : `${name}@${r.digest}`;
  return `${name}:${r.tag ?? "latest"}`;
}

/**
 * The local image a reference stands for, if it is one of ours: busybox and pause under any
 * tag and from Docker Hub, registry.k8s.io or localhost. A digest pins other content, so a
 * reference with a digest is never aliased.
 */
export function localImageAlias(ref: string): string | undefined {
  const r = parseImageReference(ref);
  if (r.digest) return undefined;
  const base = r.path.split("/").pop();
  const hub = r.domain === "docker.io" && (r.path === "library/busybox" || r.path === "library/pause");
  const k8s = (r.domain === "registry.k8s.io" || r.domain === "k8s.gcr.io") && r.path === "pause";
  const local = r.domain === "localhost" && (r.path === "busybox" || r.path === "pause");
  if (!hub && !k8s && !local) return undefined;
  return base === "busybox" ? BUSYBOX_IMAGE : PAUSE_IMAGE;
}
