// `podscope export [-n NS | -A] [POD] [--since 1h] -o FILE` — one window file of a source: one pod, a
// namespace (the default one unless -n), or everything (-A), with the recorded history, events and
// the last 1,000 log lines of each container (and of its previous instance). Opened later on the
// Snapshots page (or by sources.openSnapshot), it is a read-only source frozen at the moment it was taken.
import { writeFileSync } from "node:fs";
import { parseGoDuration } from "@podscope/core";
import { parse, sourceOf, UsageError } from "../flags";
import { err } from "../print";
import { withClient } from "../run";

const USAGE = "podscope export [-n NAMESPACE | -A] [POD] [--since 1h] -o FILE";

export async function exportWindow(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { since: { type: "string" } });
    const file = values.output as string | undefined;
    if (!file) throw new UsageError(`-o FILE is required (or -o - for stdout): ${USAGE}`);
    if (positionals.length > 1) throw new UsageError(`expected at most one POD: ${USAGE}`);
    const pod = positionals[0]?.replace(/^pods?\//, "");
    const all = !!values["all-namespaces"];
    if (all && pod) throw new UsageError("a POD cannot be given with -A (--all-namespaces)");
    const since = values.since as string | undefined;
    const sinceMs = since === undefined ? undefined : parseGoDuration(since);
    if (since !== undefined && (sinceMs === undefined || sinceMs <= 0))
      throw new UsageError(`invalid argument "${since}" for "--since" flag: expected a duration such as 30s, 15m or 1h`);
    const now = Date.now();
    const w = await c.snapshots.export.query({
      source: sourceOf(values),
      namespace: all ? undefined : ((values.namespace as string | undefined) ?? "default"),
      pod,
      from: sinceMs === undefined ? undefined : new Date(now - sinceMs).toISOString(),
      // With --since the window is exactly that long, measured from this command's clock.
      to: sinceMs === undefined ? undefined : new Date(now).toISOString(),
    });
    const text = JSON.stringify(w, null, 2) + "\n";
    if (file === "-") {
      process.stdout.write(text);
      return 0;
    }
    writeFileSync(file, text);
    const streams = Object.values(w.logs).reduce((n, cs) => n + Object.keys(cs).length, 0);
    const what = pod ? `pod/${pod}` : all ? "every namespace" : `namespace ${w.scope.namespace}`;
    // The summary goes to stderr when the window itself goes to stdout; here stdout is free.
    process.stdout.write(
      `window of ${what} (${w.from} – ${w.to}) written to ${file}: ${w.objects.pods.length} pods, ${w.objects.events.length} events, ${w.objects.nodes.length} nodes, ${streams} container logs\n`,
    );
    if (w.objects.pods.length === 0) err("warning: no pods in this window");
    return 0;
  });
}
