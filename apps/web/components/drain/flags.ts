// kubectl drain's flags as the drain page holds them: the form's text (what the user typed, so a
// half-typed "1m" is not lost), their place in the URL (named after kubectl's own flags, so a link
// reads like the command), a scenario's `# drain:` header, and the request drain.simulate takes.
// Every flag, its spelling, its parsing and its error words come from @podscope/drain's flag table.
import {
  DRAIN_FLAGS,
  DrainFlagError,
  KUBECTL_DRAIN_FLAGS,
  parseDrainHeader,
  parseFlagText,
  type DrainFlags,
  type DrainRequest,
} from "@podscope/drain";

type Spec = (typeof DRAIN_FLAGS)[number];
type BoolSpec = Extract<Spec, { type: "boolean" }>;
type TextSpec = Exclude<Spec, { type: "boolean" }>;
/** A text field holds what was typed, not seconds: its name drops the unit (gracePeriodSeconds → gracePeriod). */
type TextKey<F extends string> = F extends `${infer B}Seconds` ? B : F;

/**
 * The form: the nodes, each boolean flag by its request field, each other flag's text as typed ("" means kubectl's
 * default: -1 for --grace-period, 0 — forever — for --timeout).
 */
export type DrainForm = { nodes: string[] } & { [S in BoolSpec as S["field"]]: boolean } & {
  [S in TextSpec as TextKey<S["field"]>]: string;
};
type FlagKey = Exclude<keyof DrainForm, "nodes">;

const isBool = (s: Spec): s is BoolSpec => s.type === "boolean";
const textKey = (s: TextSpec) => s.field.replace(/Seconds$/, "") as TextKey<TextSpec["field"]>;
const keyOf = (s: Spec): FlagKey => (isBool(s) ? s.field : textKey(s));

const empty: Record<string, string[] | boolean | string> = { nodes: [] };
for (const s of DRAIN_FLAGS) empty[keyOf(s)] = isBool(s) ? false : "";
/** No node, every flag at kubectl's default. */
export const EMPTY_FORM = empty as DrainForm;

/** All URL parameters the form owns (so writing the form removes stale ones). */
export const FORM_PARAMS = ["nodes", ...DRAIN_FLAGS.map((s) => s.name)];

export function formFromParams(p: URLSearchParams): DrainForm {
  const f: DrainForm = { ...EMPTY_FORM, nodes: (p.get("nodes") ?? "").split(",").filter(Boolean) };
  for (const s of DRAIN_FLAGS) Object.assign(f, { [keyOf(s)]: isBool(s) ? p.get(s.name) === "1" : (p.get(s.name) ?? "") });
  return f;
}

export function writeFormParams(p: URLSearchParams, f: DrainForm): void {
  for (const k of FORM_PARAMS) p.delete(k);
  if (f.nodes.length) p.set("nodes", f.nodes.join(","));
  for (const s of DRAIN_FLAGS) {
    const v = f[keyOf(s)];
    if (v === true) p.set(s.name, "1");
    else if (typeof v === "string" && v !== "") p.set(s.name, v);
  }
}

/** Each flag's problem in kubectl's words, keyed by the form field; empty when the form can run. */
export function formErrors(f: DrainForm): Partial<Record<keyof DrainForm, string>> {
  const errs: Partial<Record<keyof DrainForm, string>> = {};
  if (f.nodes.length === 0) errs.nodes = "pick at least one node to drain";
  for (const s of DRAIN_FLAGS) {
    if (isBool(s) || f[textKey(s)].trim() === "") continue;
    try {
      parseFlagText(s, f[textKey(s)]);
    } catch (e) {
      if (!(e instanceof DrainFlagError)) throw e;
      errs[textKey(s)] = e.message;
    }
  }
  return errs;
}

/** One control of the form, as the table describes its flag: a checkbox for a boolean, a text input otherwise. */
export type FlagControl =
  | { kind: "check"; key: BoolSpec["field"]; label: string; hint: string; help: string }
  | { kind: "text"; key: TextKey<TextSpec["field"]>; label: string; hint: string; help: string; placeholder: string };

/** kubectl's default as the empty input shows it, in the flag's own syntax (a duration in seconds: "0s"). */
function defaultText(s: TextSpec): string {
  return s.type === "duration" ? `${s.default}s` : String(s.default);
}

/** The form's controls, from the flag table: the checkboxes first, then the text flags, each group in table order. */
export function flagControls(): FlagControl[] {
  const controls = DRAIN_FLAGS.map((s): FlagControl => {
    const words = { label: "label" in s.form ? s.form.label : `--${s.name}`, hint: s.form.hint, help: s.help };
    if (isBool(s)) return { kind: "check", key: s.field, ...words };
    const placeholder = "placeholder" in s.form ? s.form.placeholder : defaultText(s);
    return { kind: "text", key: textKey(s), placeholder, ...words };
  });
  return [...controls.filter((c) => c.kind === "check"), ...controls.filter((c) => c.kind === "text")];
}

/** The simulator's request; call only when formErrors is empty. Defaults are left out, as kubectl leaves them. */
export function toRequest(f: DrainForm): DrainRequest {
  const r: DrainRequest = { nodes: f.nodes };
  for (const s of DRAIN_FLAGS) {
    if (isBool(s)) {
      if (f[s.field]) Object.assign(r, { [s.field]: true });
      continue;
    }
    const text = f[textKey(s)].trim();
    if (text !== "") Object.assign(r, { [s.field]: parseFlagText(s, text) });
  }
  return r;
}

/** kubectl's flags alone (what a live drain takes): the request without its nodes and podscope's own flags. */
export function kubectlFlags(f: DrainForm): DrainFlags {
  const r = toRequest(f);
  const out: DrainFlags = {};
  for (const s of KUBECTL_DRAIN_FLAGS) if (r[s.field] !== undefined) Object.assign(out, { [s.field]: r[s.field] });
  return out;
}

/** The command line the form stands for, shown above Run so users learn kubectl's spelling. */
export function commandLine(f: DrainForm): string {
  const parts = ["kubectl drain", ...(f.nodes.length ? f.nodes : ["NODE"])];
  let rolling = false;
  for (const s of DRAIN_FLAGS) {
    const v = f[keyOf(s)];
    if (s.scope === "podscope") {
      rolling ||= v === true;
      continue;
    }
    if (v === true) parts.push(`--${s.name}`);
    else if (typeof v === "string" && v.trim() !== "")
      parts.push(s.type === "selector" ? `--${s.name}='${v.trim()}'` : `--${s.name}=${v.trim()}`);
  }
  return parts.join(" ") + (rolling ? "   # rolling: uncordon each node before the next" : "");
}

/**
 * A scenario's `# drain:` header ("n1 n2 --force --timeout 30s --rolling") as the form, read by @podscope/drain's
 * one header parser: an unknown flag is an error, so a scenario never silently runs with less.
 */
export function formFromHeader(header: string): DrainForm {
  const cmd = parseDrainHeader(header);
  const f: DrainForm = { ...EMPTY_FORM, nodes: cmd.nodes };
  for (const s of DRAIN_FLAGS) {
    const text = cmd.given[s.field];
    if (text !== undefined) Object.assign(f, { [keyOf(s)]: isBool(s) ? parseFlagText(s, text) : text });
  }
  return f;
}
