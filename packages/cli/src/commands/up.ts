// `podscope up [--no-web] [--port N] [--address A] [--registry-config FILE] [--agent-namespace NS]` — start podscope in the foreground.
// Ctrl-C stops the servers; pods (and the containerd that runs them) keep running until `podscope down`.
// --registry-config names the docker config.json whose credentials the local node pulls with; --agent-namespace
// where the podscope agent runs on every cluster (else $PODSCOPE_AGENT_NAMESPACE, else the manifest's default).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_PORT, namespaceNameError, WEB_PORT_OFFSET } from "@podscope/env";
import { startPodscope } from "@podscope/host";
import { isLoopback } from "@podscope/host/security";
import { parse, UsageError } from "../flags";
import { writePidFile } from "../pidfile";
import { ensurePortsFree } from "../port-owner";
import { err, out } from "../print";
import { guarded } from "../run";

export async function up(argv: string[]): Promise<number> {
  return guarded(async () => {
    const { values } = parse(argv, {
      "no-web": { type: "boolean" },
      "no-local": { type: "boolean" },
      port: { type: "string" },
      "web-port": { type: "string" },
      address: { type: "string" },
      "allow-remote": { type: "boolean" },
      "allowed-host": { type: "string", multiple: true },
      "registry-config": { type: "string" },
      "agent-namespace": { type: "string" },
    });
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`invalid argument "${values.port}" for "--port" flag: must be a port number`);
    const webPort = values["web-port"] === undefined ? port + WEB_PORT_OFFSET : Number(values["web-port"]);
    const bind = (values.address as string | undefined) ?? "127.0.0.1";
    // Listening beyond loopback exposes a service that runs containers as root: it needs saying twice.
    if (!isLoopback(bind) && !values["allow-remote"]) {
      throw new UsageError(
        `--address ${bind} listens beyond this machine; add --allow-remote to confirm (every call then needs the token)`,
      );
    }
    // The node reads the file at every pull (an edit applies at once), so a file still to be written is allowed; say so.
    const registryConfig = values["registry-config"] === undefined ? undefined : resolve(values["registry-config"] as string);
    if (registryConfig && !existsSync(registryConfig))
      err(`registry credentials: ${registryConfig} does not exist yet; pulls are anonymous until it does`);
    const agentNamespace = values["agent-namespace"] as string | undefined;
    const nsInvalid = agentNamespace === undefined ? undefined : namespaceNameError(agentNamespace);
    if (nsInvalid) throw new UsageError(`invalid argument "${agentNamespace}" for "--agent-namespace" flag: ${nsInvalid}`);
    // Before the local node starts: a held port is named with its holder, not met as EADDRINUSE later.
    await ensurePortsFree(bind, values["no-web"] ? [port] : [port, webPort]);
    const p = await startPodscope({
      bind,
      port,
      webPort,
      web: !values["no-web"],
      local: !values["no-local"],
      extraHosts: values["allowed-host"] as string[] | undefined,
      registryConfig,
      agentNamespace,
      log: (l) => err(l),
    });
    const forget = writePidFile({ bind, port: p.api.port, webPort: p.web ? webPort : undefined });
    for (const s of p.registry.list()) err(`source ${s.id}: ${s.available ? "available" : `unavailable (${s.reason})`}`);
    out(`podscope API:    ${p.api.url}`);
    if (p.web) out(`podscope web UI: ${p.openUrl}`);
    out(
      `access token in ${process.env.PODSCOPE_HOME || "~/.podscope"}/token; Ctrl-C stops podscope (pods keep running; \`podscope down\` removes them)`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    err("stopping podscope (pods keep running)");
    await p.stop();
    forget();
    return 0;
  });
}
