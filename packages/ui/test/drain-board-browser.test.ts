// DrainBoard in real headless Chromium, on a real rehearsal from `podscope drain -o json`: step, scrub, play.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { loadSnapshot, parseDrainArgs, requestFromCommand, simulateRollingDrain } from "@podscope/drain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardTime, endTime, nextStep, type DrainBoardData } from "../src/drain";
import { styleLikeTheApp } from "./tailwind";
import { browserBundle, launchChromium } from "./timeline-browser";

const ROOT = join(import.meta.dirname, "..", "..", "..");
let browser: Browser;
let page: Page;
let data: DrainBoardData;
let js: string;
const fmt = (t: number) => `${boardTime(t)} / ${boardTime(endTime(data))}`;
const SHOTS = process.env.PODSCOPE_SHOTS_DIR;

/** A page with <DrainBoard> on the given rehearsal, at 0 s. */
async function boardPage(rehearsal: DrainBoardData, width = 1100): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.setContent(
    `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div><script>window.__DRAIN__ = ${JSON.stringify(rehearsal).replace(/</g, "\\u003c")};</script></body></html>`,
  );
  await p.addScriptTag({ content: js });
  await p
    .waitForFunction(() => window.__drainReady === true, undefined, { timeout: 20_000 })
    .catch(() => {
      throw new Error(`the drain page did not render: ${errors.join("; ")}`);
    });
  await styleLikeTheApp(p);
  return p;
}

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(
    join(ROOT, "node_modules", ".bin", "tsx"),
    [
      "packages/cli/src/main.ts",
      "drain",
      "n1",
      "--from",
      "packages/drain/scenarios/pdb-sequential-decrement.yaml",
      "-o",
      "json",
      "--now",
      "2026-01-01T12:00:00Z",
    ],
    { cwd: ROOT, timeout: 60_000 },
  );
  data = JSON.parse(stdout) as DrainBoardData;
  js = await browserBundle("drain-page.tsx");
  browser = await launchChromium();
  page = await boardPage(data);
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const clock = () => page.locator("output").textContent();
const playheadX = () => page.locator("[data-playhead]").getAttribute("x1").then(Number);

describe("DrainBoard in Chromium", () => {
  it("renders a lane per pod and per replacement, and the plan", async () => {
    expect(await page.locator("[data-lane]").count()).toBe(6); // 3 evicted pods + 3 replacements
    expect(await page.locator("tr[data-pod]").count()).toBe(3);
    expect(await clock()).toBe(fmt(0));
  });

  it("steps forward to the next instant where something happens, and back", async () => {
    const x0 = await playheadX();
    await page.getByRole("button", { name: "step forward" }).click();
    expect(await clock()).toBe(fmt(nextStep(data, 0)));
    expect(await playheadX()).toBeGreaterThan(x0);
    await page.getByRole("button", { name: "step back" }).click();
    expect(await clock()).toBe(fmt(0));
  });

  it("scrubs: at 6 s the second pod is terminating and the budget allows nothing", async () => {
    await page.getByRole("slider", { name: "virtual time" }).fill("6");
    expect(await clock()).toBe(fmt(6));
    expect(await page.locator('tr[data-pod="default/web-5d8f7c9b4-x7k2p"]').textContent()).toContain("blocked (429)");
    expect(await page.locator('[data-pdb="default/web"]').textContent()).toContain("0 disruptions allowed");
  });

  it("at 0 s and 7 s every part shows that instant: badge draining, the 429 as the last answer, no findings yet", async () => {
    const x7 = page.locator('tr[data-pod="default/web-5d8f7c9b4-x7k2p"]');
    for (const t of [0, 7]) {
      await page.getByRole("slider", { name: "virtual time" }).fill(String(t));
      expect(await page.locator("[data-result]").textContent()).toBe("draining");
      expect(await page.getByLabel("findings").textContent()).toContain("The findings describe how the drain ends, at 13s");
      expect(await x7.locator("[data-outcome]").textContent()).toBe("—");
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `drain-board-${t}s.png`), fullPage: true });
    }
    expect(await x7.locator("[data-now]").textContent()).toBe("blocked (429)");
    expect(await x7.locator("[data-last-answer]").textContent()).toMatch(/^Cannot evict pod as it would violate/);
    expect(await x7.locator("td").nth(3).textContent()).toBe("2");
  });

  it("plays to the end at 30×", async () => {
    await page.getByRole("slider", { name: "virtual time" }).fill("0");
    await page.getByRole("combobox", { name: "speed" }).selectOption("30");
    await page.getByRole("button", { name: "play" }).click();
    await page.waitForFunction((end) => document.querySelector("output")?.textContent === end, fmt(endTime(data)), { timeout: 10_000 });
    expect(await page.getByRole("button", { name: "play" }).count()).toBe(1); // paused again at the end
    expect(await page.locator('tr[data-pod="default/web-5d8f7c9b4-x7k2p"]').textContent()).toContain("gone");
    expect(await page.locator('[data-pdb="default/web"]').textContent()).toContain("1 disruption allowed");
  });
});

