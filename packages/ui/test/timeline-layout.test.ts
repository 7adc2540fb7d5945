import { buildTimeline, type TimelineMarker, type TimelineModel, type TimelineTick } from "@podscope/core";
import { describe, expect, it } from "vitest";
import { describeCluster, describeSpan, formatClock, formatDuration, summarizeTimeline } from "../src/timeline/describe";
import {
  axisFormat,
  axisLabelWidth,
  badgeWidth,
  clusterMarkers,
  fitDomain,
  labelTicks,
  layoutLegend,
  layoutTimeline,
  panDomain,
  spanTone,
  zoomDomain,
  type LaidTick,
} from "../src/timeline/layout";
import { BASE, crashLoopScenario, manyEventsScenario } from "./timeline-fixture";

const s = (n: number) => BASE + n * 1000;

function marker(id: string, t: number, type: "Normal" | "Warning" = "Normal", count = 1): TimelineMarker {
  return {
    id,
    time: t,
    firstTime: t,
    lastTime: t,
    reason: type === "Warning" ? "BackOff" : "Started",
    message: "m",
    count,
    type,
    event: { metadata: {}, involvedObject: {} },
  };
}

describe("clusterMarkers", () => {
  // 1 px per second from x=100.
  const x = (t: number) => 100 + (t - BASE) / 1000;

  it("merges markers within the pixel threshold of a cluster's first marker, sums counts, flags warnings", () => {
    const ms = [
      marker("a", s(0)),
      marker("b", s(5), "Warning", 3),
      marker("c", s(40)),
      marker("d", s(41)),
      marker("e", s(80), "Normal", 2),
    ];
    const out = clusterMarkers(ms, x, 10, "row", 50, 0, 1000);
    expect(out.map((c) => [c.markers.map((m) => m.id).join(""), c.x, c.total, c.warning])).toEqual([
      ["ab", 102.5, 4, true],
      ["cd", 140.5, 2, false],
      ["e", 180, 2, false],
    ]);
  });

  it("merges a cluster into the previous one when the previous count badge would cover it", () => {
    // 20 px apart (beyond the threshold), but "12" needs 17 px to the right of its glyph.
    const out = clusterMarkers([marker("f", s(0), "Normal", 12), marker("g", s(20))], x, 10, "row", 0, 0, 1000);
    expect(out.map((c) => [c.markers.map((m) => m.id).join(""), c.x, c.total])).toEqual([["fg", 110, 13]]);
    const apart = clusterMarkers([marker("f", s(0), "Normal", 12), marker("g", s(40))], x, 10, "row", 0, 0, 1000);
    expect(apart).toHaveLength(2);
    expect(badgeWidth(1)).toBe(0);
    // A lone repeated event gets a line back to its first occurrence.
    const repeated: TimelineMarker = { ...marker("r", s(50), "Warning", 6), firstTime: s(20) };
    expect(clusterMarkers([repeated], x, 10, "row", 0, 0, 1000)[0].fromX).toBe(120);
    expect(badgeWidth(5000)).toBeCloseTo(28.4);
  });

  it("drops markers outside the plot", () => {
    const out = clusterMarkers([marker("a", s(-50)), marker("b", s(10)), marker("c", s(5000))], x, 10, "row", 0, 100, 1100);
    expect(out.map((c) => c.markers[0].id)).toEqual(["b"]);
  });

  it("keeps 5,000 markers to a few hundred glyphs at 1,000 px", () => {
    const model = buildTimeline(manyEventsScenario(5000));
    const layout = layoutTimeline(model, { width: 1200, domain: fitDomain(model) });
    expect(layout.clusters.reduce((n, c) => n + c.markers.length, 0)).toBe(5000);
    expect(layout.clusters.length).toBeLessThan(250);
    // No two clusters of the same row closer than the threshold.
    for (const row of ["events:warning", "events:normal"]) {
      const xs = layout.clusters.filter((c) => c.rowId === row).map((c) => c.x);
      for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThan(5);
    }
  });
});

