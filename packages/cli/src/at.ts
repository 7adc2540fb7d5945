// `--at`: the instant a time-travel flag names. "-15m" counts back from the source's own clock — the wall
// clock for a live source, the moment a window file was taken for one opened from a file (core's
// sourceNow, as the web UI freezes its clock) — and is sent to the server as that instant, so the pods
// asked for and the ages printed read against the same T.
import { parseAtTime, sourceNow } from "@podscope/core";
import type { Api } from "./client";

export async function resolveAt(c: Api, source: string, at: string): Promise<string> {
  // An absolute time, or one the server will refuse with the forms it accepts, goes as given.
  if (!/^-\d/.test(at.trim())) return at;
  const info = (await c.sources.list.query()).find((s) => s.id === source);
  const t = parseAtTime(at, sourceNow(info, Date.now()));
  return Number.isNaN(t) ? at : new Date(t).toISOString();
}
