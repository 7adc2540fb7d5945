// The agent's image as built on this machine: an OCI image layout named podscope.local/agent:<version>, whose one
// layer holds the bundle, the node binary with every library ldd names, the CRI proto and nothing of the
// repository — the bundle runs from it alone. The second build of the same inputs comes from the cache.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTarFiles } from "@podscope/runtime";
import { ensureAgentImage, parseLdd } from "../bundle/image";
import { AGENT_IMAGE, AGENT_VERSION } from "../src/constants";

const cache = mkdtempSync(join(tmpdir(), "agent-image-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe("parseLdd", () => {
  it("keeps the libraries' and the loader's paths, not the vDSO", () => {
    const out = [
      "\tlinux-vdso.so.1 (0x00007ffd)",
      "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f31)",
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f31)",
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f31)",
    ].join("\n");
    expect(parseLdd(out)).toEqual([
      "/lib/x86_64-linux-gnu/libc.so.6",
      "/lib/x86_64-linux-gnu/libstdc++.so.6",
      "/lib64/ld-linux-x86-64.so.2",
    ]);
  });
  it("refuses a binary with a missing library", () => {
    expect(() => parseLdd("\tlibfoo.so.1 => not found")).toThrow(/libfoo\.so\.1 => not found/);
  });
});

describe("ensureAgentImage", () => {
  it("builds an OCI image layout of the bundle, node and its libraries, then reuses it", async () => {
    const built = await ensureAgentImage({ name: AGENT_IMAGE, version: AGENT_VERSION, cacheDir: cache });
    expect(built.cached).toBe(false);
    expect(built.file.startsWith(join(cache, "agent"))).toBe(true);

    const archive = readTarFiles(readFileSync(built.file));
    const index = JSON.parse(archive.get("index.json")!.toString()) as {
      manifests: { digest: string; annotations: Record<string, string> }[];
    };
    expect(index.manifests[0].annotations["io.containerd.image.name"]).toBe(AGENT_IMAGE);
    const blob = (digest: string) => archive.get(`blobs/sha256/${digest.slice(7)}`)!;
    const manifest = JSON.parse(blob(index.manifests[0].digest).toString()) as { config: { digest: string }; layers: { digest: string }[] };
    const config = JSON.parse(blob(manifest.config.digest).toString()) as {
      config: { Entrypoint: string[]; Env: string[]; WorkingDir: string; Labels: Record<string, string> };
    };
    expect(config.config.Entrypoint).toEqual(["/agent/node", "/agent/agent.mjs"]);
    expect(config.config.Env).toContain("PODSCOPE_CRI_PROTO=/agent/api.proto");
    expect(config.config.Labels["org.opencontainers.image.version"]).toBe(AGENT_VERSION);

    const layer = readTarFiles(blob(manifest.layers[0].digest));
    const node = readFileSync("/usr/bin/node");
    expect(layer.get("agent/node")?.equals(node)).toBe(true);
    for (const lib of parseLdd(execFileSync("ldd", ["/usr/bin/node"], { encoding: "utf8" })))
      expect(layer.has(lib.slice(1)), lib).toBe(true);
    expect(layer.get("agent/api.proto")?.toString()).toContain("service RuntimeService");
    expect(layer.has("etc/passwd")).toBe(true);

    // The bundle runs on its own, away from the repository and its node_modules.
    const dir = mkdtempSync(join(tmpdir(), "agent-bundle-"));
    try {
      writeFileSync(join(dir, "agent.mjs"), layer.get("agent/agent.mjs")!);
      const help = execFileSync("/usr/bin/node", [join(dir, "agent.mjs"), "--help"], { cwd: dir, encoding: "utf8" });
      expect(help).toMatch(/^usage: podscope-agent/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const again = await ensureAgentImage({ name: AGENT_IMAGE, version: AGENT_VERSION, cacheDir: cache });
    expect(again).toEqual({ ...built, cached: true });
  });
});