describe("domain: fit, zoom, pan", () => {
  const model = { start: s(0), end: s(100), now: s(100), lanes: [], markers: [], warnings: [] } as TimelineModel;

  it("fits the whole model with a little air", () => {
    expect(fitDomain(model)).toEqual([s(-1), s(103)]);
    // A now beyond the model's end stretches the window — unless the pod is gone.
    expect(fitDomain(model, s(200))[1]).toBe(s(206));
    expect(fitDomain({ ...model, deletedAt: s(100) }, s(5000))).toEqual([s(-1), s(103)]);
  });

  it("zooms around a centre, within bounds and never below the minimum span", () => {
    const bounds: [number, number] = [s(0), s(100)];
    expect(zoomDomain(bounds, 2, s(50), bounds)).toEqual([s(25), s(75)]);
    expect(zoomDomain(bounds, 2, s(0), bounds)).toEqual([s(0), s(50)]);
    expect(zoomDomain([s(10), s(20)], 0.1, s(15), bounds)).toEqual(bounds);
    const tiny = zoomDomain([s(10), s(11)], 1000, s(10.5), bounds, 200);
    expect(tiny[1] - tiny[0]).toBe(200);
  });

  it("pans but stays inside the bounds", () => {
    const bounds: [number, number] = [s(0), s(100)];
    expect(panDomain([s(10), s(20)], 5000, bounds)).toEqual([s(15), s(25)]);
    expect(panDomain([s(10), s(20)], -50_000, bounds)).toEqual([s(0), s(10)]);
    expect(panDomain([s(80), s(90)], 50_000, bounds)).toEqual([s(90), s(100)]);
  });
});

describe("layoutTimeline on the crash-loop pod", () => {
  const model = buildTimeline(crashLoopScenario());
  const width = 1200;
  const layout = layoutTimeline(model, { width, domain: fitDomain(model), timeZone: "utc" });

  it("one row per lane plus two event rows, stacked without overlap, groups separated", () => {
    expect(layout.rows.map((r) => r.id)).toEqual([...model.lanes.map((l) => l.id), "events:warning", "events:normal"]);
    for (let i = 1; i < layout.rows.length; i++)
      expect(layout.rows[i].y).toBeGreaterThanOrEqual(layout.rows[i - 1].y + layout.rows[i - 1].height);
    expect(layout.rows.filter((r) => r.groupStart).map((r) => r.id)).toEqual([
      "condition:PodScheduled",
      "init:migrate",
      "hooks",
      "events:warning",
    ]);
    expect(layout.height).toBeGreaterThan(layout.rows[layout.rows.length - 1].y);
  });

  it("places spans on the time scale and inside the plot", () => {
    const plot = layout.plotRight - layout.plotLeft;
    const [d0, d1] = layout.domain;
    const backoffs = layout.spans.filter((x) => x.rowId === "container:app" && x.tone === "backoff");
    // 1s, 10s, 20s, 40s, 80s, 160s waits: widths proportional to the waits.
    const secs = backoffs.map((b) => Math.round((b.width / plot) * ((d1 - d0) / 1000)));
    expect(secs).toEqual([1, 10, 20, 40, 80, 160]);
    for (const x of layout.spans) {
      expect(x.x).toBeGreaterThanOrEqual(layout.plotLeft);
      expect(x.x + x.width).toBeLessThanOrEqual(layout.plotRight + 1);
    }
    const failed = layout.spans.filter((x) => x.tone === "running-failed");
    expect(failed.length).toBe(8); // six exit-1 runs, the 137 run, the proxy's 143
  });

  it("labels only spans wide enough for their text, shortening when it helps", () => {
    for (const x of layout.spans) if (x.showLabel) expect(x.text.length * 6.3 + 8).toBeLessThanOrEqual(x.width + 0.01);
    const short = layout.spans.find((x) => x.span.label === "exit 1 · Error" && x.showLabel && x.text === "exit 1");
    expect(short ?? layout.spans.find((x) => x.text === "exit 1 · Error")).toBeDefined();
  });

  it("restart ticks and the now line", () => {
    expect(layout.ticks.filter((t) => t.tick.kind === "restart")).toHaveLength(6);
    expect(layout.nowX).toBeCloseTo(
      layout.plotLeft + ((model.now - layout.domain[0]) / (layout.domain[1] - layout.domain[0])) * (layout.plotRight - layout.plotLeft),
      5,
    );
    const zoomed = layoutTimeline(model, { width, domain: [s(60), s(130)] });
    expect(zoomed.nowX).toBeNull();
    // Zoomed in: only what overlaps the window, clipped to the plot.
    expect(zoomed.spans.filter((x) => x.rowId === "container:app").map((x) => x.tone)).toEqual([
      "running-failed",
      "backoff",
      "running-failed",
      "backoff",
      "running-failed",
      "backoff",
      "running-failed",
      "backoff",
    ]);
    expect(zoomed.spans[0].x).toBe(zoomed.plotLeft);
  });

  it("axis ticks are evenly spaced and formatted to the step", () => {
    expect(layout.axis.length).toBeGreaterThan(4);
    expect(layout.axis[0].label).toMatch(/^\d\d:\d\d$/);
    expect(axisFormat(500, "utc")(new Date(s(1.5)))).toBe("10:00:01.500");
    expect(axisFormat(10_000, "utc")(new Date(s(20)))).toBe("10:00:20");
  });

  it("signal tick texts never overlap, TERM and KILL first", () => {
    const mk = (kind: TimelineTick["kind"], x: number, label: string): LaidTick => ({
      key: label,
      rowId: "signals",
      x,
      y: 0,
      height: 20,
      tick: { time: 0, kind, label, inferred: false },
    });
    const ticks = [
      mk("deletion", 100, "delete"),
      mk("TERM", 104, "TERM app"),
      mk("deadline", 300, "deadline"),
      mk("KILL", 302, "KILL app"),
    ];
    labelTicks(ticks, 1000);
    expect(ticks.map((t) => t.text ?? null)).toEqual([null, "TERM app", null, "KILL app"]);
    // Crowded: the signal name alone when the full text does not fit.
    const crowded = [mk("TERM", 100, "TERM app"), mk("KILL", 140, "KILL app"), mk("TERM", 100, "TERM proxy")];
    labelTicks(crowded, 1000);
    expect(crowded.map((t) => t.text ?? null)).toEqual(["TERM", "KILL app", null]);
  });

  it("the legend wraps to the width", () => {
    const wide = layoutLegend(2000, 100, 0);
    const narrow = layoutLegend(500, 100, 0);
    expect(new Set(wide.items.map((i) => i.y)).size).toBe(1);
    expect(narrow.height).toBeGreaterThan(wide.height);
    for (const i of narrow.items) expect(i.x).toBeLessThan(500);
  });
});

