"use client";
import { toUserError } from "@/lib/errors";

/**
 * A server error shown where it happened, in user words; the raw message stays available. A node view that could not
 * reach a cluster node's podscope agent is a missing piece, not a failure of the page: it reads as a note (amber), its
 * words in full, and the command that installs the agent when that is the fix.
 */
export function ErrorNote({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  const e = toUserError(error);
  const tone = e.agent
    ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
    : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100";
  return (
    <div role="alert" data-agent={e.agent} className={`rounded-md border px-3 py-2 text-sm ${tone}`}>
      <p className="font-medium">
        {action ? `${action}: ` : ""}
        {e.title}
      </p>
      {e.detail && e.detail !== e.title && (
        <p className={e.agent ? "mt-1 [overflow-wrap:anywhere]" : "mt-1 font-mono text-xs opacity-80"}>{e.detail}</p>
      )}
      {e.fix && (
        <p className="mt-1">
          To install it: <code className="rounded bg-black/5 px-1 font-mono text-xs dark:bg-white/10">{e.fix}</code>
        </p>
      )}
    </div>
  );
}
