// Talking to the real control plane (scripts/controlplane.sh) for the fidelity suite: the Go-built kubectl
// with the admin kubeconfig. A missing control plane fails loudly (no silent skip).
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
const SCRIPT = join(ROOT, "scripts", "controlplane.sh");

function script(...args: string[]): string {
  return execFileSync("bash", [SCRIPT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export interface ControlPlane {
  kubectl: string;
  kubeconfig: string;
}

export function controlPlane(): ControlPlane {
  const status = spawnSync("bash", [SCRIPT, "status"], { encoding: "utf8" });
  if (!/kube-apiserver running/.test(status.stdout + status.stderr)) {
    throw new Error(
      `the fidelity suite needs the control plane: run "bash scripts/controlplane.sh build && bash scripts/controlplane.sh start" first.\n${status.stdout}${status.stderr}`,
    );
  }
  const kubeconfig = /KUBECONFIG=(\S+)/.exec(script("env"))?.[1];
  if (!kubeconfig) throw new Error("scripts/controlplane.sh env printed no KUBECONFIG");
  return { kubectl: join(script("bin"), "kubectl"), kubeconfig };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const UNREACHABLE =
  /The connection to the server .* was refused|admin.kubeconfig: no such file or directory|connect: connection refused|Unable to connect to the server|the server is currently unable to handle the request|etcdserver: leader changed/;

/**
 * Run the Go-built kubectl. The control plane is shared with other suites that restart the API server, so a
 * refused connection is waited out (up to a minute) before the answer counts.
 */
export function kubectl(cp: ControlPlane, args: string[], input?: string, timeoutMs = 120_000): Run {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = spawnSync(cp.kubectl, ["--kubeconfig", cp.kubeconfig, ...args], { encoding: "utf8", input, timeout: timeoutMs });
    if (r.error) throw r.error;
    const out = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    if (out.code === 0 || !UNREACHABLE.test(out.stderr) || Date.now() > deadline) return out;
    spawnSync("sleep", ["1"]);
  }
}

export function kubectlOk(cp: ControlPlane, args: string[], input?: string): string {
  const r = kubectl(cp, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

export async function eventually<T>(what: string, f: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let v: T | undefined | false;
    try {
      v = f();
    } catch (e) {
      // A vanished namespace means the control plane was recreated: say so instead of waiting it out.
      if (e instanceof Error && /vanished/.test(e.message)) throw e;
      v = undefined;
    }
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
