// The boot script's early answers (lib/boot-script.ts): on a fresh load of the pod list, the source list and the
// list's first rows, asked for before the page's scripts ran. Each is handed out once per page load — a list opened
// later in the same tab starts from its own stream, never from rows of the moment the tab was loaded.
import type { RouterOutputs } from "@podscope/api";
import { BOOT_ANSWERS } from "./boot-script";

export type BootSources = RouterOutputs["sources"]["list"];
export type BootFirstRows = NonNullable<RouterOutputs["pods"]["firstRows"]>;
interface BootAnswers {
  sources: BootSources | null;
  firstRows: BootFirstRows | null;
}

let answers: Promise<BootAnswers> | null | undefined;
const taken = new Set<keyof BootAnswers>();

/** A tRPC batch answer: one `{ result: { data } }` (or `{ error }`) per call, in the order asked. */
function read(json: unknown): BootAnswers {
  const data = (i: number): unknown =>
    Array.isArray(json) ? (json[i] as { result?: { data?: unknown } } | undefined)?.result?.data : undefined;
  const sources = data(0);
  const first = data(1) as BootFirstRows | null | undefined;
  return {
    sources: Array.isArray(sources) ? (sources as BootSources) : null,
    firstRows: first && typeof first.source === "string" && Array.isArray(first.rows) ? first : null,
  };
}

function take<K extends keyof BootAnswers>(key: K): Promise<BootAnswers[K]> | null {
  if (answers === undefined) {
    const asked = typeof window === "undefined" ? undefined : (window as unknown as Record<string, unknown>)[BOOT_ANSWERS];
    answers = asked instanceof Promise ? (asked as Promise<unknown>).then(read, () => ({ sources: null, firstRows: null })) : null;
  }
  if (!answers || taken.has(key)) return null;
  taken.add(key);
  return answers.then((a) => a[key]);
}

export const takeBootSources = (): Promise<BootSources | null> | null => take("sources");
export const takeBootFirstRows = (): Promise<BootFirstRows | null> | null => take("firstRows");
