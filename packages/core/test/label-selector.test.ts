// kubectl's label selector syntax (-l, --pod-selector): one parser for the pod list and the drain rehearsal.
import { describe, expect, it } from "vitest";
import { matchesLabelRequirement, matchesLabelRequirements, parseLabelSelector, SelectorError } from "../src/label-selector";

const matches = (sel: string, labels: Record<string, string>) => matchesLabelRequirements(parseLabelSelector(sel), labels);

describe("label selectors", () => {
  const labels = { app: "web", tier: "front", canary: "" };
  it.each([
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app=db", false],
    ["app!=web", false],
    ["app!=db", true],
    ["missing!=x", true], // a missing key satisfies != (as in kubectl)
    ["app in (web,db)", true],
    ["app in (db)", false],
    ["app notin (web)", false],
    ["app notin (db, cache)", true],
    ["missing notin (x)", true],
    ["tier", true],
    ["canary", true],
    ["!canary", false],
    ["!tier", false],
    ["!missing", true],
    ["app=web,tier in (front,back),!missing", true],
    ["app=web,tier=back", false],
  ])("%j matches {app: web, tier: front, canary: ''}: %s", (sel, want) => {
    expect(matches(sel, labels)).toBe(want);
  });

  it("parses into the API's requirement shape", () => {
    expect(parseLabelSelector("a=b, c!=d, e in (x, y), f notin (z), g, !h")).toEqual([
      { key: "a", operator: "In", values: ["b"] },
      { key: "c", operator: "NotIn", values: ["d"] },
      { key: "e", operator: "In", values: ["x", "y"] },
      { key: "f", operator: "NotIn", values: ["z"] },
      { key: "g", operator: "Exists", values: [] },
      { key: "h", operator: "DoesNotExist", values: [] },
    ]);
  });

  it.each([["app=we b"], ["=x"], ["a in (b"], ["app=web,,tier=x"], ["app in web"]])("rejects %j", (sel) => {
    expect(() => parseLabelSelector(sel)).toThrow(SelectorError);
  });

  it("rejects bad selectors with a readable message", () => {
    expect(() => parseLabelSelector("app=web,,tier=x")).toThrow(/empty requirement/);
    expect(() => parseLabelSelector("app in web")).toThrow(/parentheses/);
    expect(() => parseLabelSelector("app in (")).toThrow(/^unable to parse requirement: "app in \(" in selector "app in \("/);
    expect(() => parseLabelSelector("a b=c")).toThrow(/invalid label key "a b"/);
    expect(() => parseLabelSelector("app=has space")).toThrow(/invalid label value/);
  });

  it("node selector terms compare integers with Gt and Lt", () => {
    expect(matchesLabelRequirement("cpus", "Gt", ["4"], { cpus: "8" })).toBe(true);
    expect(matchesLabelRequirement("cpus", "Lt", ["4"], { cpus: "8" })).toBe(false);
    expect(matchesLabelRequirement("cpus", "Gt", ["4"], {})).toBe(false);
  });
});
