"use client";
// Time travel: `?at=` (RFC 3339) shows a recording source as it was then, rebuilt from its recorded
// history, read-only — a permalink shows the same state later. The control sets or clears it; the
// note says what is shown, and from when history reaches back when T is earlier.
import { useEffect, useRef, useState } from "react";
import { stepTime, timeRange } from "@/lib/time-steps";
import { useSourceClock } from "@/lib/use-now";
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
  // A window file's history ends when it was taken, not at the wall clock.
  const { now } = useSourceClock(60_000);
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
            setAt(Number.isNaN(t) ? null : Math.min(t, now ?? Date.now()));
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

const stepButton =
  "rounded border border-slate-300 px-2 py-1 text-sm disabled:opacity-40 dark:border-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600";

/**
 * Play and scrub "as of": with `?at=` set, step back or forward — to the previous or next recorded change
 * (`changes`, a pod's status changes) or by `stepMs` (the pod list: a minute) — play forward one step a
 * second, or drag the slider over the range history covers (since → the source's now). Every move
 * replaces `?at=`, so the permalink follows. Buttons and the slider (arrow keys, Home/End, Page Up/Down)
 * are reached and worked with the keyboard.
 */
export function TimeScrubber({ since, changes, stepMs = 60_000 }: { since?: string; changes?: readonly number[]; stepMs?: number }) {
  const [at, setAt] = useAt();
  const { now } = useSourceClock(60_000);
  // The slider moves at once; the URL (and the queries it drives) follows once it rests a moment.
  const [draft, setDraft] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const commit = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setDraft(null), [at]);
  const shown = draft ?? at;
  const range = shown === null || now === null ? null : timeRange(shown, now, since);
  const opts = changes ? { changes } : { stepMs };
  const prev = shown !== null && range ? stepTime(shown, -1, range, opts) : null;
  const next = shown !== null && range ? stepTime(shown, 1, range, opts) : null;
  useEffect(() => {
    if (!playing) return;
    if (next === null) return setPlaying(false);
    const t = setTimeout(() => setAt(next), 1000);
    return () => clearTimeout(t);
  }, [playing, next, setAt]);
  if (shown === null || range === null) return null;
  const unit = changes ? "change" : stepMs % 60_000 === 0 ? `${stepMs / 60_000} min` : `${stepMs / 1000} s`;
  return (
    <div
      role="group"
      aria-label="Play and scrub through history"
      className="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400"
      data-testid="time-scrubber"
    >
      <button
        type="button"
        className={stepButton}
        disabled={prev === null}
        onClick={() => prev !== null && setAt(prev)}
        aria-label={changes ? "Previous change" : `Back ${unit}`}
        title={changes ? "Previous recorded change" : `Back ${unit}`}
      >
        ◀
      </button>
      <button
        type="button"
        className={stepButton}
        disabled={!playing && next === null}
        aria-pressed={playing}
        onClick={() => setPlaying(!playing)}
        aria-label={playing ? "Pause" : "Play"}
        title={playing ? "Pause" : `Play: one ${unit} a second`}
      >
        {playing ? "❚❚" : "▶"}
      </button>
      <button
        type="button"
        className={stepButton}
        disabled={next === null}
        onClick={() => next !== null && setAt(next)}
        aria-label={changes ? "Next change" : `Forward ${unit}`}
        title={changes ? "Next recorded change" : `Forward ${unit}`}
      >
        ▶▶
      </button>
      <input
        type="range"
        aria-label="Time"
        aria-valuetext={new Date(shown).toLocaleString()}
        className="w-48 accent-blue-600"
        min={range.start}
        max={range.end}
        step={1000}
        value={shown}
        onChange={(e) => {
          const t = Number(e.target.value);
          setDraft(t);
          clearTimeout(commit.current);
          commit.current = setTimeout(() => setAt(t), 300);
        }}
      />
      <span className="tabular-nums" aria-hidden>
        {new Date(shown).toLocaleTimeString()}
      </span>
    </div>
  );
}
