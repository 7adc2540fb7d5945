"use client";
// "What is wrong with this pod?" — core's explanations, re-evaluated every second so the crash-loop
// countdown to the next restart ticks down live.
import { explainPod, humanDuration, type KubeEvent, type Pod, type StatusHistory } from "@podscope/core";

const tone = {
  error: "border-red-400 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100",
  warning: "border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100",
  info: "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100",
};

export function Explanations({ pod, now, events, history }: { pod: Pod; now: number; events?: KubeEvent[]; history?: StatusHistory }) {
  const list = explainPod(pod, new Date(now), events, history);
  if (list.length === 0) return null;
  return (
    <div className="flex flex-col gap-2" aria-label="What is wrong" role="region">
      {list.map((e, i) => (
        <div key={i} data-kind={e.kind} className={`rounded-md border-l-4 px-3 py-2 ${tone[e.severity]}`}>
          <div className="flex flex-wrap items-baseline gap-3">
            <p className="font-semibold">{e.title}</p>
            {e.backoff?.secondsUntilRestart !== undefined && (
              <span
                className="rounded bg-white/60 px-2 font-mono text-sm dark:bg-black/30"
                aria-live="polite"
                data-testid="restart-countdown"
              >
                {e.backoff.secondsUntilRestart > 0
                  ? `next restart in ${humanDuration(e.backoff.secondsUntilRestart * 1000)}`
                  : "restart due now"}{" "}
                · back-off step {e.backoff.step} ({humanDuration(e.backoff.waitSeconds * 1000)})
              </span>
            )}
          </div>
          <p className="mt-1 text-sm leading-relaxed">{e.detail}</p>
          {e.exit && e.kind !== "CrashLoopBackOff" && (
            <p className="mt-1 text-sm">
              <span className="font-mono">exit code {e.exit.exitCode}</span> ({e.exit.summary}) — {e.exit.meaning}
            </p>
          )}
        </div>
      ))}
    </div>
  );
}
