// Node's system errors carry the errno name in `code` ("ENOENT", "ESRCH" …). Callers branch on it to tell
// "the thing is already gone" (a normal race with a stopping container) from a real failure, so the test
// lives here once instead of as `catch (e: any)` in every reader of /proc and cgroupfs.

/** The errno name of a Node system error, or undefined for anything else. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null || !("code" in e)) return undefined;
  const code = (e as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True when `e` is a system error whose errno name is one of `codes`. */
export function isErrno(e: unknown, ...codes: string[]): boolean {
  const code = errnoCode(e);
  return code !== undefined && codes.includes(code);
}
