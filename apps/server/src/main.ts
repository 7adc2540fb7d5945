// Standalone entry of the API server (no web UI): `tsx apps/server/src/main.ts [--port N] [--address A]`.
// `podscope up` is the usual way in; this one serves development and the browser tests' web server.
// The composition (sources, API server, web UI) is the @podscope/host package; this app is only its main.
import { parseArgs } from "node:util";
import { startPodscope } from "@podscope/host";

const { values } = parseArgs({
  options: { port: { type: "string" }, address: { type: "string" }, "web-port": { type: "string" }, "no-local": { type: "boolean" } },
});
const p = await startPodscope({
  port: values.port ? Number(values.port) : undefined,
  webPort: values["web-port"] ? Number(values["web-port"]) : undefined,
  bind: values.address,
  web: false,
  local: !values["no-local"],
  log: (l) => process.stderr.write(`${l}\n`),
});
process.stdout.write(`podscope API listening on ${p.api.url}\n`);
const stop = () =>
  void p.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
