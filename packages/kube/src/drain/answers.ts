// Turning the API server's reply to one eviction (dry-run or real) into a ServerAnswer, keeping its words.
import { KubeError } from "@podscope/core";
import { MULTIPLE_PDBS } from "@podscope/drain";
import type { ServerAnswer } from "./types";

export const ALLOWED: ServerAnswer = { verdict: "allowed", code: 201, message: "", cause: null };

export function answerFromError(e: unknown): ServerAnswer {
  if (!(e instanceof KubeError)) return { verdict: "other", code: 0, message: e instanceof Error ? e.message : String(e), cause: null };
  const code = e.code ?? 0;
  const verbatim = e.status?.message ?? e.message;
  if (code === 429)
    return { verdict: "blocked", code, message: verbatim, cause: e.status?.details?.causes?.find((c) => c.message)?.message ?? null };
  if (code === 500 && verbatim.includes(MULTIPLE_PDBS)) return { verdict: "multiple-pdbs", code, message: verbatim, cause: null };
  // Our own message for the rest: a 403 then names the user, the verb and the resource.
  return { verdict: "other", code, message: e.message, cause: null };
}
