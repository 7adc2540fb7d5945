// `podscope up --registry-config FILE`: the local node pulls with the credentials of that file. Shown for real
// (root, the local node on its own bridge): a broken file is read at the pod's pull and reported by the node under
// that path — which only happens when the flag reached the node.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { podscope, ROOT, until } from "./helpers";

const PORT = 17841;
const home = mkdtempSync(join(tmpdir(), "podscope-up-regcfg-"));
const E = {
  PODSCOPE_HOME: home,
  PODSCOPE_PORT: String(PORT),
  KUBECONFIG: join(home, "no-kubeconfig"),
  PODSCOPE_BRIDGE: "psupreg0",
  PODSCOPE_POD_SUBNET: "10.219.41.0/24",
  PODSCOPE_RUN_DIR: join(home, "run"),
};
let upProc: ChildProcess | undefined;

afterAll(async () => {
  if (upProc && upProc.exitCode === null) {
    // Ctrl-C, as in its terminal: the servers stop, the pods stay for `down`.
    process.kill(-upProc.pid!, "SIGINT");
    await until("up stopped", async () => upProc?.exitCode !== null, 30_000);
  }
  const d = await podscope(["down"], E);
  expect(d.code, d.stderr).toBe(0);
}, 120_000);

it("hands the file to the local node, which reads it at the pull", async () => {
  expect(process.getuid?.(), "the local node needs root (CI runs as root)").toBe(0);
  const config = join(home, "creds.json");
  writeFileSync(config, "{ not json");
  upProc = spawn(
    join(ROOT, "node_modules/.bin/tsx"),
    [join(ROOT, "packages/cli/src/main.ts"), "up", "--no-web", "--port", String(PORT), "--registry-config", config],
    {
      cwd: ROOT,
      env: { ...process.env, ...E },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let output = "";
  upProc.stdout!.on("data", (d) => (output += d));
  upProc.stderr!.on("data", (d) => (output += d));
  await until(
    "podscope up serving",
    async () => {
      if (upProc?.exitCode !== null) throw new Error(`up exited:\n${output}`);
      return output.includes("podscope API:");
    },
    90_000,
  );
  expect(output).toContain("source local: available");
  expect(output).not.toContain("does not exist yet");

  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: pull}\nspec:\n  containers: [{name: app, image: "127.0.0.1:1/app:v1"}]\n';
  const r = await podscope(["apply", "-f", "-"], E, pod);
  expect(r.code, r.stderr).toBe(0);
  await until(
    "the node reporting the broken credentials file",
    async () => output.includes(`registry credentials in ${config} ignored:`),
    30_000,
  );
  // The pull itself still happens (anonymously) and fails as it would without the file.
  await until(
    "ErrImagePull",
    async () => (await podscope(["get", "pods"], E)).stdout.match(/pull\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/),
    30_000,
  );
  await podscope(["delete", "pod", "pull", "--grace-period", "0"], E);
}, 180_000);
