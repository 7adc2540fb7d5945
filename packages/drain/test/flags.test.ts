// kubectl drain's flag table and the one command-line / scenario-header parser built on it.
import { describe, expect, it } from "vitest";
import {
  checkDrainFlags,
  DRAIN_FLAGS,
  DrainFlagError,
  flagByName,
  KUBECTL_DRAIN_FLAGS,
  parseDrainArgs,
  parseDrainHeader,
  parseFlagText,
  requestFromCommand,
  scenarioHeader,
  type DrainFlags,
} from "../src/index";

const spec = (name: string) => flagByName(name)!;

describe("the flag table", () => {
  it("holds kubectl drain's flags with kubectl's defaults, and --rolling as podscope's own", () => {
    expect(KUBECTL_DRAIN_FLAGS.map((s) => s.name)).toEqual([
      "force",
      "ignore-daemonsets",
      "delete-emptydir-data",
      "disable-eviction",
      "grace-period",
      "timeout",
      "pod-selector",
      "skip-wait-for-delete-timeout",
    ]);
    expect(DRAIN_FLAGS.filter((s) => s.scope === "podscope").map((s) => s.field)).toEqual(["uncordonAfterDrain"]);
    expect(spec("grace-period")).toMatchObject({ field: "gracePeriodSeconds", default: -1, min: -1 });
    expect(spec("timeout")).toMatchObject({
      field: "timeoutSeconds",
      default: 0,
      help: "The length of time to wait before giving up, zero means infinite",
    });
    // The request type is derived from the table: a field it does not hold does not type-check.
    const f: DrainFlags = { gracePeriodSeconds: 0, podSelector: "app=web" };
    // @ts-expect-error uncordonAfterDrain is not a kubectl flag
    const g: DrainFlags = { uncordonAfterDrain: true };
    expect([f, g]).toHaveLength(2);
  });

  it("parses text as pflag does, with pflag's words for a bad value", () => {
    expect(parseFlagText(spec("grace-period"), "0")).toBe(0);
    expect(parseFlagText(spec("grace-period"), "-1")).toBe(-1);
    expect(parseFlagText(spec("timeout"), "1m30s")).toBe(90);
    expect(parseFlagText(spec("force"), "")).toBe(true);
    expect(parseFlagText(spec("force"), "false")).toBe(false);
    expect(() => parseFlagText(spec("grace-period"), "soon")).toThrow('invalid argument "soon" for "--grace-period" flag: not an integer');
    expect(() => parseFlagText(spec("grace-period"), "-2")).toThrow('invalid argument "-2" for "--grace-period" flag: must be ≥ -1');
    expect(() => parseFlagText(spec("timeout"), "90")).toThrow(
      'invalid argument "90" for "--timeout" flag: time: missing unit in duration "90"',
    );
    expect(() => parseFlagText(spec("timeout"), "-5s")).toThrow("must be ≥ 0");
    expect(() => parseFlagText(spec("skip-wait-for-delete-timeout"), "1.5")).toThrow(DrainFlagError);
  });

  it("checks a request's values: kubectl's bounds, and the selector as kubectl's Complete() parses it", () => {
    expect(() =>
      checkDrainFlags({ nodes: ["n1"], gracePeriodSeconds: 0, timeoutSeconds: 0.5, skipWaitForDeleteTimeoutSeconds: 0 }),
    ).not.toThrow();
    expect(() => checkDrainFlags({ gracePeriodSeconds: -2 })).toThrow(
      "invalid value for --grace-period: -2; an integer ≥ -1 is expected (-1: each pod's own terminationGracePeriodSeconds)",
    );
    expect(() => checkDrainFlags({ gracePeriodSeconds: 1.5 })).toThrow("invalid value for --grace-period: 1.5");
    expect(() => checkDrainFlags({ timeoutSeconds: -1 })).toThrow(
      "invalid value for --timeout: -1; seconds ≥ 0 are expected (0 waits forever)",
    );
    expect(() => checkDrainFlags({ podSelector: "app in (" })).toThrow(/^invalid value for --pod-selector: .*"app in \("/);
    expect(() => checkDrainFlags({ force: "yes" })).toThrow("invalid value for --force");
  });
});

describe("drain command lines and scenario headers", () => {
  it("takes values after a space or '=', booleans bare; nodes are the other words", () => {
    const cmd = parseDrainHeader(" n1 n2 --force --timeout 30s --grace-period=5 --pod-selector app=web --rolling ");
    expect(cmd).toEqual({
      nodes: ["n1", "n2"],
      given: { force: "", timeoutSeconds: "30s", gracePeriodSeconds: "5", podSelector: "app=web", uncordonAfterDrain: "" },
    });
    expect(requestFromCommand(cmd)).toEqual({
      nodes: ["n1", "n2"],
      force: true,
      timeoutSeconds: 30,
      gracePeriodSeconds: 5,
      podSelector: "app=web",
      uncordonAfterDrain: true,
    });
  });

  it("refuses an unknown flag, a flag without its value and a bad value", () => {
    expect(() => parseDrainArgs(["n1", "--chunk-size", "2"])).toThrow("unknown flag: --chunk-size");
    expect(() => parseDrainArgs(["n1", "--timeout"])).toThrow("flag needs an argument: --timeout");
    expect(() => requestFromCommand(parseDrainArgs(["n1", "--grace-period", "soon"]))).toThrow(
      'invalid argument "soon" for "--grace-period" flag: not an integer',
    );
  });

  it("reads a scenario file's header: title, prose, drain command and expectations", () => {
    const h = scenarioHeader("# A title\n# what it shows\n# drain: n1 --force\n# expect: result=drained\n# expect: pods=2\nkind: List\n");
    expect(h).toEqual({
      title: "A title",
      description: ["A title", "what it shows"],
      drain: "n1 --force",
      expect: ["result=drained", "pods=2"],
    });
    expect(scenarioHeader("kind: Node\n").drain).toBe("");
  });
});
