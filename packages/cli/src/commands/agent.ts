// `podscope agent serve|manifest|status` — the read-only node agent that gives cluster pods the node views (cgroups,
// namespaces, processes, container runtime details). `manifest` prints the DaemonSet that runs it on every node
// (for `kubectl apply -f -`); `serve` runs it here, in this process, on a node without a container for it;
// `status` asks the podscope server how each node's agent is (through the API server's pod proxy).
import { hostname } from "node:os";
import {
  agentManifest,
  agentManifestYaml,
  AGENT_IMAGE,
  AGENT_NAMESPACE,
  DEFAULT_CRI_SOCKET,
  PULL_POLICIES,
  type PullPolicy,
} from "@podscope/agent";
import { AGENT_USAGE, parseAgentArgs, startAgent } from "@podscope/agent/server";
import { agentNamespace } from "@podscope/env";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, err, out, table } from "../print";
import { guarded, withClient } from "../run";

const USAGE = `usage: podscope agent <command> [flags]

The podscope node agent: a read-only process on each node that serves its pods' cgroup trees, namespaces,
process trees and container runtime details, reached by the podscope server through the API server's pod proxy.

commands:
  manifest   print the agent's Namespace, ServiceAccount and DaemonSet as YAML, for kubectl apply -f -
  serve      run the agent in this process (on a node, as root)
  status     every node of a cluster and its agent: pod, readiness, version, runtime, cgroups, what is wrong

podscope agent manifest [flags]:
  -n, --namespace NS        namespace to create and run the agent in (default $PODSCOPE_AGENT_NAMESPACE, else ${AGENT_NAMESPACE})
  --image IMAGE             the agent's image (default ${AGENT_IMAGE})
  --pull-policy POLICY      Always, IfNotPresent or Never (default IfNotPresent)
  --cri-socket PATH         the CRI socket's path on the nodes (default ${DEFAULT_CRI_SOCKET})
  --node-selector KEY=VALUE run only on nodes with this label (repeatable; default every node)
  -o, --output yaml|json    yaml: a multi-document stream (default); json: a v1 List

podscope agent status --context CTX [flags]:
  -o, --output json|wide    json: the server's answer; wide: the problem's full words as a MESSAGE column

podscope agent serve [flags]:
${AGENT_USAGE.replace(/^.*\n\nflags:\n/, "")}`;

function parseNodeSelector(values: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const selector: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf("=");
    if (at <= 0) throw new UsageError(`invalid argument "${v}" for "--node-selector" flag: want KEY=VALUE`);
    selector[v.slice(0, at)] = v.slice(at + 1);
  }
  return selector;
}

async function manifest(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    image: { type: "string" },
    "pull-policy": { type: "string" },
    "cri-socket": { type: "string" },
    "node-selector": { type: "string", multiple: true },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}": podscope agent manifest takes flags only`);
  const pullPolicy = values["pull-policy"] as string | undefined;
  if (pullPolicy !== undefined && !PULL_POLICIES.includes(pullPolicy as PullPolicy))
    throw new UsageError(`invalid argument "${pullPolicy}" for "--pull-policy" flag: must be one of ${PULL_POLICIES.join(", ")}`);
  const output = (values.output as string | undefined) ?? "yaml";
  if (output !== "yaml" && output !== "json") throw new UsageError(`invalid argument "${output}" for "-o" flag: must be yaml or json`);
  const opts = {
    // The same default as the server's (podscope up), so the agent is installed where podscope looks for it.
    namespace: (values.namespace as string | undefined) ?? agentNamespace(),
    image: values.image as string | undefined,
    pullPolicy: pullPolicy as PullPolicy | undefined,
    criSocket: values["cri-socket"] as string | undefined,
    nodeSelector: parseNodeSelector((values["node-selector"] as string[] | undefined) ?? []),
  };
  out(output === "json" ? asJson({ apiVersion: "v1", kind: "List", items: agentManifest(opts) }) : agentManifestYaml(opts));
  return 0;
}

async function serve(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseAgentArgs(argv, process.env, hostname());
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const agent = await startAgent(opts);
  err(`podscope agent on node ${opts.nodeName}: listening on ${agent.url}, host at "${opts.fsRoot || "/"}", CRI socket ${opts.criSocket}`);
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  err(`${signal}: stopping the agent`);
  await agent.close();
  return 0;
}

/** An absent value, as kubectl prints one. */
const NONE = "<none>";

async function status(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, {});
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": podscope agent status takes flags only`);
    const fmt = outputFormat(values, ["json", "wide"]);
    const answer = await c.agents.list.query({ source: sourceOf(values) });
    // Why nodes may be missing, on stderr as kubectl's warnings are (the table or JSON on stdout stays whole).
    if (answer.warning) err(`Warning: ${answer.warning}`);
    if (fmt === "json") {
      out(asJson(answer));
      return 0;
    }
    const wide = fmt === "wide";
    const rows = answer.nodes.map((n) => {
      const rt = n.agent?.runtime;
      const row = [
        n.node,
        n.pod?.name ?? NONE,
        n.pod ? (n.pod.ready ? "True" : "False") : NONE,
        n.agent?.version || NONE,
        // kubectl's CONTAINER-RUNTIME form; an agent whose runtime did not answer says so in its words
        rt?.name ? `${rt.name}://${rt.version}` : rt?.error ? "<unknown>" : NONE,
        n.agent?.cgroup ? n.agent.cgroup.mode : NONE,
        n.summary ?? NONE,
      ];
      return wide ? [...row, n.message ?? rt?.error ?? ""] : row;
    });
    const headers = ["NODE", "AGENT POD", "READY", "VERSION", "RUNTIME", "CGROUP", "PROBLEM", ...(wide ? ["MESSAGE"] : [])];
    if (rows.length === 0) err(`No nodes found in the cluster (agents looked for in namespace "${answer.namespace}").`);
    else out(table(headers, rows));
    return 0;
  });
}

export async function agent(argv: string[]): Promise<number> {
  const verb = argv[0];
  if (verb === undefined || verb === "help" || argv.includes("--help") || argv.includes("-h")) {
    out(USAGE);
    return verb === undefined ? 2 : 0;
  }
  return guarded(async () => {
    if (verb === "manifest") return manifest(argv.slice(1));
    if (verb === "serve") return serve(argv.slice(1));
    if (verb === "status") return status(argv.slice(1));
    throw new UsageError(
      `unknown agent command "${verb}": use "podscope agent manifest", "podscope agent serve" or "podscope agent status"`,
    );
  });
}
