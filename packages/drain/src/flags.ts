// kubectl drain's flags, defined once (k8s.io/kubectl/pkg/cmd/drain NewCmdDrain): the spelling on the command line,
// the field of the request, the value's type, kubectl's default, the bounds podscope checks and kubectl's help text.
// Everything else derives from this table: the request types below, the CLI's parser and usage, the API's zod
// schema, the web form, the live drain's checks and the `# drain:` scenario header parser.
import { parseLabelSelector, SelectorError } from "@podscope/core";
import { DurationError, parseGoDuration } from "./duration";

export type DrainFlagType = "boolean" | "int" | "duration" | "selector";

export interface DrainFlagSpec {
  /** The flag as typed, without the leading "--". */
  name: string;
  /** The request's field (JSON, the API's input, the simulator's DrainRequest). */
  field: string;
  type: DrainFlagType;
  /** kubectl's default: leaving the flag out means exactly this. */
  default: boolean | number | string;
  /** Smallest accepted value (int and duration, in seconds). */
  min?: number;
  /** What a value must be, in words, for an error message. */
  expects?: string;
  /** "kubectl": a kubectl drain flag; "podscope": the rehearsal's own (the live drain has no such thing). */
  scope: "kubectl" | "podscope";
  /** kubectl's help text (ours for podscope's own flags). */
  help: string;
  /**
   * The web form's words: the short line under the control (kubectl's help is its tooltip), the empty input's
   * placeholder (left out: kubectl's default) and, for podscope's own flags, a label that says it is no kubectl flag.
   */
  form: { hint: string; placeholder?: string; label?: string };
}

export const DRAIN_FLAGS = [
  {
    name: "force",
    field: "force",
    type: "boolean",
    default: false,
    scope: "kubectl",
    help: "Continue even if there are pods that do not declare a controller.",
    form: { hint: "also delete pods no controller will recreate" },
  },
  {
    name: "ignore-daemonsets",
    field: "ignoreDaemonSets",
    type: "boolean",
    default: false,
    scope: "kubectl",
    help: "Ignore DaemonSet-managed pods.",
    form: { hint: "leave DaemonSet pods where they are" },
  },
  {
    name: "delete-emptydir-data",
    field: "deleteEmptyDirData",
    type: "boolean",
    default: false,
    scope: "kubectl",
    help: "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).",
    form: { hint: "accept losing emptyDir volumes" },
  },
  {
    name: "disable-eviction",
    field: "disableEviction",
    type: "boolean",
    default: false,
    scope: "kubectl",
    help: "Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.",
    form: { hint: "DELETE pods, bypassing PodDisruptionBudgets" },
  },
  // kubectl treats any negative value as "the pod's own" and sends 0 as it is (pkg/drain makeDeleteOptions: only
  // GracePeriodSeconds >= 0 goes into the DeleteOptions; unlike `kubectl delete`, drain never turns 0 into 1 nor
  // asks for --force). podscope accepts the same values with -1 as the one spelling of "the pod's own"; the live
  // drain adds its own refusal of 0 on a real cluster (LIVE_GRACE_PERIOD_ZERO below).
  {
    name: "grace-period",
    field: "gracePeriodSeconds",
    type: "int",
    default: -1,
    min: -1,
    scope: "kubectl",
    expects: "an integer ≥ -1 is expected (-1: each pod's own terminationGracePeriodSeconds)",
    help: "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.",
    form: { hint: "seconds; -1 keeps each pod's own" },
  },
  {
    name: "timeout",
    field: "timeoutSeconds",
    type: "duration",
    default: 0,
    min: 0,
    scope: "kubectl",
    expects: "seconds ≥ 0 are expected (0 waits forever)",
    help: "The length of time to wait before giving up, zero means infinite",
    form: { hint: "a Go duration: 90s, 5m, 1h30m", placeholder: "0s (forever)" },
  },
  {
    name: "pod-selector",
    field: "podSelector",
    type: "selector",
    default: "",
    scope: "kubectl",
    help: "Label selector to filter pods on the node",
    form: { hint: "only pods matching this label selector", placeholder: "app=web" },
  },
  {
    name: "skip-wait-for-delete-timeout",
    field: "skipWaitForDeleteTimeoutSeconds",
    type: "int",
    default: 0,
    min: 0,
    scope: "kubectl",
    expects: "whole seconds ≥ 0 are expected",
    help: "If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.",
    form: { hint: "skip pods deleted longer ago than this (s)" },
  },
  // Without it, `kubectl drain n1 n2`: cordon all, then drain in sequence.
  {
    name: "rolling",
    field: "uncordonAfterDrain",
    type: "boolean",
    default: false,
    scope: "podscope",
    help: "Drain the nodes one at a time and uncordon each before the next (a rolling upgrade; not a kubectl flag).",
    form: { hint: "an upgrade: each node returns before the next drains", label: "rolling (uncordon after each)" },
  },
] as const satisfies readonly DrainFlagSpec[];

