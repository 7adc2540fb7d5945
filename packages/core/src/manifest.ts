// Reading Pod manifests the way `kubectl apply -f` does: one file may hold one object, a v1 List,
// or several YAML/JSON documents. Every problem is reported with the line and column it comes from,
// in words close to kubectl's, so a user can fix the file without guessing.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from "yaml";
import { podSchema, type FieldSchema } from "./manifest-schema";
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS } from "./pod-defaults";
import type { KubeObject, Pod } from "./types";

export interface ManifestPosition {
  line: number;
  column: number;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly position?: ManifestPosition,
    readonly reason: "Invalid" | "BadRequest" = "BadRequest",
  ) {
    super(message);
    this.name = "ManifestError";
  }
}

export interface ParsedObject {
  object: KubeObject;
  position: ManifestPosition;
}

/** Parses every object in a manifest text, unwrapping v1 Lists. Throws ManifestError on malformed YAML. */
export function parseManifest(text: string, fileName = "<stdin>"): ParsedObject[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new ManifestError(`error parsing ${fileName}: not a YAML stream`);
  const pos = (offset: number): ManifestPosition => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const out: ParsedObject[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const at = pos(err.pos[0]);
      throw new ManifestError(`error parsing ${fileName}: line ${at.line}, column ${at.column}: ${firstLine(err.message)}`, at);
    }
    if (doc.contents === null) continue; // an empty document between separators, as kubectl tolerates
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const at = pos(doc.contents.range?.[0] ?? 0);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ManifestError(
        `error parsing ${fileName}: line ${at.line}, column ${at.column}: expected an object with apiVersion and kind`,
        at,
      );
    }
    if (value.kind === "List" || (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items))) {
      const itemsNode = isMap(doc.contents) ? doc.contents.get("items", true) : undefined;
      (value.items as unknown[]).forEach((item, i) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[i] as YamlNode | undefined) : undefined;
        const p = node?.range ? pos(node.range[0]) : at;
        out.push({ object: checkObject(item, fileName, p), position: p });
        if (node) checkUnknownFields(node, item as KubeObject, fileName, pos);
      });
      continue;
    }
    const object = checkObject(value, fileName, at);
    checkUnknownFields(doc.contents, object, fileName, pos);
    out.push({ object, position: at });
  }
  if (out.length === 0) throw new ManifestError(`error: no objects passed to apply`);
  return out;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}

function checkObject(value: unknown, fileName: string, at: ManifestPosition): KubeObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ManifestError(
      `error parsing ${fileName}: line ${at.line}, column ${at.column}: expected an object with apiVersion and kind`,
      at,
    );
  }
  const o = value as Record<string, unknown>;
  if (typeof o.kind !== "string" || o.kind === "") {
    throw new ManifestError(`error validating ${fileName}: line ${at.line}, column ${at.column}: Object 'Kind' is missing`, at);
  }
  if (typeof o.apiVersion !== "string" || o.apiVersion === "") {
    throw new ManifestError(`error validating ${fileName}: line ${at.line}, column ${at.column}: Object 'apiVersion' is missing`, at);
  }
  if (o.metadata === undefined) o.metadata = {};
  if (typeof o.metadata !== "object" || o.metadata === null) {
    throw new ManifestError(`error validating ${fileName}: line ${at.line}, column ${at.column}: metadata must be an object`, at);
  }
  return o as KubeObject;
}

