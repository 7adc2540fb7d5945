// DrainBoard in real headless Chromium, on a real rehearsal from `podscope drain -o json`: step, scrub, play.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endTime, nextStep, type DrainBoardData } from "../src/drain";
import { launchChromium } from "./timeline-browser";

const ROOT = join(import.meta.dirname, "..", "..", "..");
let browser: Browser;
let page: Page;
let data: DrainBoardData;
const fmt = (t: number) => `${Math.round(t * 10) / 10}s / ${endTime(data)}s`;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"),
    ["packages/cli/src/main.ts", "drain", "n1", "--from", "packages/drain/scenarios/pdb-sequential-decrement.yaml", "-o", "json", "--now", "2026-01-01T12:00:00Z"], { cwd: ROOT, timeout: 60_000 });
  data = JSON.parse(stdout) as DrainBoardData;
  const js = (await build({
    entryPoints: [fileURLToPath(new URL("./drain-page.tsx", import.meta.url))], bundle: true, format: "iife", platform: "browser", jsx: "automatic",
    minify: true, write: false, define: { "process.env.NODE_ENV": '"production"' }, logLevel: "silent",
  })).outputFiles[0].text;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div><script>window.__DRAIN__ = ${stdout.replace(/</g, "\\u003c")};</script></body></html>`);
  await page.addScriptTag({ content: js });
  await page.waitForFunction(() => window.__drainReady === true, undefined, { timeout: 20_000 }).catch(() => { throw new Error(`the drain page did not render: ${errors.join("; ")}`); });
}, 90_000);

afterAll(async () => { await browser?.close(); });

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

describe("DrainBoard exports in Chromium", () => {
  it("downloads the lanes as a standalone SVG and as a PNG, and the rehearsal as JSON", async () => {
    const svgDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export SVG" }).click();
    const svg = await (await svgDl).createReadStream().then(async (s) => { let t = ""; for await (const c of s) t += c; return t; });
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("data-lane=");
    expect(svg).not.toContain("class=");
    const pngDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export PNG" }).click();
    const png = await (await pngDl).createReadStream().then(async (s) => { const parts: Buffer[] = []; for await (const c of s) parts.push(c as Buffer); return Buffer.concat(parts); });
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const jsonDl = page.waitForEvent("download");
    await page.getByRole("button", { name: "export JSON" }).click();
    const json = await (await jsonDl).createReadStream().then(async (s) => { let t = ""; for await (const c of s) t += c; return t; });
    expect(JSON.parse(json)).toEqual(data);
  });
});
