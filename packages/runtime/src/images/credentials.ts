// Registry credentials as kubelet finds them (pkg/credentialprovider keyring.go): docker config
// files ({"auths": {host: {auth | username, password}}}, or the older .dockercfg shape without
// "auths"), keyed by host[:port][/path]; an image gets every entry whose key matches its
// repository, most specific first. Pure: text and objects in, credentials out.
import type { AuthConfig } from "../cri/types";

export interface RegistryCredential {
  username: string;
  password: string;
  /** Where it came from, for messages ("secret default/regcred", "/root/.podscope/config.json"). */
  source: string;
}

/** One docker config: keys as kubelet indexes them (scheme and /v1/ or /v2/ dropped). */
export type DockerKeyring = { key: string; cred: RegistryCredential }[];

export class DockerConfigError extends Error {
  constructor(
    readonly source: string,
    why: string,
  ) {
    super(`${source}: ${why}`);
    this.name = "DockerConfigError";
  }
}

interface DockerConfigEntry {
  auth?: string;
  username?: string;
  password?: string;
  email?: string;
}

/** The registry key kubelet derives from a docker config location ("https://index.docker.io/v1/" → "index.docker.io"). */
export function keyringKey(location: string): string | undefined {
  const value = /^https?:\/\//.test(location) ? location : `https://${location}`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return undefined;
  }
  let path = u.pathname;
  if (path.startsWith("/v2/") || path.startsWith("/v1/")) path = path.slice(3);
  return path.length > 0 && path !== "/" ? `${u.host}${path}` : u.host;
}

/** Parses a docker config file's text (config.json or .dockercfg) into keyring entries. */
export function parseDockerConfig(text: string, source: string): DockerKeyring {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DockerConfigError(source, `not JSON (${(err as Error).message})`);
  }
  if (!json || typeof json !== "object") throw new DockerConfigError(source, "not a JSON object");
  const obj = json as Record<string, unknown>;
  const auths = (obj.auths && typeof obj.auths === "object" ? obj.auths : "auths" in obj ? {} : obj) as Record<string, DockerConfigEntry>;
  const out: DockerKeyring = [];
  for (const [location, entry] of Object.entries(auths)) {
    if (!entry || typeof entry !== "object") continue;
    let { username = "", password = "" } = entry;
    if (entry.auth) {
      // docker stores base64("user:password"); the username ends at the first colon.
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new DockerConfigError(source, `the auth of ${JSON.stringify(location)} is not base64 of "username:password"`);
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    const key = keyringKey(location);
    if (key) out.push({ key, cred: { username, password, source } });
  }
  return out;
}

/** A Secret of type kubernetes.io/dockerconfigjson (or the older kubernetes.io/dockercfg) as a keyring. */
export function secretKeyring(secret: {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  metadata?: { name?: string; namespace?: string };
}): DockerKeyring {
  const source = `secret ${secret.metadata?.namespace ?? "default"}/${secret.metadata?.name ?? ""}`;
  const field = secret.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
  const text =
    secret.stringData?.[field] ??
    (secret.data?.[field] !== undefined ? Buffer.from(secret.data[field], "base64").toString("utf8") : undefined);
  if (text === undefined) return [];
  return parseDockerConfig(text, source);
}

function splitHost(u: URL): { parts: string[]; port: string } {
  return { parts: u.hostname.split("."), port: u.port };
}

/** kubelet's URLsMatch: same number of host parts, each matching as a glob, same port, path prefix. */
function urlsMatch(glob: string, target: string): boolean {
  let g: URL, t: URL;
  try {
    g = new URL(`https://${glob}`);
    t = new URL(`https://${target}`);
  } catch {
    return false;
  }
  const gs = splitHost(g);
  const ts = splitHost(t);
  if (gs.port !== ts.port || gs.parts.length !== ts.parts.length) return false;
  if (!t.pathname.startsWith(g.pathname)) return false;
  return gs.parts.every((p, i) => globMatch(p, ts.parts[i]));
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^.]*")
      .replace(/\?/g, "[^.]")}$`,
  );
  return re.test(s);
}

/** Docker Hub images are also matched by the index.docker.io key (kubelet's isDefaultRegistryMatch). */
function isDefaultRegistry(repo: string): boolean {
  const [first, rest] = [repo.split("/")[0], repo.includes("/")];
  if (!first) return false;
  if (!rest) return true;
  if (first === "docker.io" || first === "index.docker.io") return true;
  return !/[.:]/.test(first);
}

/**
 * The credentials to try for a repository ("127.0.0.1:5000/app", "docker.io/library/busybox"), in
 * kubelet's order: each keyring in turn (the pod's secrets before the node's config), and within
 * one the most specific key first.
 */
export function lookupCredentials(keyrings: DockerKeyring[], repo: string): RegistryCredential[] {
  const out: RegistryCredential[] = [];
  for (const ring of keyrings) {
    const keys = [...new Set(ring.map((e) => e.key))].sort().reverse();
    const found: RegistryCredential[] = [];
    for (const k of keys) if (urlsMatch(k, repo)) found.push(...ring.filter((e) => e.key === k).map((e) => e.cred));
    if (!found.length && isDefaultRegistry(repo)) found.push(...ring.filter((e) => e.key === "index.docker.io").map((e) => e.cred));
    out.push(...found);
  }
  return out;
}

export function toAuthConfig(c: RegistryCredential): AuthConfig {
  return { username: c.username, password: c.password };
}
