import { describe, expect, it } from "vitest";
import { breadcrumbs } from "../lib/breadcrumbs";
import { inNamespace, navHref } from "../lib/namespace-filter";

describe("links keep the source and the namespace filter", () => {
  it("carries source and ns from the current address, drops page-only state", () => {
    expect(navHref("/events", "source=local&ns=kube-system&sort=age&q=web")).toBe("/events?source=local&ns=kube-system");
    expect(navHref("/pods", "source=local&ns=kube-system", { ns: null })).toBe("/pods?source=local");
    expect(navHref("/pods?status=Running", "ns=a", { source: "ctx" })).toBe("/pods?status=Running&ns=a&source=ctx");
    expect(navHref("/", "")).toBe("/");
  });

  it("cluster-scoped objects show only under all namespaces", () => {
    expect(inNamespace("", undefined)).toBe(true);
    expect(inNamespace("default", undefined)).toBe(false);
    expect(inNamespace("default", "default")).toBe(true);
  });
});

describe("breadcrumbs: source › namespace › pod / node", () => {
  it("a pod page: the source, its namespace (a link to the pod list filtered to it), the pod", () => {
    expect(breadcrumbs("/pods/kube-system/coredns-1", "source=local", "local node")).toEqual([
      { label: "local node", href: "/?source=local", kind: "source" },
      { label: "kube-system", href: "/pods?source=local&ns=kube-system", kind: "namespace" },
      { label: "coredns-1", href: null, kind: "pod" },
    ]);
  });

  it("a node page: the source, Nodes, the node", () => {
    expect(breadcrumbs("/nodes/worker%201", "source=c&ns=a", "ctx")).toEqual([
      { label: "ctx", href: "/?source=c", kind: "source" },
      { label: "Nodes", href: "/nodes?source=c&ns=a", kind: "view" },
      { label: "worker 1", href: null, kind: "node" },
    ]);
  });

  it("a list filtered to a namespace shows it last; unfiltered, the view is last", () => {
    expect(breadcrumbs("/events", "source=local&ns=default", "local").map((c) => [c.label, c.href])).toEqual([
      ["local", "/?source=local"],
      ["Events", "/events?source=local"],
      ["default", null],
    ]);
    expect(breadcrumbs("/pods", "source=local", "local").map((c) => [c.label, c.href])).toEqual([
      ["local", "/?source=local"],
      ["Pods", null],
    ]);
  });
});
