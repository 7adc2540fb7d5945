"use client";
import { toUserError } from "@/lib/errors";

/** A server error shown where it happened, in user words; the raw message stays available. */
export function ErrorNote({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  const e = toUserError(error);
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      <p className="font-medium">
        {action ? `${action}: ` : ""}
        {e.title}
      </p>
      {e.detail && e.detail !== e.title && <p className="mt-1 font-mono text-xs opacity-80">{e.detail}</p>}
    </div>
  );
}
