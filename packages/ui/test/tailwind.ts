// The web app's own stylesheet (apps/web/app/globals.css through Tailwind) for the class names on a test page, so a
// browser test measures the board as the app lays it out (font sizes, wrapping, scroll boxes), not unstyled markup.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";

const APP = join(import.meta.dirname, "..", "..", "..", "apps", "web");

interface TailwindCompiler {
  build(candidates: string[]): string;
}
let compiler: Promise<TailwindCompiler> | undefined;

async function load(): Promise<TailwindCompiler> {
  // @tailwindcss/node is what the app's PostCSS plugin runs; found from the app, whose dependency it is.
  const plugin = createRequire(join(APP, "package.json")).resolve("@tailwindcss/postcss");
  const mod = (await import(pathToFileURL(createRequire(plugin).resolve("@tailwindcss/node")).href)) as {
    compile(css: string, opts: { base: string; onDependency: (path: string) => void }): Promise<TailwindCompiler>;
  };
  return mod.compile(readFileSync(join(APP, "app", "globals.css"), "utf8"), { base: join(APP, "app"), onDependency: () => undefined });
}

/** Adds the app's CSS for every class name now on the page. */
export async function styleLikeTheApp(page: Page): Promise<void> {
  compiler ??= load();
  const classes = await page.evaluate(() => [
    ...new Set([...document.querySelectorAll("[class]")].flatMap((e) => (e.getAttribute("class") ?? "").split(/\s+/)).filter(Boolean)),
  ]);
  await page.addStyleTag({ content: (await compiler).build(classes) });
}
