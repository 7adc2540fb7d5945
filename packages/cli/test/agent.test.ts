// `podscope agent manifest` and `podscope agent serve` as a user runs them: the manifest goes through
// `kubectl apply --dry-run=server` against the real control plane (the API server validates every field and
// creates nothing), and `serve` answers on its port and stops on SIGTERM with status 0.
import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ensureControlPlane } from "../../runtime/fidelity/cluster";
import { podscope, ROOT, until } from "./helpers";

const NS = `psagent-cli-${process.pid}`;
let kubectl: string;
let env: Record<string, string>;

function k(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(kubectl, args, {
      encoding: "utf8",
      input,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    return { code: 0, stdout, stderr: "" };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, stdout: x.stdout, stderr: x.stderr };
  }
}

beforeAll(() => {
  // Shared with other suites: started if needed, never stopped here.
  const cp = ensureControlPlane();
  env = { KUBECONFIG: cp.kubeconfig };
  kubectl = join(cp.bin, "kubectl");
  // A server-side dry run of namespaced objects needs their namespace to exist; it is ours alone.
  expect(k(["create", "namespace", NS]).code).toBe(0);
}, 1_900_000);

afterAll(() => {
  if (kubectl) k(["delete", "namespace", NS, "--wait=false", "--ignore-not-found"]);
});

describe("podscope agent manifest", () => {
  const flags = ["-n", NS, "--node-selector", "kubernetes.io/hostname=kubelet-real", "--node-selector", "podscope.dev/test=agent"];

  it("prints YAML the API server accepts (server-side dry run), and creates nothing", async () => {
    const r = await podscope(["agent", "manifest", ...flags], env);
    expect(r.code, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout).map(
      (d) => d.toJS() as { kind: string; spec?: { template: { spec: { nodeSelector: unknown } } } },
    );
    expect(docs.map((d) => d.kind)).toEqual(["Namespace", "ServiceAccount", "DaemonSet"]);
    expect(docs[2].spec!.template.spec.nodeSelector).toEqual({ "kubernetes.io/hostname": "kubelet-real", "podscope.dev/test": "agent" });
    const applied = k(["apply", "--dry-run=server", "-f", "-"], r.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`namespace/${NS} configured (server dry run)`);
    expect(applied.stdout).toContain("serviceaccount/podscope-agent created (server dry run)");
    expect(applied.stdout).toContain("daemonset.apps/podscope-agent created (server dry run)");
    expect(k(["get", "daemonsets", "-n", NS, "-o", "name"]).stdout.trim()).toBe("");
  });

  it("-o json is a v1 List the API server accepts too, with the image, pull policy and socket given", async () => {
    const r = await podscope(
      [
        "agent",
        "manifest",
        ...flags,
        "-o",
        "json",
        "--image",
        "example.test/agent:dev",
        "--pull-policy",
        "Never",
        "--cri-socket",
        "/var/run/k.sock",
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { kind: string; items: { kind: string }[] };
    expect(list.kind).toBe("List");
    const applied = k(["apply", "--dry-run=server", "-o", "json", "-f", "-"], r.stdout);
    expect(applied.code, applied.stderr).toBe(0);
    const ds = (
      JSON.parse(applied.stdout) as { items: { kind: string; spec?: { template: { spec: Record<string, unknown> } } }[] }
    ).items.find((o) => o.kind === "DaemonSet")!;
    const pod = ds.spec!.template.spec as {
      containers: { image: string; imagePullPolicy: string }[];
      volumes: { hostPath?: { path: string } }[];
      hostPID: boolean;
    };
    expect(pod.containers[0]).toMatchObject({ image: "example.test/agent:dev", imagePullPolicy: "Never" });
    expect(pod.volumes.map((v) => v.hostPath?.path)).toEqual(["/proc", "/sys/fs/cgroup", "/var/run/k.sock"]);
    expect(pod.hostPID).toBe(true);
  });

  it("bad flags are usage errors in kubectl's words", async () => {
    const policy = await podscope(["agent", "manifest", "--pull-policy", "Sometimes"], env);
    expect(policy.code).toBe(1);
    expect(policy.stderr).toContain(
      'error: invalid argument "Sometimes" for "--pull-policy" flag: must be one of Always, IfNotPresent, Never',
    );
    const sel = await podscope(["agent", "manifest", "--node-selector", "novalue"], env);
    expect(sel.code).toBe(1);
    expect(sel.stderr).toContain('invalid argument "novalue" for "--node-selector" flag: want KEY=VALUE');
    const verb = await podscope(["agent", "start"], env);
    expect(verb.code).toBe(1);
    expect(verb.stderr).toContain('unknown agent command "start"');
  });

  it("podscope agent alone prints what it does", async () => {
    const r = await podscope(["agent"], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("podscope agent manifest [flags]");
    expect(r.stdout).toContain("--node-selector KEY=VALUE");
    expect(r.stdout).toContain("podscope agent serve [flags]");
  });
});

describe("podscope agent serve", () => {
  it("serves on its port (503 naming a missing CRI socket) and exits 0 on SIGTERM", async () => {
    const port = 7812;
    const child = spawn(
      join(ROOT, "node_modules/.bin/tsx"),
      [
        join(ROOT, "packages/cli/src/main.ts"),
        "agent",
        "serve",
        "--listen",
        `127.0.0.1:${port}`,
        "--cri-socket",
        "/nonexistent/cri.sock",
        "--node-name",
        "cli-node",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(
        "the agent to answer /healthz",
        async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok,
        30_000,
      );
      const r = await fetch(`http://127.0.0.1:${port}/v1/pods/default/web/cgroups`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { message: string }).message).toContain("/nonexistent/cri.sock");
      const v = (await (await fetch(`http://127.0.0.1:${port}/v1/version`)).json()) as { node: string };
      expect(v.node).toBe("cli-node");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, log).toBe(0);
    expect(log).toContain("SIGTERM: stopping the agent");
  });
});
