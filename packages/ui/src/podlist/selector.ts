// Label selectors as kubectl accepts them on -l: "app=web,tier!=db", "env in (a,b)", "env notin (c)",
// "canary" (exists), "!canary" (does not exist). Parsed once, matched against 30,000 pods per keystroke.

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export class SelectorError extends Error {}

type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: Set<string> }
  | { key: string; op: "exists" | "!exists" };

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

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw new SelectorError(`invalid label key "${key}" in "${whole}"`);
  return key;
}
function checkValue(value: string, whole: string): string {
  if (!VALUE.test(value)) throw new SelectorError(`invalid label value "${value}" in "${whole}"`);
  return value;
}

function parseRequirement(part: string): Requirement {
  if (part === "") throw new SelectorError("empty requirement (two commas in a row, or a trailing comma?)");
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(",").map((v) => checkValue(v.trim(), part));
    return { key: checkKey(set[1], part), op: set[2] as "in" | "notin", values: new Set(values) };
  }
  if (/\s(in|notin)\s*[^(]*$/.test(part)) throw new SelectorError(`"${part}": the values of in/notin go in parentheses, e.g. env in (a,b)`);
  const eq = /^(.+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (eq) return { key: checkKey(eq[1].trim(), part), op: eq[2] === "!=" ? "!=" : "=", value: checkValue(eq[3].trim(), part) };
  if (part.startsWith("!")) return { key: checkKey(part.slice(1).trim(), part), op: "!exists" };
  return { key: checkKey(part, part), op: "exists" };
}

/** Parses a selector; an empty string matches everything. Throws SelectorError with a readable message. */
export function parseLabelSelector(text: string): LabelMatcher {
  const trimmed = text.trim();
  if (trimmed === "") return () => true;
  const reqs = splitTopLevel(trimmed).map(parseRequirement);
  return (labels) => {
    const l = labels ?? {};
    for (const r of reqs) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = l[r.key];
      switch (r.op) {
        case "=":
          if (v !== r.value) return false;
          break;
        case "!=":
          if (v === r.value) return false;
          break; // kubectl: a missing key satisfies !=
        case "in":
          if (!has || !r.values.has(v)) return false;
          break;
        case "notin":
          if (has && r.values.has(v)) return false;
          break;
        case "exists":
          if (!has) return false;
          break;
        case "!exists":
          if (has) return false;
          break;
      }
    }
    return true;
  };
}
