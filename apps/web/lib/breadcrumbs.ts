// Where the user is, as breadcrumbs: source › namespace › pod, source › Nodes › node, source › Events › namespace.
// Each crumb but the last links back up, keeping the source and the namespace filter (navHref). Pure: the path, the
// query and the source's display name in, the crumbs out.
import { NAMESPACE_PARAM, navHref } from "./namespace-filter";

export interface Crumb {
  label: string;
  href: string | null;
  kind: "source" | "namespace" | "view" | "pod" | "node";
}

const VIEW_LABELS: Record<string, string> = {
  pods: "Pods",
  nodes: "Nodes",
  events: "Events",
  create: "Create",
  drain: "Drain",
  snapshots: "Snapshots",
};

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape: show it as typed
  }
};

export function breadcrumbs(pathname: string, query: URLSearchParams | string, sourceName: string | null): Crumb[] {
  const params = typeof query === "string" ? new URLSearchParams(query) : query;
  const parts = pathname.split("/").filter(Boolean).map(decode);
  const crumbs: Crumb[] = [];
  if (sourceName) crumbs.push({ label: sourceName, href: navHref("/", params, { [NAMESPACE_PARAM]: null }), kind: "source" });
  const [view, a, b] = parts;
  if (view === "pods" && a !== undefined && b !== undefined) {
    crumbs.push({ label: a, href: navHref("/pods", params, { [NAMESPACE_PARAM]: a }), kind: "namespace" });
    crumbs.push({ label: b, href: null, kind: "pod" });
  } else if (view === "nodes" && a !== undefined) {
    crumbs.push({ label: "Nodes", href: navHref("/nodes", params), kind: "view" });
    crumbs.push({ label: a, href: null, kind: "node" });
  } else if (view && VIEW_LABELS[view]) {
    const ns = params.get(NAMESPACE_PARAM);
    const namespaced = view === "pods" || view === "events";
    crumbs.push({
      label: VIEW_LABELS[view],
      href: namespaced && ns ? navHref(`/${view}`, params, { [NAMESPACE_PARAM]: null }) : null,
      kind: "view",
    });
    if (namespaced && ns) crumbs.push({ label: ns, href: null, kind: "namespace" });
  }
  // The last crumb is where we are: not a link.
  if (crumbs.length > 0) crumbs[crumbs.length - 1] = { ...crumbs[crumbs.length - 1], href: null };
  return crumbs;
}
