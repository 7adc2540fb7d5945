// The window file: one JSON file holding a time window of one source (the whole source, a namespace or
// one pod) — its objects, the recorded status history, events and the last container log lines — so a
// postmortem or a lesson can be replayed later, read-only, with the clock frozen at the moment it was taken.
// This module defines the format once and reads untrusted files: every refusal says what is wrong and
// where (line and column for broken JSON, the field path for a wrong shape). The older single-pod
// snapshot file (kind PodscopeSnapshot, version 1) is read too, as the one-pod case of a window.
import { ManifestError } from "./manifest";
import type { KubeEvent, KubeObject, Node, Pod, PodDisruptionBudget, PodStatus } from "./types";

export const WINDOW_FILE_KIND = "PodscopeWindow";
export const WINDOW_FILE_VERSION = 1;
/** Log lines kept per container instance (current and previous), like `kubectl logs --tail=1000`. */
export const WINDOW_LOG_LINES = 1000;

export interface WindowStatusRecord {
  time: string;
  status: PodStatus;
}

export interface WindowDeletedPod {
  pod: Pod;
  deletedAt: string;
}

/** What a container wrote: its running (or last) instance, and the instance before it after a restart. */
export interface WindowContainerLogs {
  current: string[];
  previous?: string[];
}

/** Host inspection saved for a pod (cgroups, namespaces, processes), in @podscope/inspect's shapes. */
export interface WindowPodInspection {
  cgroups?: unknown;
  namespaces?: unknown;
  processes?: unknown;
}

export interface WindowFile {
  kind: typeof WINDOW_FILE_KIND;
  version: typeof WINDOW_FILE_VERSION;
  /** The source it was exported from. */
  source: { id: string; name: string; kind: string };
  /** What was exported: no namespace = the whole source; a pod name = one pod. */
  scope: { namespace?: string; pod?: string };
  /** The window (RFC 3339); `to` is when it was taken. */
  from: string;
  to: string;
  takenAt: string;
  objects: {
    pods: Pod[];
    events: KubeEvent[];
    nodes: Node[];
    pdbs: PodDisruptionBudget[];
    /** Controllers: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs … */
    workloads: KubeObject[];
    /** Anything else a drain rehearsal reads (PriorityClasses). */
    other?: KubeObject[];
    /** Pods deleted within the window (their last object and when they went), from a recording source. */
    deletedPods?: WindowDeletedPod[];
  };
  /** Recorded status changes by pod UID, oldest first. */
  history: Record<string, WindowStatusRecord[]>;
  /** Log lines by pod UID, then container name. */
  logs: Record<string, Record<string, WindowContainerLogs>>;
  /** Inspection by pod UID, when the source could see its node. */
  inspection?: Record<string, WindowPodInspection>;
}

