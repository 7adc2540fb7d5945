// Label selectors: the API's LabelSelector objects, and the string form kubectl's --pod-selector takes.
import type { LabelSelector, NodeSelectorTerm } from "@podscope/core";

type Labels = Record<string, string> | undefined;

/** policy/v1 and apps/v1 semantics: a null selector selects nothing, an empty one selects everything. */
export function matchesSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector === null || selector === undefined) return false;
  const l = labels ?? {};
  // Plain loops: the drain simulator matches every pod of a big snapshot against its PDBs on each run.
  const ml = selector.matchLabels;
  if (ml) for (const k in ml) if (l[k] !== ml[k]) return false;
  const me = selector.matchExpressions;
  if (me) for (const e of me) if (!matchesRequirement(e.key, e.operator, e.values ?? [], l)) return false;
  return true;
}

function matchesRequirement(key: string, op: string, values: string[], l: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(l, key);
  switch (op) {
    case "In":
      return has && values.includes(l[key]);
    case "NotIn":
      return !has || !values.includes(l[key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    // Node selector terms (required node affinity) also use Gt/Lt on integer values.
    case "Gt":
      return has && Number(l[key]) > Number(values[0]);
    case "Lt":
      return has && Number(l[key]) < Number(values[0]);
    default:
      return false;
  }
}

export class SelectorError extends Error {}

export interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

/** Parse kubectl's selector syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseSelector(text: string): Requirement[] {
  const out: Requirement[] = [];
  const src = text.trim();
  if (src === "") return out;
  // Split on commas that are not inside parentheses.
  const parts: string[] = [];
  let depth = 0,
    cur = "";
  for (const ch of src) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  const name = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
  const value = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    let req: Requirement;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      req = { key: m[1], operator: m[2] === "in" ? "In" : "NotIn", values: m[3].split(",").map((v) => v.trim()) };
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p))) {
      req = { key: m[1], operator: m[2] === "!=" ? "NotIn" : "In", values: [m[3]] };
    } else if ((m = /^!\s*(\S+)$/.exec(p))) {
      req = { key: m[1], operator: "DoesNotExist", values: [] };
    } else if (/^\S+$/.test(p)) {
      req = { key: p, operator: "Exists", values: [] };
    } else {
      throw new SelectorError(`unable to parse requirement: "${p}" in selector "${text}"`);
    }
    if (!name.test(req.key)) throw new SelectorError(`invalid label key "${req.key}" in selector "${text}"`);
    for (const v of req.values) if (!value.test(v)) throw new SelectorError(`invalid label value "${v}" in selector "${text}"`);
    out.push(req);
  }
  return out;
}

export function matchesRequirements(reqs: Requirement[], labels: Labels): boolean {
  const l = labels ?? {};
  return reqs.every((r) => matchesRequirement(r.key, r.operator, r.values, l));
}

/** Required node affinity / node selector terms: the terms are ORed, expressions within a term ANDed. */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], nodeLabels: Labels, nodeName: string): boolean {
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((e) => matchesRequirement(e.key, e.operator, e.values ?? [], nodeLabels ?? {})) &&
      fields.every((f) => matchesRequirement(f.key, f.operator, f.values ?? [], { "metadata.name": nodeName }))
    );
  });
}
