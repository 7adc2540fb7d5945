// `podscope up [--no-web] [--port N] [--address A]` — start podscope in the foreground. Ctrl-C stops the
// servers; pods (and the containerd that runs them) keep running until `podscope down`.
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
      "no-web": { type: "boolean" }, "no-local": { type: "boolean" }, port: { type: "string" }, "web-port": { type: "string" },
      address: { type: "string" }, "allow-remote": { type: "boolean" }, "allowed-host": { type: "string", multiple: true },
    });
    const port = values.port === undefined ? 7700 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid argument "${values.port}" for "--port" flag: must be a port number`);
    const webPort = values["web-port"] === undefined ? port + 10 : Number(values["web-port"]);
    const bind = (values.address as string | undefined) ?? "127.0.0.1";
    // Listening beyond loopback exposes a service that runs containers as root: it needs saying twice.
    if (!isLoopback(bind) && !values["allow-remote"]) {
      throw new UsageError(`--address ${bind} listens beyond this machine; add --allow-remote to confirm (every call then needs the token)`);
    }
    // Before the local node starts: a held port is named with its holder, not met as EADDRINUSE later.
    await ensurePortsFree(bind, values["no-web"] ? [port] : [port, webPort]);
    const p = await startPodscope({
      bind, port, webPort, web: !values["no-web"], local: !values["no-local"], extraHosts: values["allowed-host"] as string[] | undefined,
      log: (l) => err(l),
    });
    const forget = writePidFile({ bind, port: p.api.port, webPort: p.web ? webPort : undefined });
    for (const s of p.registry.list()) err(`source ${s.id}: ${s.available ? "available" : `unavailable (${s.reason})`}`);
    out(`podscope API:    ${p.api.url}`);
    if (p.web) out(`podscope web UI: ${p.openUrl}`);
    out(`access token in ${process.env.PODSCOPE_HOME || "~/.podscope"}/token; Ctrl-C stops podscope (pods keep running; \`podscope down\` removes them)`);
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
