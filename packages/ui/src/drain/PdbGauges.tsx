// One gauge per PodDisruptionBudget at the current time: healthy pods against the expected count, the
// desiredHealthy line the budget must not cross, and how many disruptions it allows right now.
import type { PdbGaugeAt } from "./board-at";

export function PdbGauges({ gauges }: { gauges: PdbGaugeAt[] }) {
  if (gauges.length === 0) return <p className="text-sm text-slate-500">No PodDisruptionBudget is involved.</p>;
  return (
    <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {gauges.map((g) => {
        const total = Math.max(g.expectedPods, g.currentHealthy, g.desiredHealthy, 1);
        const pct = (n: number) => `${Math.min(100, (n / total) * 100)}%`;
        const blocked = g.disruptionsAllowed === 0;
        return (
          <li
            key={g.pdb}
            data-pdb={g.pdb}
            data-below={g.belowDesired || undefined}
            className={`rounded border p-2 text-sm ${g.belowDesired ? "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950/40" : "border-slate-200 dark:border-slate-700"}`}
          >
            <div className="flex justify-between">
              <span className="font-medium">{g.pdb}</span>
              <span className={blocked ? "font-semibold text-orange-600" : "text-emerald-700 dark:text-emerald-400"}>
                {g.disruptionsAllowed} disruption{g.disruptionsAllowed === 1 ? "" : "s"} allowed
              </span>
            </div>
            <div
              className="relative mt-1 h-3 rounded bg-slate-100 dark:bg-slate-800"
              aria-label={`${g.currentHealthy} healthy of ${g.expectedPods} expected, ${g.desiredHealthy} required`}
            >
              <div
                className={`absolute inset-y-0 left-0 rounded ${g.belowDesired ? "bg-red-500" : "bg-emerald-500"}`}
                style={{ width: pct(g.currentHealthy) }}
              />
              <div
                className="absolute inset-y-[-2px] w-0.5 bg-slate-900 dark:bg-white"
                style={{ left: pct(g.desiredHealthy) }}
                title="desiredHealthy"
              />
            </div>
            <div className="mt-1 text-xs text-slate-500">
              healthy {g.currentHealthy} · needs {g.desiredHealthy} · expected {g.expectedPods}
            </div>
            {g.belowDesired && (
              <p role="note" className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
                Below desired: {g.currentHealthy} healthy of the {g.desiredHealthy} required — evicting a healthy pod under this budget gets
                429 until{" "}
                {g.desiredHealthy - g.currentHealthy === 1 ? "a pod becomes" : `${g.desiredHealthy - g.currentHealthy} pods become`} Ready.
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
