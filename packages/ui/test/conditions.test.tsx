import type { PodCondition } from "@podscope/core";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConditionsTable } from "../src/conditions/ConditionsTable";
import { conditionRows } from "../src/conditions/rows";

const NOW = new Date("2026-01-10T12:00:00Z");
const conditions: PodCondition[] = [
  {
    type: "Ready",
    status: "False",
    reason: "ContainersNotReady",
    message: "containers with unready status: [app]",
    lastTransitionTime: "2026-01-10T11:57:00Z",
  },
  { type: "example.com/lb", status: "True", lastTransitionTime: "2026-01-10T11:00:00Z" },
  { type: "PodScheduled", status: "True", lastTransitionTime: "2026-01-10T10:00:00Z" },
  { type: "Initialized", status: "True", lastTransitionTime: "bogus" },
];

describe("conditionRows", () => {
  const rows = conditionRows(conditions, NOW, { readinessGates: ["example.com/lb", "example.com/dns"], timeZone: "utc" });

  it("orders built-in types as kubelet reports them, custom ones after, missing gates last", () => {
    expect(rows.map((r) => [r.type, r.status])).toEqual([
      ["PodScheduled", "True"],
      ["Initialized", "True"],
      ["Ready", "False"],
      ["example.com/lb", "True"],
      ["example.com/dns", "Missing"],
    ]);
  });

  it("absolute and relative transition times, who sets it and what it means", () => {
    expect(rows[2]).toMatchObject({
      lastTransition: "2026-01-10 11:57:00 UTC",
      ago: "3m ago",
      setBy: "kubelet",
      reason: "ContainersNotReady",
      builtIn: true,
    });
    expect(rows[2].reasonMeaning).toContain("not running or not passing its readiness probe");
    expect(rows[0].reasonMeaning).toBeUndefined();
    expect(rows[0].setBy).toBe("kube-scheduler");
    expect(rows[3]).toMatchObject({ setBy: expect.stringContaining("readiness gate"), builtIn: false, ago: "60m ago" });
    // An unparsable time is shown as absent, not as "Invalid Date".
    expect(rows[1].lastTransition).toBeUndefined();
  });
});

describe("ConditionsTable markup", () => {
  it("is an accessible table with a caption, column and row headers, and status badges", () => {
    const html = renderToStaticMarkup(<ConditionsTable conditions={conditions} now={NOW} timeZone="utc" />);
    expect(html).toContain("<caption");
    expect(html.match(/<th scope="col"/g)).toHaveLength(7);
    expect(html.match(/<th scope="row"/g)).toHaveLength(4);
    expect(html).toContain('aria-label="status False"');
    expect(html).toContain('<time dateTime="2026-01-10T11:57:00Z"');
    expect(html).toContain("3m ago");
    expect(html).toContain("dark:bg-rose-900/50");
  });

  it("says so when there are no conditions", () => {
    const html = renderToStaticMarkup(<ConditionsTable conditions={undefined} now={NOW} />);
    expect(html).toContain("No conditions reported yet");
  });
});
