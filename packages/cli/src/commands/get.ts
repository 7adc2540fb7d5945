// `podscope get pods|pod NAME|nodes` — kubectl's table, -o wide, -o json (a v1 List or one object), -o yaml.
import { kubectlPodRow, timestampSince, type Node, type Pod } from "@podscope/core";
import { outputFormat, parse, sourceOf, UsageError } from "../flags";
import { asJson, asYaml, err, out, table } from "../print";
import { withClient } from "../run";
import { resolveAt } from "../at";

const POD_ALIASES = new Set(["pod", "pods", "po"]);
const NODE_ALIASES = new Set(["node", "nodes", "no"]);

export function podTable(pods: Pod[], opts: { wide: boolean; allNamespaces: boolean; now: Date }): string {
  const headers = [
    ...(opts.allNamespaces ? ["NAMESPACE"] : []),
    "NAME",
    "READY",
    "STATUS",
    "RESTARTS",
    "AGE",
    ...(opts.wide ? ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : []),
  ];
  const rows = pods.map((p) => {
    const r = kubectlPodRow(p, opts.now);
    return [
      ...(opts.allNamespaces ? [p.metadata.namespace ?? ""] : []),
      r.name,
      r.ready,
      r.status,
      r.restarts,
      r.age,
      ...(opts.wide ? [r.ip, r.node, r.nominatedNode, r.readinessGates] : []),
    ];
  });
  return table(headers, rows);
}

function nodeTable(nodes: Node[], now: Date): string {
  return table(
    ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
    nodes.map((n) => {
      const ready = n.status?.conditions?.find((c) => c.type === "Ready");
      let status = ready?.status === "True" ? "Ready" : ready ? "NotReady" : "Unknown";
      if (n.spec?.unschedulable) status += ",SchedulingDisabled";
      const roles =
        Object.keys(n.metadata.labels ?? {})
          .filter((k) => k.startsWith("node-role.kubernetes.io/"))
          .map((k) => k.split("/")[1])
          .join(",") || "<none>";
      return [
        n.metadata.name ?? "",
        status,
        roles,
        timestampSince(n.metadata.creationTimestamp, now),
        n.status?.nodeInfo?.kubeletVersion ?? "",
      ];
    }),
  );
}

/** `get pods --deleted`: the recorded incarnations that are gone, each with its UID and when it went. */
export function deletedPodTable(items: { pod: Pod; deletedAt: string }[], opts: { allNamespaces: boolean; now: Date }): string {
  return table(
    [...(opts.allNamespaces ? ["NAMESPACE"] : []), "NAME", "UID", "DELETED"],
    items.map(({ pod, deletedAt }) => [
      ...(opts.allNamespaces ? [pod.metadata.namespace ?? ""] : []),
      pod.metadata.name ?? "",
      pod.metadata.uid ?? "",
      `${timestampSince(deletedAt, opts.now)} ago`,
    ]),
  );
}

const byName = (a: { metadata: { namespace?: string; name?: string } }, b: typeof a) =>
  `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`);

export async function get(argv: string[]): Promise<number> {
  return withClient(async (c) => {
    const { values, positionals } = parse(argv, { deleted: { type: "boolean" }, at: { type: "string" } });
    const [kind, name] = positionals;
    if (!kind) throw new UsageError(`You must specify the type of resource to get. Use "pods" or "nodes".`);
    const fmt = outputFormat(values, ["json", "yaml", "wide", "name"]);
    const source = sourceOf(values);
    const ns = (values.namespace as string | undefined) ?? "default";
    const all = !!values["all-namespaces"];
    const now = new Date();
    if (POD_ALIASES.has(kind) && typeof values.at === "string") {
      // Time travel: the pods as they were at T, rebuilt from recorded history; ages as they read then.
      const r = await c.pods.at.query({ source, at: await resolveAt(c, source, values.at) });
      if (!r.since || Date.parse(r.at) < Date.parse(r.since)) {
        err(`Error: the history of source "${source}" ${r.since ? `reaches back to ${r.since}` : "is empty"}; ${r.at} is outside it`);
        return 1;
      }
      const pods = r.pods.filter((p) => (all || p.metadata.namespace === ns) && (!name || p.metadata.name === name)).sort(byName);
      if (fmt === "json" || fmt === "yaml") {
        const list = { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: pods };
        out(fmt === "json" ? asJson(list) : asYaml(list));
        return 0;
      }
      if (pods.length === 0) {
        err(`No resources found${all ? "" : ` in ${ns} namespace`} at ${r.at}.`);
        return 0;
      }
      out(podTable(pods, { wide: fmt === "wide", allNamespaces: all, now: new Date(r.at) }));
      return 0;
    }
    if (POD_ALIASES.has(kind) && values.deleted) {
      // Deleted pods within the source's history retention, most recently deleted first.
      const items = (await c.pods.deleted.query({ source })).filter(
        (d) => (all || d.pod.metadata.namespace === ns) && (!name || d.pod.metadata.name === name),
      );
      if (fmt === "json" || fmt === "yaml") {
        const list = { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: items.map((d) => d.pod) };
        out(fmt === "json" ? asJson(list) : asYaml(list));
        return 0;
      }
      if (items.length === 0) {
        err(all ? "No deleted pods recorded" : `No deleted pods recorded in ${ns} namespace.`);
        return 0;
      }
      out(deletedPodTable(items, { allNamespaces: all, now }));
      return 0;
    }
    if (POD_ALIASES.has(kind)) {
      if (name) {
        const pod = await c.pods.get.query({ source, namespace: ns, name });
        if (fmt === "json") out(asJson(pod));
        else if (fmt === "yaml") out(asYaml(pod));
        else if (fmt === "name") out(`pod/${pod.metadata.name}`);
        else out(podTable([pod], { wide: fmt === "wide", allNamespaces: false, now }));
        return 0;
      }
      const pods = (await c.pods.list.query({ source })).filter((p) => all || p.metadata.namespace === ns).sort(byName);
      // A partial view (RBAC let us list only some namespaces) is said, not hidden.
      const info = (await c.sources.list.query()).find((s) => s.id === source);
      const podSync = info?.sync?.find((s) => s.resource === "pods");
      if (podSync?.error) err(`Warning: partial view: ${podSync.error}`);
      if (fmt === "json" || fmt === "yaml") {
        const list = { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: pods };
        out(fmt === "json" ? asJson(list) : asYaml(list));
        return 0;
      }
      if (pods.length === 0) {
        err(all ? "No resources found" : `No resources found in ${ns} namespace.`);
        return 0;
      }
      if (fmt === "name") out(pods.map((p) => `pod/${p.metadata.name}`).join("\n"));
      else out(podTable(pods, { wide: fmt === "wide", allNamespaces: all, now }));
      return 0;
    }
    if (NODE_ALIASES.has(kind)) {
      let nodes = await c.nodes.list.query({ source });
      if (name) {
        nodes = nodes.filter((n) => n.metadata.name === name);
        if (!nodes.length) {
          err(`Error from server (NotFound): nodes "${name}" not found`);
          return 1;
        }
      }
      if (fmt === "json")
        out(asJson(name ? nodes[0] : { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: nodes }));
      else if (fmt === "yaml") out(asYaml(name ? nodes[0] : { apiVersion: "v1", kind: "List", items: nodes }));
      else out(nodeTable(nodes, now));
      return 0;
    }
    throw new UsageError(`the server doesn't have a resource type "${kind}"`);
  });
}
