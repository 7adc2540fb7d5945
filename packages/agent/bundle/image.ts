// The agent's container image, built here without a registry or a Docker engine:
//   /agent/agent.mjs   src/main.ts bundled by esbuild into one ES module
//   /agent/node        this machine's node binary, with the shared libraries ldd lists at their paths
//                      (and the dynamic loader at the path the binary names)
//   /agent/api.proto   the CRI protocol definition (PODSCOPE_CRI_PROTO points at it)
//   /etc/passwd, /etc/group (node's os.userInfo needs them)
// Nothing else: no shell, no package manager. The archive is an OCI image layout written by
// packages/runtime's image writer (the same one as localhost/pause and localhost/busybox) and is cached
// in $PODSCOPE_CACHE/agent/<hash>/, keyed by the bundle's content, the proto and the node binary, so a
// warm build is one esbuild run and a few stat calls.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildOciImage, importImage, podscopeCacheDir, type TarEntry } from "@podscope/runtime";

const run = promisify(execFile);

// Bump when this builder's output changes for the same inputs, to invalidate cached archives.
const BUILDER_VERSION = "1";

/** Where the agent's files live inside the image (the manifest's command names them). */
export const IMAGE_DIR = "/agent";
export const IMAGE_NODE = `${IMAGE_DIR}/node`;
export const IMAGE_BUNDLE = `${IMAGE_DIR}/agent.mjs`;
export const IMAGE_PROTO = `${IMAGE_DIR}/api.proto`;

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = join(PACKAGE_DIR, "src", "main.ts");

export interface AgentImageOptions {
  /** Full reference, e.g. podscope.local/agent:0.1.0. */
  name: string;
  /** The agent's version, recorded as an image label. */
  version: string;
  /** Defaults to $PODSCOPE_CACHE or /var/cache/podscope. */
  cacheDir?: string;
  /** Defaults to /usr/bin/node. */
  nodeBinary?: string;
  /** Defaults to packages/runtime/proto/api.proto (written by scripts/setup-node.sh). */
  protoFile?: string;
  /** The module to bundle; defaults to src/main.ts. */
  entry?: string;
}

export interface AgentImage {
  name: string;
  /** The OCI image-layout archive. */
  file: string;
  /** Bytes of the archive (≈ the unpacked image: one uncompressed layer). */
  size: number;
  /** true when the archive was already in the cache. */
  cached: boolean;
}

function criProtoPath(): string {
  return fileURLToPath(new URL("../../runtime/proto/api.proto", import.meta.url));
}

/** src/main.ts and everything it imports as one ES module; `require` exists for the CommonJS dependencies (grpc-js). */
export async function bundleAgent(entry = ENTRY): Promise<Buffer> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    write: false,
    logLevel: "silent",
    legalComments: "none",
    // Bundled CommonJS code calls require() for Node's built-in modules; an ES module has none.
    banner: { js: 'import { createRequire as __agentRequire } from "node:module"; const require = __agentRequire(import.meta.url);' },
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${entry}`);
  return Buffer.from(out.contents);
}

/** The shared libraries and loader a dynamically linked binary needs, as ldd prints them (absolute paths). */
export function parseLdd(output: string): string[] {
  const paths = new Set<string>();
  for (const line of output.split("\n")) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)";
    // the vDSO ("linux-vdso.so.1 (0x…)") is the kernel's and has no file.
    const m = /=>\s*(\/\S+)\s*\(/.exec(line) ?? /^\s*(\/\S+)\s*\(/.exec(line);
    if (m) paths.add(m[1]);
    else if (/=>\s*not found/.test(line)) throw new Error(`ldd: ${line.trim()}`);
  }
  return [...paths].sort();
}

async function sharedLibraries(binary: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run("ldd", [binary]));
  } catch (err) {
    // A static binary: ldd says "not a dynamic executable" and exits 1; it then needs nothing.
    const said = err instanceof Error && "stdout" in err ? String(err.stdout) + String((err as { stderr?: unknown }).stderr ?? "") : "";
    if (/not a dynamic executable|statically linked/.test(said)) return [];
    throw new Error(`ldd ${binary} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseLdd(stdout);
}

const PASSWD = "root:x:0:0:root:/:/agent/node\nnobody:x:65534:65534:nobody:/nonexistent:/agent/node\n";
const GROUP = "root:x:0:\nnogroup:x:65534:\n";

/** Every parent directory of the given image paths, parents first. */
function parentDirs(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) for (let d = dirname(p); d !== "." && d !== "/" && d !== ""; d = dirname(d)) dirs.add(d);
  return [...dirs].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

interface Inputs {
  bundle: Buffer;
  proto: Buffer;
  nodeBinary: string;
  nodeVersion: string;
  libs: string[];
}

async function readInputs(opts: AgentImageOptions): Promise<Inputs> {
  const nodeBinary = opts.nodeBinary ?? "/usr/bin/node";
  const protoFile = opts.protoFile ?? criProtoPath();
  if (!existsSync(protoFile)) throw new Error(`${protoFile} is missing: run scripts/setup-node.sh (it fetches the CRI api.proto)`);
  if (!existsSync(nodeBinary)) throw new Error(`${nodeBinary} is missing: the agent image ships this machine's node binary`);
  const [bundle, proto, libs, version] = await Promise.all([
    bundleAgent(opts.entry),
    readFile(protoFile),
    sharedLibraries(nodeBinary),
    run(nodeBinary, ["--version"]).then((r) => r.stdout.trim()),
  ]);
  return { bundle, proto, nodeBinary, nodeVersion: version, libs };
}

