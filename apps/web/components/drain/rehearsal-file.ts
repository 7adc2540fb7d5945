// A rehearsal exported by the board (its JSON button, or `podscope drain -o json`) opens again on this page: such
// a file is recognised by its shape and drawn as is, without asking the server; anything else is cluster text.
import type { DrainBoardData } from "@podscope/ui";

const isDrain = (v: unknown): v is DrainBoardData => {
  const d = v as Partial<DrainBoardData> | null;
  return (
    !!d &&
    typeof d === "object" &&
    typeof d.node === "string" &&
    typeof d.result === "string" &&
    Array.isArray(d.pods) &&
    Array.isArray(d.timeline) &&
    Array.isArray(d.findings)
  );
};

/** The drains in a rehearsal file (one node's result, a list of them, or a rolling result), or null when it is not one. */
export function rehearsalFromText(text: string): DrainBoardData[] | null {
  const t = text.trimStart();
  if (!t.startsWith("{") && !t.startsWith("[")) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (isDrain(v)) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every(isDrain)) return v;
  const nodes = (v as { nodes?: unknown } | null)?.nodes;
  if (Array.isArray(nodes) && nodes.length > 0 && nodes.every(isDrain)) return nodes;
  return null;
}