describe("DrainBoard on simulateDrain's full result in Chromium", () => {
  const rich = (file: string, ...args: string[]) =>
    simulateRollingDrain(
      loadSnapshot(readFileSync(join(ROOT, "packages/drain/scenarios", file), "utf8")).snapshot,
      requestFromCommand(parseDrainArgs(args)),
      { now: "2026-01-01T12:00:00Z" },
    ).nodes[0];

  it("replacement captions name three different deleted pods under --disable-eviction and stay left of the bars", async () => {
    const p = await boardPage(rich("pdb-sequential-decrement.yaml", "n1", "--disable-eviction"), 900);
    const captions = await p.locator("[data-lane] [data-lane-label] text:nth-of-type(2)").allTextContents();
    expect(captions.filter((c) => c.startsWith("replaces ")).length).toBe(3);
    expect(new Set(captions.filter((c) => c.startsWith("replaces "))).size).toBe(3);
    // Every label ends before the lanes' time axis starts (x of the 0 s tick).
    const axis0 = Number(await p.locator("svg[aria-label='drain lanes per pod'] line").first().getAttribute("x1"));
    const rights = await p
      .locator("[data-lane-label] text")
      .evaluateAll((els) => els.map((e) => (e as SVGTextElement).getBBox().x + (e as SVGTextElement).getComputedTextLength()));
    for (const r of rights) expect(r).toBeLessThanOrEqual(axis0);
    if (SHOTS) await p.screenshot({ path: join(SHOTS, "drain-board-disable-eviction-0s.png"), fullPage: true });
    await p.close();
  });

  it("kubectl's panel shows every line whole (wrapped, none cut at the right) and keeps the newest in view", async () => {
    const d = rich("pdb-sequential-decrement.yaml", "n1");
    const p = await boardPage(d, 900);
    await p.getByRole("slider", { name: "virtual time" }).fill(String(endTime(d)));
    const box = p.getByLabel("kubectl output");
    const cut = await box.evaluate((el) =>
      [el, ...el.querySelectorAll("div")]
        .filter((x) => x.scrollWidth > x.clientWidth + 1)
        .map((x) => `${x.scrollWidth}>${x.clientWidth} ${x.textContent?.slice(0, 60)}`),
    );
    expect(cut).toEqual([]);
    const lastVisible = await box.evaluate((el) => {
      const last = el.lastElementChild!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return last.bottom <= r.bottom + 1 && last.top >= r.top - 1;
    });
    expect(lastVisible).toBe(true);
    expect(await box.textContent()).toContain("node/n1 drained");
    if (SHOTS) await p.screenshot({ path: join(SHOTS, "drain-board-kubectl-end.png"), fullPage: true });
    await p.close();
  });
});

describe("DrainBoard exports in Chromium", () => {
  it("downloads the lanes as a standalone SVG and as a PNG, and the rehearsal as JSON", async () => {
    const svgDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export SVG" }).click();
    const svg = await (await svgDl).createReadStream().then(async (s) => {
      let t = "";
      for await (const c of s) t += c;
      return t;
    });
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("data-lane=");
    expect(svg).not.toContain("class=");
    const pngDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export PNG" }).click();
    const png = await (await pngDl).createReadStream().then(async (s) => {
      const parts: Buffer[] = [];
      for await (const c of s) parts.push(c as Buffer);
      return Buffer.concat(parts);
    });
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const jsonDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export JSON" }).click();
    const json = await (await jsonDl).createReadStream().then(async (s) => {
      let t = "";
      for await (const c of s) t += c;
      return t;
    });
    expect(JSON.parse(json)).toEqual(data);
  });
});
