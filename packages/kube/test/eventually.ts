// Polling for the tests of a real control plane: things happen a moment later (a watch delivers, a controller
// acts). Its own module without vitest, so fixtures that Playwright and other packages' tests load can use it.

/** Calls `fn` until it returns something truthy (that is returned) or `timeoutMs` passes; the last throw is named. */
export async function eventually<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 60_000, everyMs = 200): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