/** Strict decoding, as the API server does it for Pods: an unknown field is an error naming its path. */
function checkUnknownFields(node: unknown, object: KubeObject, fileName: string, pos: (o: number) => ManifestPosition) {
  if (object.kind !== "Pod" || object.apiVersion !== "v1") return;
  const walk = (n: unknown, schema: FieldSchema, path: string) => {
    if (schema === true) return;
    if (schema.list) {
      if (!isSeq(n)) return; // type errors are reported by validatePod with the field path
      n.items.forEach((item, i) => walk(item, { fields: schema.fields }, `${path}[${i}]`));
      return;
    }
    if (!isMap(n)) return;
    for (const pair of n.items) {
      const key = pair.key as YamlNode & { value?: unknown };
      const name = String((key as { value?: unknown })?.value ?? key);
      const sub = schema.fields[name];
      const fieldPath = path ? `${path}.${name}` : name;
      if (sub === undefined) {
        const at = pos(key.range?.[0] ?? 0);
        throw new ManifestError(
          `error when creating "${fileName}": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "${fieldPath}" (line ${at.line}, column ${at.column})`,
          at,
        );
      }
      walk(pair.value, sub, fieldPath);
    }
  };
  walk(node, podSchema, "");
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/**
 * Validates a Pod as the API server would before accepting it, returning the field errors in
 * kubectl's `The Pod "x" is invalid: …` form. Defaults (namespace, restartPolicy, grace period)
 * are filled in, like the API server's defaulting.
 */
export function validatePod(object: KubeObject): Pod {
  if (object.kind !== "Pod" || object.apiVersion !== "v1") {
    throw new ManifestError(
      `the local node runs Pods only (apiVersion v1, kind Pod); got ${object.apiVersion ?? "?"} ${object.kind}${object.metadata?.name ? ` "${object.metadata.name}"` : ""}`,
      undefined,
      "BadRequest",
    );
  }
  const pod = object as Pod;
  const name = pod.metadata.name ?? "";
  const errs: string[] = [];
  if (!name) errs.push("metadata.name: Required value: name or generateName is required");
  else if (name.length > 253) errs.push(`metadata.name: Invalid value: "${name}": must be no more than 253 characters`);
  else if (!DNS1123_SUBDOMAIN.test(name)) errs.push(`metadata.name: Invalid value: "${name}": ${SUBDOMAIN_MSG}`);
  const ns = pod.metadata.namespace ?? "default";
  if (!DNS1123_LABEL.test(ns)) errs.push(`metadata.namespace: Invalid value: "${ns}": ${LABEL_MSG}`);
  const spec = pod.spec as Pod["spec"] | undefined;
  if (!spec || typeof spec !== "object") errs.push("spec: Required value");
  else {
    if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push("spec.containers: Required value");
    const seen = new Set<string>();
    const check = (list: unknown, field: string) => {
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        errs.push(`${field}: Invalid value: must be a list`);
        return;
      }
      list.forEach((item: unknown, i: number) => {
        const p = `${field}[${i}]`;
        if (!item || typeof item !== "object") {
          errs.push(`${p}: Invalid value: must be an object`);
          return;
        }
        // Not a Container yet: this is where each field read as one is checked.
        const c = item as Record<string, unknown>;
        const name = c.name === undefined || c.name === null ? "" : String(c.name);
        if (!name) errs.push(`${p}.name: Required value`);
        else if (!DNS1123_LABEL.test(name)) errs.push(`${p}.name: Invalid value: "${name}": ${LABEL_MSG}`);
        else if (seen.has(name)) errs.push(`${p}.name: Duplicate value: "${name}"`);
        else seen.add(name);
        if (!c.image) errs.push(`${p}.image: Required value`);
        for (const k of ["command", "args"]) {
          const v = c[k];
          if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === "string")))
            errs.push(`${p}.${k}: Invalid value: must be a list of strings`);
        }
      });
    };
    check(spec.initContainers, "spec.initContainers");
    check(spec.containers, "spec.containers");
    if (spec.restartPolicy !== undefined && !["Always", "OnFailure", "Never"].includes(spec.restartPolicy)) {
      errs.push(`spec.restartPolicy: Unsupported value: "${spec.restartPolicy}": supported values: "Always", "OnFailure", "Never"`);
    }
    const grace = spec.terminationGracePeriodSeconds;
    if (grace !== undefined && (typeof grace !== "number" || grace < 0 || !Number.isInteger(grace))) {
      errs.push(`spec.terminationGracePeriodSeconds: Invalid value: ${JSON.stringify(grace)}: must be a non-negative integer`);
    }
  }
  if (errs.length) {
    throw new ManifestError(`The Pod "${name}" is invalid: \n* ${errs.join("\n* ")}`, undefined, "Invalid");
  }
  pod.metadata.namespace = ns;
  spec!.restartPolicy ??= "Always";
  spec!.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  return pod;
}
