// The real side of the fidelity suite: the test control plane (scripts/controlplane.sh) and the real
// kubelet registered to it (scripts/kubelet.sh), spoken to over the API with the admin token. A missing
// control plane fails loudly (no silent skip); the kubelet is started here when it is not running.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { KubeEvent, Pod } from "@podscope/core";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
const CP_SCRIPT = join(ROOT, "scripts", "controlplane.sh");
const KUBELET_SCRIPT = join(ROOT, "scripts", "kubelet.sh");

function script(file: string, ...args: string[]): { code: number; out: string } {
  // A first build of the control plane compiles Kubernetes from Go modules: allow it half an hour.
  const r = spawnSync("bash", [file, ...args], { encoding: "utf8", timeout: args[0] === "build" ? 1_800_000 : 240_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function mustScript(file: string, ...args: string[]): string {
  const r = script(file, ...args);
  if (r.code !== 0) throw new Error(`${file.slice(ROOT.length + 1)} ${args.join(" ")} failed:\n${r.out}`);
  return r.out;
}

export interface ControlPlane {
  /** The admin kubeconfig (contexts podscope-sandbox and podscope-limited). */
  kubeconfig: string;
  /** The limited user's own kubeconfig (RBAC refusals). */
  limitedKubeconfig: string;
  /** The folder of the Go-built binaries (kubectl, kwok…). */
  bin: string;
  startedHere: boolean;
}

const controlPlaneRunning = () => /kube-apiserver running/.test(script(CP_SCRIPT, "status").out);

/** The running control plane's admin kubeconfig, from `controlplane.sh env`. */
export function controlPlaneKubeconfig(): string {
  const out = mustScript(CP_SCRIPT, "env");
  const file = /KUBECONFIG=(\S+)/.exec(out)?.[1];
  if (!file) throw new Error(`scripts/controlplane.sh env printed no KUBECONFIG: ${out}`);
  return file;
}

/**
 * Builds and starts scripts/controlplane.sh unless it already runs (it is shared by every suite on the machine);
 * the caller stops it only if startedHere.
 */
export function ensureControlPlane(): ControlPlane {
  const running = controlPlaneRunning();
  if (!running) {
    mustScript(CP_SCRIPT, "build");
    mustScript(CP_SCRIPT, "start");
  }
  const kubeconfig = controlPlaneKubeconfig();
  return {
    kubeconfig,
    limitedKubeconfig: join(dirname(kubeconfig), "limited.kubeconfig"),
    bin: mustScript(CP_SCRIPT, "bin").trim(),
    startedHere: !running,
  };
}

export function stopControlPlane(): void {
  mustScript(CP_SCRIPT, "stop");
}

export interface RealKubelet {
  nodeName: string;
  socket: string;
  cgroupRoot: string;
  taintKey: string;
  startedHere: boolean;
}

/** Starts scripts/kubelet.sh unless its node already runs; the caller stops it only if startedHere. */
export function ensureRealKubelet(): RealKubelet {
  const status = script(KUBELET_SCRIPT, "status");
  const running = /kubelet running/.test(status.out) && /Ready=True/.test(status.out);
  if (!running) {
    const r = script(KUBELET_SCRIPT, "start");
    if (r.code !== 0) {
      // Leave nothing half-started on the shared machine (containerd, bridge, sysctls).
      const stop = script(KUBELET_SCRIPT, "stop");
      throw new Error(`scripts/kubelet.sh start failed:\n${r.out}\n(stopped again: ${stop.out.trim()})`);
    }
  }
  const env = script(KUBELET_SCRIPT, "env").out;
  const v = (k: string) => {
    const m = new RegExp(`${k}=(\\S+)`).exec(env);
    if (!m) throw new Error(`scripts/kubelet.sh env printed no ${k}: ${env}`);
    return m[1];
  };
  return {
    nodeName: v("PODSCOPE_KUBELET_NODE"),
    socket: v("PODSCOPE_KUBELET_SOCKET"),
    cgroupRoot: v("PODSCOPE_KUBELET_CGROUP_ROOT"),
    taintKey: v("PODSCOPE_KUBELET_TAINT"),
    startedHere: !running,
  };
}

export function stopRealKubelet(): void {
  const r = script(KUBELET_SCRIPT, "stop");
  if (r.code !== 0) throw new Error(`scripts/kubelet.sh stop failed:\n${r.out}`);
}

export interface Api {
  server: URL;
  token: string;
  ca: Buffer;
}

export function adminApi(): Api {
  if (!controlPlaneRunning()) {
    throw new Error(
      `the kubelet fidelity suite needs the control plane: run "bash scripts/controlplane.sh build && bash scripts/controlplane.sh start" first.\n${script(CP_SCRIPT, "status").out}`,
    );
  }
  const file = controlPlaneKubeconfig();
  const kc = parse(readFileSync(file, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { name: string; user: { token: string } }[];
  };
  const admin = kc.users.find((u) => u.name === "podscope-admin") ?? kc.users[0];
  return {
    server: new URL(kc.clusters[0].cluster.server),
    token: admin.user.token,
    ca: Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64"),
  };
}

export interface Reply {
  status: number;
  body: unknown;
}

/** One API call. Connection errors (the API server restarted by another suite) are retried for a minute. */
export async function call(api: Api, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Reply> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await once(api, method, path, body, contentType);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function once(api: Api, method: string, path: string, body: unknown, contentType: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        host: api.server.hostname,
        port: api.server.port,
        path,
        method,
        ca: api.ca,
        headers: {
          authorization: `Bearer ${api.token}`,
          accept: "application/json",
          ...(data ? { "content-type": contentType, "content-length": data.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON (an error page): kept as text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(data);
  });
}

export async function ok(api: Api, method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> {
  const r = await call(api, method, path, body, contentType);
  if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Server-side apply, as a user's `kubectl apply --server-side` does. */
export function applyPod(api: Api, pod: Pod): Promise<unknown> {
  const { namespace, name } = pod.metadata;
  return ok(
    api,
    "PATCH",
    `/api/v1/namespaces/${namespace}/pods/${name}?fieldManager=podscope-fidelity&force=true`,
    pod,
    "application/apply-patch+yaml",
  );
}

/**
 * Watches one pod and hands every version the API server holds (each status write of the kubelet) to
 * onPod, and onGone when it is deleted. Reconnects after a dropped connection.
 */
export function watchPod(api: Api, namespace: string, name: string, onPod: (p: Pod) => void, onGone: () => void): () => void {
  let stopped = false;
  let current: ReturnType<typeof request> | undefined;
  const connect = () => {
    if (stopped) return;
    const path = `/api/v1/namespaces/${namespace}/pods?watch=1&fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`;
    current = request(
      {
        host: api.server.hostname,
        port: api.server.port,
        path,
        method: "GET",
        ca: api.ca,
        headers: { authorization: `Bearer ${api.token}` },
      },
      (res) => {
        let buf = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buf += chunk;
          for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
            const line = buf.slice(0, i).trim();
            buf = buf.slice(i + 1);
            if (!line) continue;
            const ev = JSON.parse(line) as { type: string; object: Pod };
            if (ev.type === "DELETED") onGone();
            else if (ev.type === "ADDED" || ev.type === "MODIFIED") onPod(ev.object);
          }
        });
        res.on("end", () => setTimeout(connect, 200));
      },
    );
    current.on("error", () => setTimeout(connect, 1000));
    current.end();
  };
  connect();
  return () => {
    stopped = true;
    current?.destroy();
  };
}

/** The pod's events in the order they were first recorded: recorders name an event <object>.<unix nanos in hex>. */
export async function podEvents(api: Api, namespace: string, uid: string): Promise<KubeEvent[]> {
  const list = (await ok(
    api,
    "GET",
    `/api/v1/namespaces/${namespace}/events?fieldSelector=${encodeURIComponent(`involvedObject.uid=${uid}`)}`,
  )) as { items: KubeEvent[] };
  const stamp = (e: KubeEvent) => BigInt(`0x${/\.([0-9a-f]+)$/.exec(e.metadata.name ?? "")?.[1] ?? "0"}`);
  return list.items.sort((a, b) => (stamp(a) < stamp(b) ? -1 : stamp(a) > stamp(b) ? 1 : 0));
}

/** A namespace of the suite's own, with its default ServiceAccount (pods are refused without it). */
export async function ensureNamespace(api: Api, namespace: string): Promise<void> {
  const r = await call(api, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
  if (r.status >= 300 && r.status !== 409) throw new Error(`creating namespace ${namespace}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  const end = Date.now() + 60_000;
  while ((await call(api, "GET", `/api/v1/namespaces/${namespace}/serviceaccounts/default`)).status !== 200) {
    if (Date.now() > end) throw new Error(`no default ServiceAccount in ${namespace} after 60 s (controller-manager not running?)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
