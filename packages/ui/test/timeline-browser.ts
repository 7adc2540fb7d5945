// Real headless Chromium for the timeline: bundle test/timeline-page.tsx with esbuild, load it with an
// input, and hand back the page. Shared by the browser test and the benchmark. Debian's Chromium is
// required: if it is missing, launching fails loudly.
import type { TimelineInput } from "@podscope/core";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { chromiumLaunchOptions } from "@podscope/env/chromium";

let bundled: Promise<string> | undefined;

/** A test page's JavaScript (a .tsx beside this file) for the browser, with production React so timings are realistic. */
export async function browserBundle(page: string): Promise<string> {
  const r = await build({
    entryPoints: [fileURLToPath(new URL(`./${page}`, import.meta.url))],
    bundle: true,
    format: "iife",
    platform: "browser",
    jsx: "automatic",
    minify: true,
    write: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  return r.outputFiles[0].text;
}

/** The timeline page's JavaScript, built once per process. */
export function pageBundle(): Promise<string> {
  bundled ??= browserBundle("timeline-page.tsx");
  return bundled;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

export interface PageOptions {
  width?: number;
  dark?: boolean;
  conditions?: boolean;
}

/** Opens a page rendering the timeline of `input`; resolves once the first render is done. */
export async function openTimeline(browser: Browser, input: TimelineInput, opts: PageOptions = {}): Promise<Page> {
  const width = opts.width ?? 1240;
  const page = await browser.newPage({ viewport: { width: width + 40, height: 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const js = await pageBundle();
  const data = JSON.stringify({ ...input, now: input.now.toISOString() }).replace(/</g, "\\u003c");
  const html = `<!doctype html><html class="${opts.dark ? "dark" : ""}"><head><meta charset="utf-8"><style>
    body { margin: 0; font-family: "DejaVu Sans", sans-serif; background: ${opts.dark ? "#020617" : "#f8fafc"}; color: ${opts.dark ? "#e2e8f0" : "#0f172a"}; }
    button { font: inherit; padding: 1px 8px; } table { font-size: 13px; } th, td { padding: 4px 8px; text-align: left; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  </style></head><body><div id="root"></div>
  <script>window.__INPUT__ = ${data}; window.__OPTS__ = ${JSON.stringify({ width, conditions: !!opts.conditions })};</script></body></html>`;
  await page.setContent(html);
  await page.addScriptTag({ content: js });
  await page
    .waitForFunction(() => !!window.__tl, undefined, { timeout: 20_000 })
    .catch(() => {
      throw new Error(`the timeline page did not render: ${errors.join("; ") || "no error reported"}`);
    });
  if (errors.length) throw new Error(`errors on the timeline page: ${errors.join("; ")}`);
  return page;
}
