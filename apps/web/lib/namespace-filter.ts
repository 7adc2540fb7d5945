"use client";
// One namespace filter for every list (pods, events, a node's pods): `?ns=` in the URL, so a permalink keeps it,
// and carried by the nav, breadcrumbs and command jumps, so it is remembered from page to page. "" is all.
import { NAMESPACE_PARAM } from "./boot-script";
import { useUrlParam } from "./url-state";

export { NAMESPACE_PARAM };

export function useNamespaceFilter(): [string, (ns: string | null) => void] {
  return useUrlParam(NAMESPACE_PARAM);
}

/** True when a namespaced object passes the filter; cluster-scoped objects ("" namespace) only under "all". */
export function inNamespace(filter: string, namespace: string | undefined): boolean {
  return filter === "" || namespace === filter;
}

/**
 * An internal link that keeps where the user is looking: the source and the namespace filter of the current
 * address (`current`), overridden by `set` (null removes a parameter). Other view state (sort, text filters) is
 * the page's own and stays behind.
 */
export function navHref(path: string, current: URLSearchParams | string, set: Record<string, string | null> = {}): string {
  const from = typeof current === "string" ? new URLSearchParams(current) : current;
  const [base, qs = ""] = path.split("?");
  const out = new URLSearchParams(qs);
  for (const k of ["source", NAMESPACE_PARAM]) {
    const v = from.get(k);
    if (v && !out.has(k)) out.set(k, v);
  }
  for (const [k, v] of Object.entries(set)) {
    if (v === null || v === "") out.delete(k);
    else out.set(k, v);
  }
  const s = out.toString();
  return s ? `${base}?${s}` : base;
}