describe("words for tooltips", () => {
  it("durations and clock times", () => {
    // The words every other view uses (core's humanDuration, kubectl's form), with milliseconds below a second.
    expect([450, 4_240, 42_000, 80_000, 181_000, 2 * 3600_000 + 5 * 60_000, 3 * 86400_000 + 4 * 3600_000].map(formatDuration)).toEqual([
      "450ms",
      "4s",
      "42s",
      "80s",
      "3m1s",
      "125m",
      "3d4h",
    ]);
    expect(formatClock(s(65.25), "utc")).toBe("10:01:05.250Z");
    expect(formatClock(s(65), "utc")).toBe("10:01:05Z");
  });

  it("describes a failed run with the exit code explained", () => {
    const model = buildTimeline(crashLoopScenario());
    const lane = model.lanes.find((l) => l.id === "container:app")!;
    const run = lane.spans.find((x) => x.state === "running" && x.exitCode === 137)!;
    const d = describeSpan(run, lane, "utc");
    expect(d.title).toBe("app — Running");
    expect(d.lines).toContain("exit code 137 (SIGKILL): SIGKILL");
    expect(d.lines[0]).toBe("10:06:58Z → 10:09:20.100Z (2m22s)");
    expect(spanTone(run)).toBe("running-failed");
    expect(spanTone({ ...run, state: "waiting", reason: "ErrImageNeverPull", exitCode: undefined })).toBe("waiting-error");
    expect(spanTone({ ...run, state: "waiting", reason: "ContainerCreating", exitCode: undefined })).toBe("waiting");
  });

  it("describes a cluster by its reasons", () => {
    const c = clusterMarkers(
      [marker("a", s(1), "Warning", 5), marker("b", s(2), "Warning", 2), marker("c", s(3))],
      (t) => (t - BASE) / 1000,
      10,
      "r",
      0,
      0,
      100,
    )[0];
    const d = describeCluster(c, "utc");
    expect(d.title).toBe("3 events (8 occurrences)");
    expect(d.lines.slice(1, 4)).toEqual(["10:00:01Z ⚠ BackOff ×5", "10:00:02Z ⚠ BackOff ×2", "10:00:03Z Started"]);
  });

  it("a cluster's popover lists every event, not the first few reasons", () => {
    const reasons = [
      "Scheduled",
      "Pulling",
      "Pulled",
      "Created",
      "Started",
      "Killing",
      "Preempting",
      "Unhealthy",
      "BackOff",
      "FailedMount",
    ];
    const c = clusterMarkers(
      reasons.map((r, i) => ({ ...marker(`m${i}`, s(1 + i / 10)), reason: r })),
      (t) => (t - BASE) / 1000,
      10,
      "r",
      0,
      0,
      100,
    )[0];
    expect(c.markers).toHaveLength(10);
    const lines = describeCluster(c, "utc").lines;
    for (const r of reasons)
      expect(
        lines.some((l) => l.includes(r)),
        r,
      ).toBe(true);
    expect(lines.join("\n")).not.toContain("more reasons");
  });

  it("a folded Normal event is drawn once per occurrence (each restart's Started), not once at its last time", () => {
    const model = buildTimeline(crashLoopScenario());
    const layout = layoutTimeline(model, { width: 1240, domain: fitDomain(model), clusterPx: 0.5 });
    const started = layout.clusters.flatMap((c) => c.markers).filter((m) => m.reason === "Started" && m.container === "app");
    expect(started.map((m) => (m.time - BASE) / 1000)).toEqual([10, 71, 90, 117, 165, 251, 418]);
    expect(started.map((m) => m.count)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(started.map((m) => m.occurrence?.inferred)).toEqual([false, true, true, true, true, true, false]);
    // The event count still adds up, and no glyph claims the 7 starts happened at the last one.
    const normal = layout.clusters.filter((c) => c.rowId === "events:normal");
    expect(normal.reduce((n, c) => n + c.total, 0)).toBe(model.markers.filter((m) => m.type === "Normal").reduce((n, m) => n + m.count, 0));
    // At the last start: that start's Pulled, Created and Started — 3, where one glyph said ×21 before.
    const atLast = normal.find((c) => c.markers.some((m) => m.reason === "Started" && m.time === s(418)))!;
    expect(atLast.total).toBe(3);
  });

  it("the last axis label is not clipped at the right edge", () => {
    const model = buildTimeline(crashLoopScenario());
    // A window that ends on a whole minute puts a tick on the plot's right edge.
    const layout = layoutTimeline(model, { width: 1240, domain: [s(0), s(600)], timeZone: "utc" });
    const last = layout.axis[layout.axis.length - 1];
    expect(last.x).toBeCloseTo(layout.plotRight);
    const extent = (a: (typeof layout.axis)[number]) =>
      a.anchor === "end"
        ? [a.labelX - axisLabelWidth(a.label), a.labelX]
        : [a.labelX - axisLabelWidth(a.label) / 2, a.labelX + axisLabelWidth(a.label) / 2];
    expect(extent(last)[1]).toBeLessThanOrEqual(layout.width);
    // Shifted only as far as needed: it does not run into the label before it.
    expect(extent(last)[0]).toBeGreaterThan(extent(layout.axis[layout.axis.length - 2])[1]);
    for (const a of layout.axis) expect(extent(a)[1]).toBeLessThanOrEqual(layout.width);
  });
});

describe("summary for screen readers and exports", () => {
  it("says what happened to each container in a few sentences", () => {
    const text = summarizeTimeline(buildTimeline(crashLoopScenario()), "utc");
    expect(text).toBe(
      "Pod lifecycle from 10:00:00Z to 10:09:35Z (9m35s). Phase: Pending → Running. " +
        "init: migrate: 1 run, now terminated (Completed). " +
        "app: 7 runs, 7 failed (exit 1, 137), 6 back-off waits, longest 2m40s, now terminated (Error). " +
        "proxy: 1 run, 1 failed (exit 143), now terminated (Error). " +
        "14 events, 2 warnings (Unhealthy, BackOff). Termination: 2 TERM, 1 KILL.",
    );
  });
});
