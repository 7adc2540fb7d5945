// The browser every browser test and benchmark drives: Debian's Chromium (apt package `chromium`, installed by
// scripts/setup.sh), never a downloaded one, launched headless with the same switches everywhere so a timing
// in a benchmark and a screenshot in a test come from the same browser. No Node imports: any test may read it.

export const CHROMIUM_EXECUTABLE = "/usr/bin/chromium";

// --no-sandbox: the tests run as root, where Chromium refuses its sandbox. The rest keep a headless run quiet
// and offline: no GPU, no QUIC, no first-run, background, component-update or sync traffic.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Playwright's launch options for that Chromium (a fresh object each call: callers may add to it). */
export function chromiumLaunchOptions(): { executablePath: string; args: string[]; headless: true } {
  return { executablePath: CHROMIUM_EXECUTABLE, args: [...CHROMIUM_ARGS], headless: true };
}
