// The agent's command line (`node agent.mjs …` in its image, `podscope agent serve …` on a node): parsed
// once here for both. Pure: the environment and host name are passed in.
import { parseArgs } from "node:util";
import { AGENT_PORT, DEFAULT_CRI_SOCKET } from "./constants";

export interface AgentOptions {
  listen: { host: string; port: number };
  /** Prefix of the host's /proc and cgroup mounts ("" on the host, "/host" in the agent's pod). */
  fsRoot: string;
  criSocket: string;
  nodeName: string;
  /** The kubelet's --cgroup-root, when given; otherwise learnt from a sandbox's cgroup parent (cgroup-root.ts). */
  cgroupRoot?: string;
}

export const AGENT_USAGE = `Serves this node's pod cgroups, namespaces, processes and container runtime details, read-only, over HTTP.

flags:
  --listen HOST:PORT   address to listen on (default 0.0.0.0:${AGENT_PORT})
  --fs-root DIR        where the host's / is mounted: /proc at DIR/proc, cgroup mounts below DIR (default "": the host)
  --cri-socket PATH    the node's CRI socket (default <fs-root>${DEFAULT_CRI_SOCKET})
  --node-name NAME     the node's name in answers and errors (default $NODE_NAME, else the host name)
  --cgroup-root PATH   the kubelet's --cgroup-root (default: read from a pod sandbox's cgroup parent, else /)

environment:
  NODE_NAME            the node's name (the DaemonSet sets it from spec.nodeName)
  PODSCOPE_CRI_PROTO   path of the CRI api.proto (required where the repository is not: the agent's image)`;

export class AgentUsageError extends Error {
  override name = "AgentUsageError";
}

/** "0.0.0.0:7701", ":7701", "[::]:7701" or a bare port. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value) ?? (/^\d+$/.test(value) ? [value, undefined, "", value] : null);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new AgentUsageError(`invalid --listen "${value}": want HOST:PORT, e.g. 0.0.0.0:${AGENT_PORT}`);
  return { host: m[1] ?? (m[2] || "0.0.0.0"), port };
}

export function parseAgentArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  hostname: string,
): AgentOptions & { help: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        listen: { type: "string" },
        "fs-root": { type: "string" },
        "cri-socket": { type: "string" },
        "node-name": { type: "string" },
        "cgroup-root": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new AgentUsageError((e as Error).message);
  }
  const fsRoot = ((values["fs-root"] as string | undefined) ?? "").replace(/\/+$/, "");
  return {
    help: values.help === true,
    listen: parseListen((values.listen as string | undefined) ?? `0.0.0.0:${AGENT_PORT}`),
    fsRoot,
    criSocket: (values["cri-socket"] as string | undefined) ?? `${fsRoot}${DEFAULT_CRI_SOCKET}`,
    nodeName: (values["node-name"] as string | undefined) || env.NODE_NAME || hostname,
    ...(typeof values["cgroup-root"] === "string" && { cgroupRoot: values["cgroup-root"] }),
  };
}
