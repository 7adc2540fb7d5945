// The command bar's language, k9s's habits: `:pods`, `:nodes`, `:events` jump to a view (with k9s's short names
// po, no, ev), `:pods kube-system` also narrows to a namespace, `:ns kube-system` only changes the namespace and
// `:ns all` (or `:ns -`) clears it. Pure, so what a command does is testable without a browser.

export type Command =
  | { kind: "go"; path: string; namespace?: string | null }
  | { kind: "namespace"; namespace: string | null }
  | { kind: "unknown"; text: string };

const VIEWS: Record<string, string> = {
  pods: "/pods",
  pod: "/pods",
  po: "/pods",
  nodes: "/nodes",
  node: "/nodes",
  no: "/nodes",
  events: "/events",
  event: "/events",
  ev: "/events",
  overview: "/",
  home: "/",
  create: "/create",
  drain: "/drain",
  snapshots: "/snapshots",
  snapshot: "/snapshots",
};

/** The names the command bar offers, in the order it lists them. */
export const COMMAND_NAMES = ["pods", "nodes", "events", "ns", "overview", "create", "drain", "snapshots"] as const;

const ALL = new Set(["all", "-", "*", "-A"]);
const namespaceArg = (arg: string | undefined): string | null | undefined => (arg === undefined ? undefined : ALL.has(arg) ? null : arg);

export function parseCommand(input: string): Command {
  const text = input.trim().replace(/^:/, "").trim();
  const [word = "", arg, ...rest] = text.split(/\s+/);
  const name = word.toLowerCase();
  if (rest.length > 0) return { kind: "unknown", text };
  if (name === "ns" || name === "namespace" || name === "namespaces") {
    const ns = namespaceArg(arg);
    return ns === undefined ? { kind: "unknown", text } : { kind: "namespace", namespace: ns };
  }
  const path = VIEWS[name];
  if (!path) return { kind: "unknown", text };
  const ns = namespaceArg(arg);
  return ns === undefined ? { kind: "go", path } : { kind: "go", path, namespace: ns };
}

/** Completions for what is typed so far: the command names that start with it. */
export function commandSuggestions(input: string): string[] {
  const word = input.trim().replace(/^:/, "").split(/\s+/)[0]?.toLowerCase() ?? "";
  return COMMAND_NAMES.filter((n) => n.startsWith(word));
}
