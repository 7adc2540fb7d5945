// podscope's own directory ($PODSCOPE_HOME, default ~/.podscope) and the access token kept there.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { podscopeHome } from "@podscope/env";

export { podscopeHome };

export function tokenPath(home = podscopeHome()): string {
  return join(home, "token");
}

/** The token, generated on first use. Mode 0600: only the owner may read it, as it grants control of containers. */
export function ensureToken(home = podscopeHome()): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const p = tokenPath(home);
  if (existsSync(p)) {
    if ((statSync(p).mode & 0o077) !== 0) chmodSync(p, 0o600);
    const t = readFileSync(p, "utf8").trim();
    if (t.length >= 32) return t;
  }
  const t = randomBytes(24).toString("hex");
  writeFileSync(p, `${t}\n`, { mode: 0o600 });
  return t;
}

export function readToken(home = podscopeHome()): string | undefined {
  try {
    return readFileSync(tokenPath(home), "utf8").trim() || undefined;
  } catch (e) {
    // No token yet (the server never ran): the server refuses us with its own words. Unreadable is an error.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
