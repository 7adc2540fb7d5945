// `podscope events [POD]` — like `kubectl events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, oldest first.
import { timestampSince, type KubeEvent } from "@podscope/core";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, asYaml, err, out, table } from "../print";
import { withClient } from "../run";

export function lastSeen(e: KubeEvent): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "";
}

export function eventTable(events: KubeEvent[], now: Date): string {
  return table(
    ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    events.map((e) => [
      timestampSince(lastSeen(e), now) + (e.count && e.count > 1 ? ` (x${e.count})` : ""),
      e.type ?? "",
      e.reason ?? "",
      `${(e.involvedObject.kind ?? "").toLowerCase()}/${e.involvedObject.name ?? ""}`,
      e.message ?? "",
    ]),
  );
}

export async function events(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { for: { type: "string" }, uid: { type: "string" } });
    const fmt = outputFormat(values, ["json", "yaml"]);
    const all = !!values["all-namespaces"];
    const namespace = all ? undefined : ((values.namespace as string | undefined) ?? "default");
    const pod = positionals[0] ?? (values.for as string | undefined)?.replace(/^pods?\//, "");
    // A pod's events are one incarnation's (by UID, as kubectl): --uid names a deleted one.
    const uid = values.uid as string | undefined;
    if (uid && !pod) throw new UsageError("--uid needs a pod name: podscope events NAME --uid UID");
    const list = (await c.events.list.query({ source: sourceOf(values), namespace, name: pod, ...(uid ? { uid } : {}) }))
      .slice()
      .sort((a, b) => lastSeen(a).localeCompare(lastSeen(b)));
    if (fmt) {
      const v = { apiVersion: "v1", kind: "List", items: list };
      out(fmt === "json" ? asJson(v) : asYaml(v));
      return 0;
    }
    if (!list.length) {
      err(namespace ? `No events found in ${namespace} namespace.` : "No events found.");
      return 0;
    }
    out(eventTable(list, new Date()));
    return 0;
  });
}