type Spec = (typeof DRAIN_FLAGS)[number];
type ValueOf<T extends DrainFlagType> = T extends "boolean" ? boolean : T extends "selector" ? string : number;

/** kubectl drain's flags as request fields, each optional (left out: kubectl's default). */
export type DrainFlags = { [S in Spec as S["scope"] extends "kubectl" ? S["field"] : never]?: ValueOf<S["type"]> };
/** podscope's own rehearsal flags (--rolling). */
export type RehearsalFlags = { [S in Spec as S["scope"] extends "podscope" ? S["field"] : never]?: ValueOf<S["type"]> };
export type DrainFlagField = Spec["field"];
export type DrainFlagName = Spec["name"];

export const KUBECTL_DRAIN_FLAGS = DRAIN_FLAGS.filter((s) => s.scope === "kubectl");

/** Bad flag value, in kubectl's words. */
export class DrainFlagError extends Error {
  constructor(
    message: string,
    readonly flag: string,
  ) {
    super(message);
    this.name = "DrainFlagError";
  }
}

export function flagByName(name: string): Spec | undefined {
  return DRAIN_FLAGS.find((s) => s.name === name);
}

export function flagByField(field: string): Spec | undefined {
  return DRAIN_FLAGS.find((s) => s.field === field);
}

/** The lower bound, in words, when it is broken; null when the number is in bounds. */
function outOfBounds(s: DrainFlagSpec, v: number): string | null {
  if (s.type === "int" && !Number.isInteger(v)) return "not an integer";
  if (!Number.isFinite(v)) return "not a number";
  return s.min !== undefined && v < s.min ? `must be ≥ ${s.min}` : null;
}

/**
 * A flag's value from its text, as typed on a command line, in a scenario header or in the web form. Errors carry
 * pflag's words: `invalid argument "soon" for "--grace-period" flag: not an integer`.
 */
export function parseFlagText(s: Spec, text: string): boolean | number | string {
  const bad = (why: string) => new DrainFlagError(`invalid argument "${text}" for "--${s.name}" flag: ${why}`, s.name);
  const t = text.trim();
  switch (s.type) {
    case "boolean":
      if (t === "" || t === "true") return true;
      if (t === "false") return false;
      throw bad("must be true or false");
    case "int": {
      if (!/^[-+]?\d+$/.test(t)) throw bad("not an integer");
      const n = Number(t);
      const why = outOfBounds(s, n);
      if (why) throw bad(why);
      return n;
    }
    case "duration": {
      let n: number;
      try {
        n = parseGoDuration(t);
      } catch (e) {
        if (e instanceof DurationError) throw bad(e.message);
        throw e;
      }
      const why = outOfBounds(s, n);
      if (why) throw bad(why);
      return n;
    }
    case "selector":
      // kubectl parses the selector only in Complete(), after the flags: checkDrainFlags says it then.
      return t;
  }
}

/** The first problem with one field's value, in words naming the flag; null when the value is good. */
export function flagValueProblem(s: Spec, v: unknown): string | null {
  if (v === undefined) return null;
  const bad = `invalid value for --${s.name}: ${JSON.stringify(v)}`;
  switch (s.type) {
    case "boolean":
      return typeof v === "boolean" ? null : `${bad}; true or false is expected`;
    case "selector":
      if (typeof v !== "string") return `${bad}; a label selector is expected`;
      try {
        parseLabelSelector(v);
        return null;
      } catch (e) {
        if (e instanceof SelectorError) return `invalid value for --${s.name}: ${e.message}`;
        throw e;
      }
    default:
      return typeof v === "number" && outOfBounds(s, v) === null ? null : `${bad}; ${s.expects}`;
  }
}

/** Checks every flag of a request (unknown fields are not looked at); throws DrainFlagError on the first bad one. */
export function checkDrainFlags(req: object): void {
  const values = req as Record<string, unknown>;
  for (const s of DRAIN_FLAGS) {
    const p = flagValueProblem(s, values[s.field]);
    if (p) throw new DrainFlagError(p, s.name);
  }
}

/**
 * The live drain's one refusal beyond kubectl's: --grace-period=0 on a real cluster. The API server then removes
 * the pod object at once (a forced deletion) while its containers may still run on the node, so a StatefulSet
 * can start the same pod elsewhere before the old one stopped — `kubectl delete` refuses 0 without --force for
 * that reason, kubectl drain does not check. A rehearsal plays 0 as kubectl would.
 */
export const LIVE_GRACE_PERIOD_ZERO =
  "--grace-period 0 would remove the pods' objects immediately, before their containers stop; use 1 or more, or -1 for each pod's own terminationGracePeriodSeconds";

/** What kubectl's --grace-period means for a deletion: the override in seconds, or undefined for the pod's own. */
export function gracePeriodOverride(flags: DrainFlags): number | undefined {
  const g = flags.gracePeriodSeconds;
  return g !== undefined && g >= 0 ? g : undefined;
}
