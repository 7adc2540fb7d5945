// Label selectors in the string form kubectl takes on -l and drain's --pod-selector:
// "app=web,tier!=db", "env in (a,b)", "env notin (c)", "canary" (exists), "!canary" (does not exist).
// Parsed into the API's own requirement shape, so a typed LabelSelector and a typed-in one match the same way.
import type { LabelSelectorRequirement, NodeSelectorRequirement } from "./types";

export class SelectorError extends Error {}

type Labels = Record<string, string> | undefined;

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

// Commas inside "in (a,b)" do not separate requirements.
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function parseRequirement(part: string, whole: string): LabelSelectorRequirement {
  const key = (k: string): string => {
    if (!KEY.test(k)) throw new SelectorError(`invalid label key "${k}" in selector "${whole}"`);
    return k;
  };
  const value = (v: string): string => {
    if (!VALUE.test(v)) throw new SelectorError(`invalid label value "${v}" in selector "${whole}"`);
    return v;
  };
  if (part === "") throw new SelectorError("empty requirement (two commas in a row, or a trailing comma?)");
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(",").map((v) => value(v.trim()));
    return { key: key(set[1]), operator: set[2] === "in" ? "In" : "NotIn", values };
  }
  if (/^\S+\s+(in|notin)(\s|\(|$)/.test(part)) {
    throw new SelectorError(
      `unable to parse requirement: "${part}" in selector "${whole}": the values of in/notin go in parentheses, e.g. env in (a,b)`,
    );
  }
  const eq = /^(.+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
  // "a!=b" is NotIn (b): kubectl lets a missing key satisfy !=.
  if (eq) return { key: key(eq[1].trim()), operator: eq[2] === "!=" ? "NotIn" : "In", values: [value(eq[3].trim())] };
  if (part.startsWith("!")) return { key: key(part.slice(1).trim()), operator: "DoesNotExist", values: [] };
  if (/\s/.test(part)) throw new SelectorError(`unable to parse requirement: "${part}" in selector "${whole}"`);
  return { key: key(part), operator: "Exists", values: [] };
}

/** Parses kubectl's selector syntax; an empty string is no requirement (selects everything). Throws SelectorError. */
export function parseLabelSelector(text: string): LabelSelectorRequirement[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  return splitTopLevel(trimmed).map((part) => parseRequirement(part, trimmed));
}

/** One requirement against a label map. Node selector terms also use Gt/Lt on integer values. */
export function matchesLabelRequirement(
  key: string,
  operator: NodeSelectorRequirement["operator"],
  values: string[],
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (operator) {
    case "In":
      return has && values.includes(labels[key]);
    case "NotIn":
      return !has || !values.includes(labels[key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
      return has && Number(labels[key]) > Number(values[0]);
    case "Lt":
      return has && Number(labels[key]) < Number(values[0]);
    default:
      return false;
  }
}

/** All requirements hold (a parsed selector's requirements are ANDed). */
export function matchesLabelRequirements(reqs: readonly LabelSelectorRequirement[], labels: Labels): boolean {
  const l = labels ?? {};
  // A plain loop: the pod list matches 30,000 pods per keystroke, the drain simulator every pod of a snapshot.
  for (const r of reqs) if (!matchesLabelRequirement(r.key, r.operator, r.values ?? [], l)) return false;
  return true;
}
