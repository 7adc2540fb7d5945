// podscope's environment, read and validated in one place: every variable podscope reads, what it
// means, its default. A wrong value fails with the variable's name instead of a NaN port later on.
// Dependency-free, so every package (and the web UI's server) can import it.
import { homedir } from "node:os";
import { join } from "node:path";
import { DEFAULT_PORT } from "./defaults";

export { DEFAULT_PORT, WEB_PORT_OFFSET } from "./defaults";

/** A variable's reader: its value, or why the value is not valid. */
type Parse<T> = (raw: string) => T | { invalid: string };

const port: Parse<number> = (raw) =>
  /^\d+$/.test(raw.trim()) && Number(raw) <= 65535 ? Number(raw) : { invalid: "expected a port number (0-65535)" };
const text: Parse<string> = (raw) => raw;

/** Why `raw` cannot name a Kubernetes namespace (a DNS-1123 label, as the API server checks it), or undefined. */
export function namespaceNameError(raw: string): string | undefined {
  if (raw.length > 63) return "a namespace name must be no more than 63 characters";
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(raw))
    return "a namespace name must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  return undefined;
}
const namespace: Parse<string> = (raw) => {
  const invalid = namespaceNameError(raw);
  return invalid ? { invalid } : raw;
};

const VARIABLES = {
  /** podscope's own directory: token, history, the local node's containerd state. Default ~/.podscope. */
  PODSCOPE_HOME: text,
  /** The API server the CLI talks to (and `podscope up`'s default). */
  PODSCOPE_PORT: port,
  PODSCOPE_HOST: text,
  /** The token the CLI sends; default: the one in $PODSCOPE_HOME/token. */
  PODSCOPE_TOKEN: text,
  /** The API port the web UI's server forwards to (set by `podscope up` for the UI it starts). */
  PODSCOPE_API_PORT: port,
  NEXT_PUBLIC_PODSCOPE_API_PORT: port,
  /** The browser tests' base port (API; the UI and a second podscope derive from it). */
  PODSCOPE_E2E_PORT: port,
  /** Downloads and built binaries (images, CNI plugins, control plane). */
  PODSCOPE_CACHE: text,
  /** The local node's Linux bridge and pod subnet. */
  PODSCOPE_BRIDGE: text,
  PODSCOPE_POD_SUBNET: text,
  /** kubectl's list of kubeconfig files (":"-separated). */
  KUBECONFIG: text,
  /** Traces every list/watch step of the cluster client on stderr. */
  PODSCOPE_KUBE_DEBUG: text,
  /** The namespace of the podscope agent DaemonSet on every cluster (`podscope up --agent-namespace`); default the manifest's. */
  PODSCOPE_AGENT_NAMESPACE: namespace,
  HOME: text,
} satisfies Record<string, Parse<unknown>>;

type Variables = typeof VARIABLES;
export type PodscopeEnv = { [K in keyof Variables]?: Variables[K] extends Parse<infer T> ? T : never };

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** One variable, validated on its own (a wrong value elsewhere does not stop a reader that does not use it). */
export function read<K extends keyof PodscopeEnv>(env: NodeJS.ProcessEnv, name: K): PodscopeEnv[K] {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined; // empty counts as unset, as a shell's `VAR= cmd` means
  const v = (VARIABLES[name] as Parse<unknown>)(raw);
  if (typeof v === "object" && v !== null && "invalid" in v)
    throw new EnvError(`${name}=${JSON.stringify(raw)} is not valid: ${v.invalid}`);
  return v as PodscopeEnv[K];
}

/** The whole environment, validated: `PODSCOPE_PORT="abc" is not valid: …` rather than a NaN port later. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): PodscopeEnv {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(VARIABLES) as (keyof PodscopeEnv)[]) out[name] = read(env, name);
  return out as PodscopeEnv;
}

/** podscope's own directory: $PODSCOPE_HOME, else ~/.podscope. */
export function podscopeHome(env: NodeJS.ProcessEnv = process.env): string {
  return read(env, "PODSCOPE_HOME") ?? join(read(env, "HOME") ?? homedir(), ".podscope");
}

/** The API port the CLI talks to: $PODSCOPE_PORT, else the default. */
export function apiPort(env: NodeJS.ProcessEnv = process.env): number {
  return read(env, "PODSCOPE_PORT") ?? DEFAULT_PORT;
}

/** The API port the web UI's server forwards to. */
export function webApiPort(env: NodeJS.ProcessEnv = process.env): number {
  return read(env, "PODSCOPE_API_PORT") ?? read(env, "NEXT_PUBLIC_PODSCOPE_API_PORT") ?? DEFAULT_PORT;
}

/** The browser tests' base port. */
export function e2ePort(env: NodeJS.ProcessEnv = process.env): number {
  return read(env, "PODSCOPE_E2E_PORT") ?? DEFAULT_PORT;
}

/** The podscope agent's namespace on clusters, when the environment names one (else the agent manifest's default). */
export function agentNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return read(env, "PODSCOPE_AGENT_NAMESPACE");
}
