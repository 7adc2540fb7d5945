// `podscope down` — remove every pod of the local node, stop its containerd, and undo what the node
// changed on the host (pod cgroups, the bridge, ip_forward). Works whether or not the server runs.
import { down as nodeDown, type DownReport } from "@podscope/runtime";
import { parse } from "../flags";
import { runningServers, stopServer } from "../pidfile";
import { err, out } from "../print";
import { guarded } from "../run";

export function downSummary(r: DownReport): string {
  const lines = [
    `pod sandboxes removed: ${r.sandboxesRemoved.length}`,
    `containerd: ${r.containerdStopped ? "stopped" : "was not running"}`,
    ...(r.shimsKilled.length ? [`leftover shims killed: ${r.shimsKilled.join(", ")}`] : []),
    `pod cgroups removed: ${r.cgroupsRemoved.length}`,
    // Busy cgroups belong to pods of another podscope node on this machine: counted, not listed.
    ...(r.cgroupsBusy.length ? [`cgroups still in use by other pods, left in place: ${r.cgroupsBusy.length}`] : []),
    `bridge: ${r.bridgeDeleted ? "deleted" : "none"}`,
    ...(r.ipForwardRestored !== undefined ? [`net.ipv4.ip_forward restored to ${r.ipForwardRestored}`] : []),
    ...(r.unmounted.length ? [`unmounted: ${r.unmounted.length}`] : []),
  ];
  return ["local node is down", ...lines.map((l) => `  ${l}`)].join("\n");
}

export async function down(argv: string[]): Promise<number> {
  return guarded(async () => {
    parse(argv, {});
    // A server of this home still running (its `pnpm podscope up` wrapper gone, say) goes first.
    const stops = await Promise.all(runningServers().map((r) => stopServer(r)));
    for (const s of stops) out(s.message);
    const report = await nodeDown({});
    out(downSummary(report));
    if (stops.some((s) => !s.stopped)) report.errors.push("a podscope server could not be stopped");
    // What could not be undone is an error: the user must know something was left behind.
    for (const e of report.errors ?? []) err(`error: ${e}`);
    return report.errors?.length ? 1 : 0;
  });
}
