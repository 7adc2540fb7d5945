// kubectl drain's flags as the drain page holds them: the form's text (what the user typed, so a
// half-typed "1m" is not lost), their place in the URL (named after kubectl's own flags, so a link
// reads like the command), a scenario's `# drain:` header, and the request drain.simulate takes.

export interface DrainForm {
  nodes: string[];
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  disableEviction: boolean;
  /** Text as typed; "" means kubectl's default (-1: each pod's own terminationGracePeriodSeconds). */
  gracePeriod: string;
  /** A Go duration ("90s", "1m30s"); "" or "0" waits forever, as kubectl does. */
  timeout: string;
  podSelector: string;
  skipWaitForDeleteTimeout: string;
  /** Rolling upgrade: uncordon each node after its drain, before the next one (not a kubectl flag). */
  rolling: boolean;
}

export interface DrainRequestInput {
  nodes: string[];
  force?: boolean;
  ignoreDaemonSets?: boolean;
  deleteEmptyDirData?: boolean;
  disableEviction?: boolean;
  gracePeriodSeconds?: number;
  timeoutSeconds?: number;
  podSelector?: string;
  skipWaitForDeleteTimeoutSeconds?: number;
  uncordonAfterDrain?: boolean;
}

export const EMPTY_FORM: DrainForm = {
  nodes: [], force: false, ignoreDaemonSets: false, deleteEmptyDirData: false, disableEviction: false,
  gracePeriod: "", timeout: "", podSelector: "", skipWaitForDeleteTimeout: "", rolling: false,
};

const BOOL_PARAMS = [
  ["force", "force"], ["ignore-daemonsets", "ignoreDaemonSets"], ["delete-emptydir-data", "deleteEmptyDirData"],
  ["disable-eviction", "disableEviction"], ["rolling", "rolling"],
] as const;
const TEXT_PARAMS = [
  ["grace-period", "gracePeriod"], ["timeout", "timeout"], ["pod-selector", "podSelector"], ["skip-wait-for-delete-timeout", "skipWaitForDeleteTimeout"],
] as const;

/** All URL parameters the form owns (so writing the form removes stale ones). */
export const FORM_PARAMS = ["nodes", ...BOOL_PARAMS.map(([p]) => p), ...TEXT_PARAMS.map(([p]) => p)];

export function formFromParams(p: URLSearchParams): DrainForm {
  const f: DrainForm = { ...EMPTY_FORM, nodes: (p.get("nodes") ?? "").split(",").filter(Boolean) };
  for (const [param, key] of BOOL_PARAMS) f[key] = p.get(param) === "1";
  for (const [param, key] of TEXT_PARAMS) f[key] = p.get(param) ?? "";
  return f;
}

export function writeFormParams(p: URLSearchParams, f: DrainForm): void {
  for (const k of FORM_PARAMS) p.delete(k);
  if (f.nodes.length) p.set("nodes", f.nodes.join(","));
  for (const [param, key] of BOOL_PARAMS) if (f[key]) p.set(param, "1");
  for (const [param, key] of TEXT_PARAMS) if (f[key] !== "") p.set(param, f[key]);
}

// Go's time.ParseDuration, as kubectl parses --timeout ("90s", "1m30s", "1.5h", "0"), with Go's wording
// for a bad value. (@podscope/drain has the same function; the web app does not depend on that package.)
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function parseGoDuration(text: string): number {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) { if (s[0] === "-") sign = -1; s = s.slice(1); }
  if (s === "0") return 0;
  if (s === "") throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  const part = /^(\d+\.?\d*|\.\d+)([^\d.]*)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m) throw new Error(`time: invalid duration "${text}"`);
    if (!m[2]) throw new Error(`time: missing unit in duration "${text}"`);
    if (!(m[2] in UNIT_SECONDS)) throw new Error(`time: unknown unit "${m[2]}" in duration "${text}"`);
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Each flag's problem in kubectl's terms, keyed by the form field; empty when the form can run. */
export function formErrors(f: DrainForm): Partial<Record<keyof DrainForm, string>> {
  const errs: Partial<Record<keyof DrainForm, string>> = {};
  if (f.nodes.length === 0) errs.nodes = "pick at least one node to drain";
  if (f.gracePeriod.trim() !== "" && !/^-?\d+$/.test(f.gracePeriod.trim())) errs.gracePeriod = `--grace-period takes whole seconds (got "${f.gracePeriod}")`;
  else if (f.gracePeriod.trim() !== "" && Number(f.gracePeriod) < -1) errs.gracePeriod = "--grace-period is -1 (each pod's own) or 0 and up";
  if (f.timeout.trim() !== "") {
    try {
      if (parseGoDuration(f.timeout) < 0) errs.timeout = "--timeout cannot be negative";
    } catch (e) { errs.timeout = `--timeout: ${(e as Error).message}`; }
  }
  if (f.skipWaitForDeleteTimeout.trim() !== "" && !/^\d+$/.test(f.skipWaitForDeleteTimeout.trim())) errs.skipWaitForDeleteTimeout = `--skip-wait-for-delete-timeout takes whole seconds (got "${f.skipWaitForDeleteTimeout}")`;
  return errs;
}

