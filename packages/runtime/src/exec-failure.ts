// A failed execFile rejects with an Error that also carries the child's stderr. The tool's own words there
// (gcc's diagnostics, ctr's reason) are what the user needs; Node's "Command failed: …" only when it said nothing.

/** What a failed command said: its stderr, else the error's message. */
export function commandFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err).trim();
  const stderr = "stderr" in err ? err.stderr : undefined;
  const said = typeof stderr === "string" || Buffer.isBuffer(stderr) ? stderr.toString().trim() : "";
  return said || err.message.trim();
}
