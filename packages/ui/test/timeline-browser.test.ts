// The Timeline in real headless Chromium: it renders the crash-loop pod, zooms, shows tooltips, reports
// clicked markers, and exports a self-contained SVG. Screenshots go to /work/main/artifacts (gitignored).
import { buildTimeline } from "@podscope/core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitDomain, layoutTimeline } from "../src/timeline/layout";
import { launchChromium, openTimeline } from "./timeline-browser";
import { crashLoopScenario } from "./timeline-fixture";

const ARTIFACTS = fileURLToPath(new URL("../../../artifacts/", import.meta.url));
const WIDTH = 1240;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  page = await openTimeline(browser, crashLoopScenario(), { width: WIDTH, conditions: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("Timeline in Chromium", () => {
  it("draws what the layout computed: every span, tick and marker cluster", async () => {
    const model = buildTimeline(crashLoopScenario());
    const layout = layoutTimeline(model, { width: WIDTH, domain: fitDomain(model) });
    const counts = await page.evaluate(() => {
      const hits = Array.from(document.querySelectorAll("svg.ps-tl g[data-hit]")).map((g) => g.getAttribute("data-hit")!);
      return {
        s: hits.filter((h) => h.startsWith("s:")).length,
        t: hits.filter((h) => h.startsWith("t:")).length,
        c: hits.filter((h) => h.startsWith("c:")).length,
      };
    });
    expect(counts).toEqual({ s: layout.spans.length, t: layout.ticks.length, c: layout.clusters.length });
    const texts = await page.evaluate(() => Array.from(document.querySelectorAll("svg.ps-tl text")).map((t) => t.textContent));
    expect(texts).toContain("now");
    expect(texts).toContain("back-off 2m40s");
    expect(texts).toContain("init: migrate");
    expect(texts).toContain("KILL app");
    await page.screenshot({ path: `${ARTIFACTS}timeline-crashloop.png`, fullPage: true });
  });

  it("every restart's Started is its own marker, and no axis label runs past the SVG, fitted, zoomed or panned", async () => {
    const starts = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll("svg.ps-tl g.marker"))
          .map((g) => g.getAttribute("aria-label") ?? "")
          .filter((l) => /Started|events, /.test(l)).length,
    );
    expect(starts).toBeGreaterThanOrEqual(7);
    const overflow = () =>
      page.evaluate(() => {
        const svg = document.querySelector("svg.ps-tl")! as SVGSVGElement;
        const right = svg.getBoundingClientRect().right;
        const boxes = Array.from(svg.querySelectorAll("g > text.axis-label"))
          .map((t) => t.getBoundingClientRect())
          .filter((r) => r.top < svg.getBoundingClientRect().top + 40);
        const past = boxes.map((r) => r.right - right).filter((d) => d > 0.5);
        // …and a label moved inside does not run into its neighbour.
        const overlaps = boxes
          .slice(1)
          .map((r, i) => boxes[i].right - r.left)
          .filter((d) => d > 0.5);
        return [...past, ...overlaps];
      });
    expect(await overflow()).toEqual([]);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom in" }).click();
    for (let i = 0; i < 8; i++) {
      await page.locator("svg.ps-tl").focus();
      await page.keyboard.press("ArrowRight");
      expect(await overflow()).toEqual([]);
    }
    await page.getByRole("button", { name: "Fit the whole lifetime" }).click();
  });

  it("colours come from the theme: hatched back-off, distinct warning markers, dark theme switches variables", async () => {
    const light = await page.evaluate(() => {
      const warn = document.querySelector("svg.ps-tl .m-warning")!;
      const normal = document.querySelector("svg.ps-tl .m-normal")!;
      const backoff = document.querySelector('svg.ps-tl rect[fill^="url(#"]')!;
      const bg = document.querySelector("svg.ps-tl .bg")!;
      return {
        warn: getComputedStyle(warn).fill,
        normal: getComputedStyle(normal).fill,
        backoff: backoff.getAttribute("fill"),
        bg: getComputedStyle(bg).fill,
      };
    });
    expect(light.warn).not.toBe(light.normal);
    expect(light.backoff).toMatch(/hatch/);
    expect(light.bg).toBe("rgb(255, 255, 255)");
    await page.evaluate(() => document.documentElement.classList.add("dark"));
    const darkBg = await page.evaluate(() => getComputedStyle(document.querySelector("svg.ps-tl .bg")!).fill);
    expect(darkBg).toBe("rgb(11, 18, 32)");
    await page.screenshot({ path: `${ARTIFACTS}timeline-crashloop-dark.png`, fullPage: true });
    await page.evaluate(() => document.documentElement.classList.remove("dark"));
  });

  it("hovering a span shows its details in a tooltip", async () => {
    const box = await page.locator('svg.ps-tl rect.hit[data-hit^="s:"]').nth(0).boundingBox();
    // Find the app's 160s back-off by its label and hover it.
    const target = await page.evaluate(() => {
      const t = Array.from(document.querySelectorAll("svg.ps-tl text")).find((x) => x.textContent === "back-off 2m40s")!;
      const r = t.getBoundingClientRect();
      return { x: r.x + r.width + 20, y: r.y + r.height / 2 };
    });
    expect(box).not.toBeNull();
    await page.mouse.move(target.x, target.y);
    const tip = page.getByRole("tooltip");
    await expect.poll(() => tip.textContent()).toContain("Back-off (waiting to restart)");
    const text = await tip.textContent();
    expect(text).toContain("reason: CrashLoopBackOff");
    expect(text).toContain("back-off 2m40s restarting failed container=app");
    expect(await page.locator("svg.ps-tl rect.hover-outline").count()).toBe(1);
    await page.mouse.move(2, 2);
    await expect.poll(() => page.locator("svg.ps-tl rect.hover-outline").count()).toBe(0);
  });

  it("clicking a single marker calls onSelectEvent with that event; Enter works from the keyboard", async () => {
    const single = await page.evaluate(() => {
      const g = Array.from(document.querySelectorAll("svg.ps-tl g.marker")).find((x) =>
        /Warning event Unhealthy/.test(x.getAttribute("aria-label") ?? ""),
      )!;
      const r = g.querySelector(".m-shape")!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.click(single.x, single.y);
    let selected = await page.evaluate(() => window.__tl.selected.map((m) => [m.reason, m.count, m.type]));
    expect(selected).toEqual([["Unhealthy", 6, "Warning"]]);
    await page.locator('svg.ps-tl g.marker[aria-label^="Warning event Unhealthy"]').focus();
    await page.keyboard.press("Enter");
    selected = await page.evaluate(() => window.__tl.selected.map((m) => [m.reason]));
    expect(selected).toEqual([["Unhealthy"], ["Unhealthy"]]);
  });

  it("zoom buttons change the window; Fit restores it; the wheel zooms too", async () => {
    const range = () => page.getByRole("toolbar", { name: "Timeline zoom" }).locator("span[aria-live]").textContent();
    const before = await range();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    const zoomed = await range();
    expect(zoomed).toMatch(/^zoomed: /);
    expect(zoomed).not.toBe(before);
    await page.screenshot({ path: `${ARTIFACTS}timeline-crashloop-zoomed.png`, fullPage: true });
    await page.getByRole("button", { name: "Fit the whole lifetime" }).click();
    expect(await range()).toBe(before);
    const svgBox = (await page.locator("svg.ps-tl").boundingBox())!;
    await page.mouse.move(svgBox.x + svgBox.width / 2, svgBox.y + 120);
    await page.mouse.wheel(0, -400);
    await expect.poll(range).toMatch(/^zoomed: /);
    await page.getByRole("button", { name: "Fit the whole lifetime" }).click();
  });

  it("the keyboard zooms (+ / −), pans (← / →) and fits (0)", async () => {
    const range = () => page.getByRole("toolbar", { name: "Timeline zoom" }).locator("span[aria-live]").textContent();
    const fitted = await range();
    await page.locator("svg.ps-tl").focus();
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    const zoomed = await range();
    expect(zoomed).toMatch(/^zoomed: /);
    await page.keyboard.press("ArrowRight");
    const panned = await range();
    expect(panned).toMatch(/^zoomed: /);
    expect(panned).not.toBe(zoomed);
    // Same width of window after a pan.
    expect(panned!.replace(/^.*\(/, "")).toBe(zoomed!.replace(/^.*\(/, ""));
    await page.keyboard.press("0");
    expect(await range()).toBe(fitted);
  });

  it("a zoomed view stays on the same times while a live pod's timeline grows; then the wheel zooms from there", async () => {
    const range = () => page.getByRole("toolbar", { name: "Timeline zoom" }).locator("span[aria-live]").textContent();
    await page.getByRole("button", { name: "Zoom in" }).click();
    const zoomed = await range();
    await page.evaluate(() => window.__tl.tick(120_000));
    await page.evaluate(() => window.__tl.tick(120_000));
    await expect.poll(range).toBe(zoomed);
    // The next gesture starts from the same window (no jump): zooming in keeps the centre.
    const centre = (r: string) => {
      const m = /(\d\d):(\d\d):(\d\d)(?:\.(\d+))? – (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(r)!;
      const t = (h: string, mi: string, s: string, ms?: string) => Number(h) * 3600 + Number(mi) * 60 + Number(s) + Number(`0.${ms ?? 0}`);
      return (t(m[1], m[2], m[3], m[4]) + t(m[5], m[6], m[7], m[8])) / 2;
    };
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(Math.abs(centre((await range())!) - centre(zoomed!))).toBeLessThan(1);
    await page.getByRole("button", { name: "Fit the whole lifetime" }).click();
  });

  it("exports a self-contained SVG: parses, has the title, inline colours, no CSS variables or hit areas", async () => {
    const svg = await page.evaluate(() =>
      window.__tl.exportSvg("default/web-7f9c · lifecycle", "source: local node · 10:00:00 – 10:09:35 UTC"),
    );
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(svg).toContain("default/web-7f9c · lifecycle");
    expect(svg).not.toContain("var(--");
    expect(svg).not.toContain('class="hit"');
    expect(svg).not.toContain("<style");
    const parsed = await page.evaluate((s) => {
      const doc = new DOMParser().parseFromString(s, "image/svg+xml");
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        root: doc.documentElement.nodeName,
        rects: doc.querySelectorAll("rect").length,
        height: doc.documentElement.getAttribute("height"),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe("svg");
    expect(parsed.rects).toBeGreaterThan(50);
    // Render the exported file on its own, as an image, and keep a PNG of it for a look.
    const shot = await browser.newPage({ viewport: { width: WIDTH + 20, height: Number(parsed.height) + 20 } });
    await shot.setContent(`<img id="i" src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}">`);
    const loaded = await shot.evaluate(
      () =>
        new Promise<number>((r) => {
          const i = document.getElementById("i") as HTMLImageElement;
          if (i.complete) r(i.naturalWidth);
          else i.onload = () => r(i.naturalWidth);
        }),
    );
    expect(loaded).toBe(WIDTH);
    await shot.screenshot({ path: `${ARTIFACTS}timeline-export.png` });
    await shot.close();
  });
});