/** The key a pod's history, logs and inspection are filed under: its UID, or namespace/name without one. */
export function windowKey(pod: Pod): string {
  return pod.metadata.uid ?? `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
}

/** A file podscope refuses: the message says what and where; `position` is set for broken JSON. */
export class WindowFileError extends ManifestError {
  constructor(message: string, position?: { line: number; column: number }) {
    super(message, position, "BadRequest");
    this.name = "WindowFileError";
  }
}

/** Reads a window file (or an older single-pod snapshot file, converted). Throws WindowFileError. */
export function parseWindowFile(text: string, fileName = "the file"): WindowFile {
  if (text.trim() === "") throw new WindowFileError(`${fileName} is empty: expected a podscope window file (JSON)`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const at = locateJsonError(text);
    const pos = lineColumn(text, at.offset);
    const truncated = at.offset >= text.length;
    throw new WindowFileError(
      `${fileName}: line ${pos.line}, column ${pos.column}: not valid JSON: expected ${at.expected}` +
        (truncated ? " — the file ends there: it looks truncated" : ""),
      pos,
    );
  }
  if (!isObject(v)) throw new WindowFileError(`${fileName} is not a podscope window file: expected a JSON object, got ${typeName(v)}`);
  if (v.kind === "PodscopeSnapshot") return snapshotToWindow(v, fileName);
  if (v.kind !== WINDOW_FILE_KIND) {
    throw new WindowFileError(
      `${fileName} is not a podscope window file: kind is ${JSON.stringify(v.kind) ?? "missing"}, expected "${WINDOW_FILE_KIND}" (or an older "PodscopeSnapshot")`,
    );
  }
  checkVersion(v.version, "window file");
  return checkWindow(v, fileName);
}

function checkVersion(version: unknown, what: string): void {
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new WindowFileError(
      `${what} version ${JSON.stringify(version) ?? "missing"} is not a version this podscope reads (${WINDOW_FILE_VERSION})`,
    );
  }
  if (version > WINDOW_FILE_VERSION)
    throw new WindowFileError(`${what} version ${version} is newer than this podscope reads (${WINDOW_FILE_VERSION})`);
}

// ---- shape checks: each names the field path it refuses -------------------------------------------

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === undefined
    ? "nothing"
    : v === null
      ? "null"
      : Array.isArray(v)
        ? "an array"
        : typeof v === "object"
          ? "an object"
          : `${typeof v} ${JSON.stringify(v)}`;
}

class Checker {
  constructor(private readonly fileName: string) {}

  fail(path: string, what: string, got: unknown): never {
    throw new WindowFileError(`${this.fileName}: ${path}: expected ${what}, got ${typeName(got)}`);
  }
  object(v: unknown, path: string): Obj {
    return isObject(v) ? v : this.fail(path, "an object", v);
  }
  array(v: unknown, path: string): unknown[] {
    return Array.isArray(v) ? v : this.fail(path, "an array", v);
  }
  string(v: unknown, path: string): string {
    return typeof v === "string" ? v : this.fail(path, "a string", v);
  }
  time(v: unknown, path: string): string {
    const s = this.string(v, path);
    return Number.isNaN(Date.parse(s)) ? this.fail(path, "an RFC 3339 time", v) : s;
  }
  strings(v: unknown, path: string): string[] {
    return this.array(v, path).map((l, i) => this.string(l, `${path}[${i}]`));
  }
  /** A Kubernetes object with metadata.name (and the kind given, when it carries one). */
  kubeObject(v: unknown, path: string, kind?: string): KubeObject {
    const o = this.object(v, path);
    const meta = this.object(o.metadata, `${path}.metadata`);
    this.string(meta.name, `${path}.metadata.name`);
    if (kind !== undefined && o.kind !== undefined && o.kind !== kind) this.fail(`${path}.kind`, `"${kind}"`, o.kind);
    if (kind === undefined) this.string(o.kind, `${path}.kind`);
    return o as unknown as KubeObject;
  }
  pod(v: unknown, path: string): Pod {
    const p = this.kubeObject(v, path, "Pod") as Pod;
    this.object((p as unknown as Obj).spec, `${path}.spec`);
    this.array(p.spec.containers, `${path}.spec.containers`);
    return p;
  }
  event(v: unknown, path: string): KubeEvent {
    const o = this.object(v, path);
    this.object(o.involvedObject, `${path}.involvedObject`);
    return o as unknown as KubeEvent;
  }
  history(v: unknown, path: string): WindowStatusRecord[] {
    return this.array(v, path).map((r, i) => {
      const o = this.object(r, `${path}[${i}]`);
      this.time(o.time, `${path}[${i}].time`);
      this.object(o.status, `${path}[${i}].status`);
      return o as unknown as WindowStatusRecord;
    });
  }
}

function checkWindow(v: Obj, fileName: string): WindowFile {
  const c = new Checker(fileName);
  const src = c.object(v.source, "source");
  for (const k of ["id", "name", "kind"]) c.string(src[k], `source.${k}`);
  const scope = v.scope === undefined ? {} : c.object(v.scope, "scope");
  if (scope.namespace !== undefined) c.string(scope.namespace, "scope.namespace");
  if (scope.pod !== undefined) c.string(scope.pod, "scope.pod");
  c.time(v.takenAt, "takenAt");
  c.time(v.from, "from");
  c.time(v.to, "to");
  const objects = c.object(v.objects, "objects");
  c.array(objects.pods, "objects.pods").forEach((p, i) => c.pod(p, `objects.pods[${i}]`));
  c.array(objects.events, "objects.events").forEach((e, i) => c.event(e, `objects.events[${i}]`));
  c.array(objects.nodes, "objects.nodes").forEach((n, i) => c.kubeObject(n, `objects.nodes[${i}]`, "Node"));
  c.array(objects.pdbs, "objects.pdbs").forEach((p, i) =>
    c.object(c.kubeObject(p, `objects.pdbs[${i}]`, "PodDisruptionBudget").spec, `objects.pdbs[${i}].spec`),
  );
  c.array(objects.workloads, "objects.workloads").forEach((w, i) => c.kubeObject(w, `objects.workloads[${i}]`));
  if (objects.other !== undefined) c.array(objects.other, "objects.other").forEach((w, i) => c.kubeObject(w, `objects.other[${i}]`));
  if (objects.deletedPods !== undefined) {
    c.array(objects.deletedPods, "objects.deletedPods").forEach((d, i) => {
      const o = c.object(d, `objects.deletedPods[${i}]`);
      c.pod(o.pod, `objects.deletedPods[${i}].pod`);
      c.time(o.deletedAt, `objects.deletedPods[${i}].deletedAt`);
    });
  }
  for (const [uid, records] of Object.entries(c.object(v.history, "history"))) c.history(records, `history[${JSON.stringify(uid)}]`);
  for (const [uid, containers] of Object.entries(c.object(v.logs, "logs"))) {
    for (const [name, l] of Object.entries(c.object(containers, `logs[${JSON.stringify(uid)}]`))) {
      const path = `logs[${JSON.stringify(uid)}][${JSON.stringify(name)}]`;
      const o = c.object(l, path);
      c.strings(o.current, `${path}.current`);
      if (o.previous !== undefined) c.strings(o.previous, `${path}.previous`);
    }
  }
  if (v.inspection !== undefined) {
    for (const [uid, i] of Object.entries(c.object(v.inspection, "inspection"))) c.object(i, `inspection[${JSON.stringify(uid)}]`);
  }
  return { ...(v as unknown as WindowFile), scope: scope as WindowFile["scope"] };
}

/** The older single-pod snapshot (kind PodscopeSnapshot, version 1) as the one-pod window it always was. */
function snapshotToWindow(v: Obj, fileName: string): WindowFile {
  checkVersion(v.version, "snapshot file");
  const c = new Checker(fileName);
  const src = c.object(v.source, "source");
  for (const k of ["id", "name", "kind"]) c.string(src[k], `source.${k}`);
  const takenAt = c.time(v.takenAt, "takenAt");
  const pod = c.pod(v.pod, "pod");
  const history = c.history(v.history, "history");
  const events = c.array(v.events, "events").map((e, i) => c.event(e, `events[${i}]`));
  const inspection = v.inspection === undefined ? undefined : c.object(v.inspection, "inspection");
  const uid = windowKey(pod);
  const from = [pod.metadata.creationTimestamp, ...history.map((h) => h.time)].filter((t): t is string => !!t).sort()[0] ?? takenAt;
  return {
    kind: WINDOW_FILE_KIND,
    version: WINDOW_FILE_VERSION,
    source: src as WindowFile["source"],
    scope: { namespace: pod.metadata.namespace ?? "default", pod: pod.metadata.name },
    from,
    to: takenAt,
    takenAt,
    objects: { pods: [pod], events, nodes: [], pdbs: [], workloads: [] },
    history: { [uid]: history },
    logs: {},
    ...(inspection ? { inspection: { [uid]: inspection as WindowPodInspection } } : {}),
  };
}

// ---- where JSON breaks --------------------------------------------------------------------------

/** 1-based line and column of an offset, as editors count them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1,
    start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: end - start + 1 };
}

class JsonStop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

/**
 * The first place JSON.parse would refuse, with what was expected there. Node's own message does not
 * always carry a position ("Unexpected token …, is not valid JSON"), so this small scanner finds it;
 * it runs only after JSON.parse failed.
 */
export function locateJsonError(s: string): { offset: number; expected: string } {
  let i = 0;
  const fail = (expected: string): never => {
    throw new JsonStop(i, expected);
  };
  const ws = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\n" || s[i] === "\r" || s[i] === "\t")) i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= s.length) fail(`the closing '"' of a string`);
      const ch = s.charCodeAt(i);
      if (ch === 34) {
        i++;
        return;
      }
      if (ch < 32) fail("no control character inside a string");
      if (ch === 92) {
        const e = s[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
            i += 2;
            fail("four hex digits after \\u");
          }
          i += 6;
        } else if (e !== undefined && `"\\/bfnrt`.includes(e)) i += 2;
        else {
          i++;
          fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
      } else i++;
    }
  };
  const num = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (depth: number): void => {
    if (depth > 2_000) fail("less deeply nested values");
    ws();
    if (i >= s.length) fail("a value");
    const c = s[i];
    if (c === "{") {
      i++;
      ws();
      if (s[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail("a property name in double quotes");
        str();
        ws();
        if (s[i] !== ":") fail("':' after a property name");
        i++;
        value(depth + 1);
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "}") {
          i++;
          return;
        }
        fail("',' or '}' after a property value");
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (s[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "]") {
          i++;
          return;
        }
        fail("',' or ']' after an array element");
      }
    }
    if (c === '"') return str();
    num.lastIndex = i;
    if (num.test(s)) {
      i = num.lastIndex;
      return;
    }
    for (const lit of ["true", "false", "null"])
      if (s.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    fail("a value (object, array, string, number, true, false or null)");
  };
  try {
    value(0);
    ws();
    if (i < s.length) fail("the end of the file after the top-level value");
  } catch (e) {
    if (e instanceof JsonStop) return { offset: e.offset, expected: e.expected };
    throw e;
  }
  // JSON.parse refused something this scanner accepts (should not happen): point at the end.
  return { offset: s.length, expected: "valid JSON" };
}
