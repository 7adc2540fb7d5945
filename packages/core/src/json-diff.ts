// A structural diff of two JSON values, and its application. The history recorder stores each
// pod status as the difference from a base status of the same incarnation: two statuses of one
// pod differ in a few fields (a restart count, a state, a condition's time) and share the rest
// (images, digests, container IDs, IPs), so a change costs tens of bytes instead of kilobytes.
// Unlike RFC 7386 merge patches, arrays are diffed element by element (a status's conditions and
// containerStatuses are arrays: replacing them whole would store almost everything again) and key
// order is kept, so applying a diff gives back the very JSON that was recorded.

/** A diff: replace, remove (an object member), object members by key, or array elements by index. */
export type JsonDiff =
  | readonly ["=", unknown]
  | readonly ["-"]
  | readonly ["o", Readonly<Record<string, JsonDiff>>]
  | readonly ["o", Readonly<Record<string, JsonDiff>>, readonly string[]]
  | readonly ["a", number, Readonly<Record<string, JsonDiff>>];

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** `o[k] = v` that also works for a member named "__proto__" (JSON.parse makes it an own member). */
function set(o: JsonObject, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * What turns `from` into `to` (both JSON values, as JSON.parse returns them), undefined when they
 * are equal. An object diff lists only changed members; it carries the result's key order only when
 * that is not `from`'s order with new members appended.
 */
export function diffJson(from: unknown, to: unknown): JsonDiff | undefined {
  if (isObject(from) && isObject(to)) {
    const members: Record<string, JsonDiff> = {};
    let changed = false;
    const toKeys = Object.keys(to);
    for (const k of toKeys) {
      const d = has(from, k) ? diffJson(from[k], to[k]) : (["=", to[k]] as const);
      if (d) {
        set(members, k, d);
        changed = true;
      }
    }
    const fromKeys = Object.keys(from);
    for (const k of fromKeys) {
      if (!has(to, k)) {
        set(members, k, ["-"]);
        changed = true;
      }
    }
    const expected = [...fromKeys.filter((k) => has(to, k)), ...toKeys.filter((k) => !has(from, k))];
    const reordered = expected.some((k, i) => k !== toKeys[i]);
    if (!changed && !reordered) return undefined;
    return reordered ? ["o", members, toKeys] : ["o", members];
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const elements: Record<string, JsonDiff> = {};
    let changed = from.length !== to.length;
    to.forEach((v, i) => {
      const d = i < from.length ? diffJson(from[i], v) : (["=", v] as const);
      if (d) {
        elements[i] = d;
        changed = true;
      }
    });
    return changed ? ["a", to.length, elements] : undefined;
  }
  if (from === to) return undefined;
  return ["=", to];
}

/**
 * `from` with `diff` applied (diffJson's inverse). Unchanged parts of `from` are shared with the
 * result, not copied: pass a value nobody else holds (freshly parsed).
 */
export function applyJsonDiff(from: unknown, diff: JsonDiff | undefined): unknown {
  if (diff === undefined) return from;
  switch (diff[0]) {
    case "=":
      return diff[1];
    case "-":
      return undefined;
    case "o": {
      const base = isObject(from) ? from : {};
      const members = diff[1];
      const out: JsonObject = {};
      for (const k of Object.keys(base)) {
        if (!has(members, k)) set(out, k, base[k]);
        else if (members[k][0] !== "-") set(out, k, applyJsonDiff(base[k], members[k]));
      }
      for (const k of Object.keys(members)) if (!has(base, k) && members[k][0] !== "-") set(out, k, applyJsonDiff(undefined, members[k]));
      const order = diff[2];
      if (!order) return out;
      const ordered: JsonObject = {};
      for (const k of order) set(ordered, k, out[k]);
      return ordered;
    }
    case "a": {
      const base = Array.isArray(from) ? (from as unknown[]) : [];
      const elements = diff[2];
      return Array.from({ length: diff[1] }, (_, i) => (has(elements, String(i)) ? applyJsonDiff(base[i], elements[i]) : base[i]));
    }
  }
}
