// Kubeconfig loading: KUBECONFIG (path list, like kubectl) or ~/.kube/config, with readable
// errors for the usual mistakes. Credentials stay in this process; only context names,
// cluster servers and namespaces are meant to be shown to users.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { read } from "@podscope/env";
import { KubeconfigError } from "./errors";

export interface KubeContextInfo {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
  current: boolean;
}

export interface LoadedKubeConfig {
  /** Files the configuration came from, in merge order. */
  files: string[];
  config: KubeConfig;
  contexts: KubeContextInfo[];
  currentContext: string;
}

/** Where the kubeconfig is read from: an explicit path, else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPaths(explicit?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit) return [explicit];
  const fromEnv = (read(env, "KUBECONFIG") ?? "").split(delimiter).filter((p) => p.length > 0);
  if (fromEnv.length > 0) return fromEnv;
  return [join(read(env, "HOME") ?? homedir(), ".kube", "config")];
}

export function loadKubeConfig(opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): LoadedKubeConfig {
  const paths = kubeconfigPaths(opts.path, opts.env);
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length === 0) {
    throw new KubeconfigError(`no kubeconfig found: looked at ${paths.join(", ")} (set KUBECONFIG or create ~/.kube/config)`, {
      missing: true,
    });
  }
  const config = new KubeConfig();
  for (const file of existing) {
    const one = new KubeConfig();
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(e as Error).message}`, { cause: e });
    }
    try {
      one.loadFromString(text);
    } catch (e) {
      throw new KubeconfigError(`kubeconfig ${file} is not valid: ${firstLine((e as Error).message)}`, { cause: e });
    }
    // Relative certificate paths are relative to the file they appear in (as kubectl does).
    one.makePathsAbsolute(join(file, ".."));
    if (config.contexts.length === 0 && config.clusters.length === 0) {
      config.loadFromOptions({ clusters: one.clusters, users: one.users, contexts: one.contexts, currentContext: one.currentContext });
    } else {
      // kubectl's rule: the first file that defines a name wins, and the first current-context wins.
      const merged = {
        clusters: [...config.clusters, ...one.clusters.filter((c) => !config.clusters.some((x) => x.name === c.name))],
        users: [...config.users, ...one.users.filter((c) => !config.users.some((x) => x.name === c.name))],
        contexts: [...config.contexts, ...one.contexts.filter((c) => !config.contexts.some((x) => x.name === c.name))],
        currentContext: config.currentContext || one.currentContext,
      };
      config.loadFromOptions(merged);
    }
  }
  if (config.contexts.length === 0) {
    throw new KubeconfigError(`kubeconfig ${existing.join(", ")} defines no contexts`);
  }
  const contexts = config.contexts.map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: config.getCluster(c.cluster)?.server ?? "",
    user: c.user,
    namespace: c.namespace,
    current: c.name === config.currentContext,
  }));
  return { files: existing, config, contexts, currentContext: config.currentContext };
}

/** A KubeConfig narrowed to one context (client-node always acts on the "current" one). */
export function configForContext(loaded: LoadedKubeConfig, context?: string): { config: KubeConfig; info: KubeContextInfo } {
  const name = context ?? loaded.currentContext;
  if (!name)
    throw new KubeconfigError(
      `kubeconfig ${loaded.files.join(", ")} has no current-context; choose one of: ${loaded.contexts.map((c) => c.name).join(", ")}`,
    );
  const info = loaded.contexts.find((c) => c.name === name);
  if (!info) {
    throw new KubeconfigError(
      `context "${name}" not found in kubeconfig ${loaded.files.join(", ")}; known contexts: ${loaded.contexts.map((c) => c.name).join(", ")}`,
      { context: name },
    );
  }
  const cluster = loaded.config.getCluster(info.cluster);
  if (!cluster)
    throw new KubeconfigError(`context "${name}" refers to cluster "${info.cluster}", which the kubeconfig does not define`, {
      context: name,
    });
  if (!cluster.server) throw new KubeconfigError(`cluster "${info.cluster}" of context "${name}" has no server address`, { context: name });
  const user = loaded.config.getUser(info.user);
  if (!user)
    throw new KubeconfigError(`context "${name}" refers to user "${info.user}", which the kubeconfig does not define`, { context: name });
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: loaded.config.contexts.filter((c) => c.name === name),
    currentContext: name,
  });
  return { config, info };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}