/** The simulator's request; call only when formErrors is empty. Defaults are left out, as kubectl leaves them. */
export function toRequest(f: DrainForm): DrainRequestInput {
  const r: DrainRequestInput = { nodes: f.nodes };
  if (f.force) r.force = true;
  if (f.ignoreDaemonSets) r.ignoreDaemonSets = true;
  if (f.deleteEmptyDirData) r.deleteEmptyDirData = true;
  if (f.disableEviction) r.disableEviction = true;
  if (f.gracePeriod.trim() !== "") r.gracePeriodSeconds = Number(f.gracePeriod);
  if (f.timeout.trim() !== "") r.timeoutSeconds = parseGoDuration(f.timeout);
  if (f.podSelector.trim() !== "") r.podSelector = f.podSelector.trim();
  if (f.skipWaitForDeleteTimeout.trim() !== "") r.skipWaitForDeleteTimeoutSeconds = Number(f.skipWaitForDeleteTimeout);
  if (f.rolling) r.uncordonAfterDrain = true;
  return r;
}

/** The command line the form stands for, shown above Run so users learn kubectl's spelling. */
export function commandLine(f: DrainForm): string {
  const parts = ["kubectl drain", ...(f.nodes.length ? f.nodes : ["NODE"])];
  if (f.force) parts.push("--force");
  if (f.ignoreDaemonSets) parts.push("--ignore-daemonsets");
  if (f.deleteEmptyDirData) parts.push("--delete-emptydir-data");
  if (f.disableEviction) parts.push("--disable-eviction");
  if (f.gracePeriod.trim()) parts.push(`--grace-period=${f.gracePeriod.trim()}`);
  if (f.timeout.trim()) parts.push(`--timeout=${f.timeout.trim()}`);
  if (f.podSelector.trim()) parts.push(`--pod-selector='${f.podSelector.trim()}'`);
  if (f.skipWaitForDeleteTimeout.trim()) parts.push(`--skip-wait-for-delete-timeout=${f.skipWaitForDeleteTimeout.trim()}`);
  return parts.join(" ") + (f.rolling ? "   # rolling: uncordon each node before the next" : "");
}

/**
 * A scenario's `# drain:` header ("n1 n2 --force --timeout 30s --rolling") as the form. Flags take their
 * value after a space or "="; an unknown flag is an error, so a scenario never silently runs with less.
 */
export function formFromHeader(header: string): DrainForm {
  const f: DrainForm = { ...EMPTY_FORM, nodes: [] };
  const words = header.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith("--")) { f.nodes.push(w); continue; }
    const [flag, inline] = w.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? words[++i] ?? "";
    switch (flag) {
      case "--force": f.force = true; break;
      case "--ignore-daemonsets": f.ignoreDaemonSets = true; break;
      case "--delete-emptydir-data": f.deleteEmptyDirData = true; break;
      case "--disable-eviction": f.disableEviction = true; break;
      case "--rolling": f.rolling = true; break;
      case "--grace-period": f.gracePeriod = value(); break;
      case "--timeout": f.timeout = value(); break;
      case "--pod-selector": f.podSelector = value(); break;
      case "--skip-wait-for-delete-timeout": f.skipWaitForDeleteTimeout = value(); break;
      default: throw new Error(`the scenario's drain header has a flag this page does not know: ${flag}`);
    }
  }
  return f;
}