/**
 * The cache key: the bundle (a function of src/ and every module it imports), the proto, the node binary's
 * version and identity, the libraries' identities, the name and this builder's version. Binaries are
 * identified by path, size and mtime rather than read (95 MB), which a package upgrade changes.
 */
async function inputsKey(inputs: Inputs, opts: AgentImageOptions): Promise<string> {
  const h = createHash("sha256");
  h.update(`${BUILDER_VERSION}\0${opts.name}\0${opts.version}\0${inputs.nodeVersion}\0`);
  h.update(inputs.bundle);
  h.update(inputs.proto);
  for (const file of [inputs.nodeBinary, ...inputs.libs]) {
    const real = await realpath(file);
    const s = await stat(real);
    h.update(`${file}\0${real}\0${s.size}\0${s.mtimeMs}\0`);
  }
  return h.digest("hex").slice(0, 16);
}

async function rootfs(inputs: Inputs): Promise<TarEntry[]> {
  const strip = (p: string) => p.replace(/^\/+/, "");
  const libs = await Promise.all(
    inputs.libs.map(async (p): Promise<TarEntry> => ({
      type: "file",
      path: strip(p),
      data: await readFile(await realpath(p)),
      mode: 0o755,
    })),
  );
  const files: TarEntry[] = [
    { type: "file", path: strip(IMAGE_NODE), data: await readFile(await realpath(inputs.nodeBinary)), mode: 0o755 },
    { type: "file", path: strip(IMAGE_BUNDLE), data: inputs.bundle },
    { type: "file", path: strip(IMAGE_PROTO), data: inputs.proto },
    { type: "file", path: "etc/passwd", data: Buffer.from(PASSWD) },
    { type: "file", path: "etc/group", data: Buffer.from(GROUP) },
    ...libs,
  ];
  // Mount points the runtime fills; os.tmpdir() needs a /tmp.
  const extraDirs = ["proc", "sys", "dev", "tmp", "host"];
  const dirs: TarEntry[] = [...parentDirs(files.map((f) => f.path)), ...extraDirs]
    .filter((d, i, all) => all.indexOf(d) === i)
    .map((d): TarEntry => ({ type: "dir", path: d, mode: d === "tmp" ? 0o1777 : 0o755 }));
  return [...dirs, ...files];
}

async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Builds the agent image archive, or finds it in the cache. */
export async function ensureAgentImage(opts: AgentImageOptions): Promise<AgentImage> {
  const inputs = await readInputs(opts);
  const key = await inputsKey(inputs, opts);
  const dir = join(opts.cacheDir ?? podscopeCacheDir(), "agent", key);
  const file = join(dir, "image.tar");
  if (existsSync(file)) return { name: opts.name, file, size: (await stat(file)).size, cached: true };
  const image = buildOciImage(await rootfs(inputs), {
    name: opts.name,
    entrypoint: [IMAGE_NODE, IMAGE_BUNDLE],
    workingDir: IMAGE_DIR,
    env: [`PATH=${IMAGE_DIR}`, `PODSCOPE_CRI_PROTO=${IMAGE_PROTO}`],
    labels: {
      "org.opencontainers.image.title": "podscope agent",
      "org.opencontainers.image.description": "read-only node inspection (cgroups, namespaces, processes, CRI) for podscope",
      "org.opencontainers.image.version": opts.version,
      "dev.podscope.node-version": inputs.nodeVersion,
    },
  });
  await mkdir(dir, { recursive: true });
  await writeAtomic(file, image.tarball);
  await writeFile(
    join(dir, "image.json"),
    `${JSON.stringify({ name: opts.name, manifestDigest: image.manifestDigest, configDigest: image.configDigest, nodeVersion: inputs.nodeVersion }, null, 2)}\n`,
  );
  await pruneOlderImages(join(opts.cacheDir ?? podscopeCacheDir(), "agent"), key);
  return { name: opts.name, file, size: image.tarball.length, cached: false };
}

// Archives kept besides the newest: every source change makes a new ~100 MB one, and the old ones are only
// worth keeping while a build of an older checkout may still want them.
const KEEP_OLDER = 2;

/** Removes all but the KEEP_OLDER most recent archives other than `current`. */
async function pruneOlderImages(agentDir: string, current: string): Promise<void> {
  const dirs = await Promise.all(
    (await readdir(agentDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name !== current)
      .map(async (e) => ({ path: join(agentDir, e.name), mtime: (await stat(join(agentDir, e.name))).mtimeMs })),
  );
  dirs.sort((a, b) => b.mtime - a.mtime);
  for (const d of dirs.slice(KEEP_OLDER)) await rm(d.path, { recursive: true, force: true });
}

/** Imports the archive into the containerd behind `socket`, in the CRI's namespace (k8s.io). */
export async function loadAgentImage(socket: string, file: string): Promise<string[]> {
  return importImage({ socket }, file);
}
