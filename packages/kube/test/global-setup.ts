// Builds (cached) and starts the real control plane for the tests; stops it afterwards if this
// run started it. A failure here fails the whole run loudly: there is no fallback to a fake.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "scripts", "controlplane.sh");

declare module "vitest" {
  export interface ProvidedContext {
    kubeconfig: string;
    limitedKubeconfig: string;
    controlplaneScript: string;
  }
}

function run(args: string[], timeoutMs: number): string {
  try {
    return execFileSync("bash", [script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: timeoutMs });
  } catch (e) {
    throw new Error(
      `scripts/controlplane.sh ${args.join(" ")} failed — the kube tests need the real control plane: ${(e as Error).message}`,
    );
  }
}

export default function setup(project: TestProject) {
  // A cold build takes 10–20+ minutes on 2 cores; a cached one a second.
  run(["build"], 60 * 60_000);
  const wasRunning = /kube-apiserver running/.test(run(["status"], 10_000));
  const kubeconfig = run(["start"], 5 * 60_000)
    .trim()
    .split("\n")
    .pop() as string;
  project.provide("kubeconfig", kubeconfig);
  project.provide("limitedKubeconfig", join(dirname(kubeconfig), "limited.kubeconfig"));
  project.provide("controlplaneScript", script);
  return () => {
    if (!wasRunning) run(["stop"], 60_000);
  };
}
