// Reading a cluster snapshot: a v1 List, multi-document YAML, or JSON, as `kubectl get … -o yaml|json` writes it.
// Kinds the drain does not use (Services, ConfigMaps, …) are counted and ignored; everything else is checked
// enough that a malformed object fails here with its position instead of deep inside the simulation.
import { LineCounter, parseAllDocuments } from "yaml";
import type { KubeObject, Pod, PodDisruptionBudget } from "@podscope/core";
import type { PriorityClass, Snapshot } from "./types";

export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface LoadedSnapshot {
  snapshot: Snapshot;
  ignored: Record<string, number>;
}

export function emptySnapshot(): Snapshot {
  return {
    nodes: [],
    pods: [],
    pdbs: [],
    replicaSets: [],
    deployments: [],
    daemonSets: [],
    statefulSets: [],
    jobs: [],
    priorityClasses: [],
  };
}

const KIND_FIELD: Record<string, keyof Snapshot> = {
  Node: "nodes",
  Pod: "pods",
  PodDisruptionBudget: "pdbs",
  ReplicaSet: "replicaSets",
  Deployment: "deployments",
  DaemonSet: "daemonSets",
  StatefulSet: "statefulSets",
  Job: "jobs",
  PriorityClass: "priorityClasses",
};

/** Parse snapshot text. `source` names the file in error messages. Throws SnapshotError (with line and column). */
export function loadSnapshot(text: string, source = "<snapshot>"): LoadedSnapshot {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const snapshot = emptySnapshot();
  const ignored: Record<string, number> = {};
  const docList = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // parseAllDocuments returns an EmptyStream for input without documents.
    return { snapshot, ignored };
  }
  for (const doc of docList) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      throw new SnapshotError(`${source}:${pos.line}:${pos.col}: YAML error: ${firstLine(e.message)}`, pos.line, pos.col);
    }
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const start = doc.contents?.range?.[0] ?? 0;
    const pos = lc.linePos(start);
    const where = `${source}:${pos.line}:${pos.col}`;
    const items = isList(value) ? value.items : [value];
    items.forEach((item: unknown, i: number) => {
      const at = isList(value) ? `${where}: items[${i}]` : where;
      addObject(snapshot, ignored, item, at, pos.line, pos.col);
    });
  }
  return { snapshot, ignored };
}

/**
 * A snapshot from objects already in memory (a live source's caches, an API request body). Lists are flattened;
 * the same checks as for files apply, with `source` and the index naming a bad object. The objects are copied,
 * so the caller's stay untouched.
 */
export function snapshotFromObjects(objects: unknown[], source = "<objects>"): LoadedSnapshot {
  const snapshot = emptySnapshot();
  const ignored: Record<string, number> = {};
  objects.forEach((o, i) => {
    const items = isList(o) ? o.items : [o];
    items.forEach((item, j) =>
      addObject(snapshot, ignored, structuredClone(item), isList(o) ? `${source}[${i}].items[${j}]` : `${source}[${i}]`, 0, 0),
    );
  });
  return { snapshot, ignored };
}

function isList(v: unknown): v is { items: unknown[] } {
  if (typeof v !== "object" || v === null) return false;
  const { kind, items } = v as { kind?: unknown; items?: unknown };
  return typeof kind === "string" && kind.endsWith("List") && Array.isArray(items);
}

function firstLine(msg: string): string {
  return msg.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

function addObject(s: Snapshot, ignored: Record<string, number>, item: unknown, at: string, line: number, col: number): void {
  const fail = (msg: string): never => {
    throw new SnapshotError(`${at}: ${msg}`, line, col);
  };
  if (!item || typeof item !== "object" || Array.isArray(item)) fail("expected a Kubernetes object (a mapping with kind and metadata)");
  const o = item as KubeObject;
  if (typeof o.kind !== "string" || o.kind === "") fail("object has no kind");
  const kind = o.kind as string;
  if (!o.metadata || typeof o.metadata !== "object") fail(`${kind} has no metadata`);
  if (typeof o.metadata.name !== "string" || o.metadata.name === "") fail(`${kind} has no metadata.name`);
  const field = KIND_FIELD[kind];
  if (!field) {
    ignored[kind] = (ignored[kind] ?? 0) + 1;
    return;
  }
  if (kind !== "Node" && kind !== "PriorityClass" && !o.metadata.namespace) o.metadata.namespace = "default";
  const name = `${kind} ${o.metadata.namespace ? o.metadata.namespace + "/" : ""}${o.metadata.name}`;
  if (kind === "Pod") {
    const p = o as Pod;
    if (!p.spec || !Array.isArray(p.spec.containers)) fail(`${name}: spec.containers must be a list`);
  }
  if (kind === "PodDisruptionBudget") {
    const spec = (o as PodDisruptionBudget).spec;
    if (!spec) fail(`${name}: has no spec`);
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
      fail(`${name}: minAvailable and maxUnavailable cannot be both set`);
    for (const k of ["minAvailable", "maxUnavailable"] as const) {
      const v = spec[k];
      if (v !== undefined && !(typeof v === "number" && Number.isInteger(v) && v >= 0) && !(typeof v === "string" && /^\d+%$/.test(v)))
        fail(`${name}: spec.${k} must be a non-negative integer or a percentage like "50%", got ${JSON.stringify(v)}`);
    }
  }
  if (kind === "PriorityClass" && typeof (o as PriorityClass).value !== "number") fail(`${name}: value must be a number`);
  const list = s[field] as KubeObject[];
  const dup = list.find((x) => x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace);
  if (dup) fail(`${name} appears twice`);
  list.push(o);
}
