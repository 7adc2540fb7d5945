"use client";
// Time travel: `?at=` (RFC 3339) shows a recording source as it was then, rebuilt from its recorded
// history, read-only — a permalink shows the same state later. The control sets or clears it; the
// note says what is shown, and from when history reaches back when T is earlier.
import { useUrlParam } from "@/lib/url-state";
import { inputClass } from "./Panel";

/** The `?at=` instant (ms), or null for "now" (live). */
export function useAt(): [number | null, (t: number | null) => void] {
  const [at, setAt] = useUrlParam("at");
  const ms = at ? Date.parse(at) : NaN;
  return [Number.isNaN(ms) ? null : ms, (t) => setAt(t === null ? null : new Date(t).toISOString())];
}

// datetime-local speaks local wall-clock time without a zone.
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
};

export function TimeTravelControl({ enabled }: { enabled: boolean }) {
  const [at, setAt] = useAt();
  if (!enabled) return null;
  return (
    <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
      As of
      <span className="flex items-center gap-1">
        <input
          type="datetime-local"
          step={1}
          aria-label="Show as of"
          className={inputClass}
          value={at === null ? "" : toLocalInput(at)}
          onChange={(e) => {
            const t = Date.parse(e.target.value);
            setAt(Number.isNaN(t) ? null : Math.min(t, Date.now()));
          }}
        />
        {at !== null && (
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700"
            onClick={() => setAt(null)}
          >
            now
          </button>
        )}
      </span>
    </label>
  );
}

export function TimeTravelNote({ at, since }: { at: number; since?: string | null }) {
  const before = since ? at < Date.parse(since) : false;
  return (
    <p
      role="status"
      data-testid="time-travel"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm dark:border-amber-700 dark:bg-amber-950"
    >
      As it was at <b>{new Date(at).toLocaleString()}</b> — read-only, rebuilt from recorded history.
      {before ? (
        <> History reaches back to {new Date(since!).toLocaleString()} only: nothing earlier is known.</>
      ) : since === null ? (
        <> Nothing is recorded yet.</>
      ) : null}
    </p>
  );
}
