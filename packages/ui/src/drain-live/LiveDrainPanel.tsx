"use client";
// The live half of the drain rehearsal for one node of a cluster: the server check (dry-run answers beside the
// sequential simulation, and why they differ), then "Drain for real" behind typing the node's name, with live
// progress, Stop, and Uncordon once the node is left cordoned. No tRPC in here: the page passes the data and the
// actions as props, so the panel draws the same from a live subscription or a recorded one.
import { useState } from "react";
import {
  confirmed,
  podStates,
  serverSays,
  simulationSays,
  type DrainProgressView,
  type LiveDrainResultView,
  type ServerCheckView,
} from "./model";

export interface LiveDrainPanelProps {
  node: string;
  /** The comparison from drainLive.check; null before the first check. */
  check: ServerCheckView | null;
  checking?: boolean;
  onCheck?: () => void;
  /** Progress of the real drain so far (drainLive.execute's "progress" messages). */
  progress: DrainProgressView[];
  /** The real drain's result once it ended (its "result" message). */
  result: LiveDrainResultView | null;
  running: boolean;
  /** Called with the typed confirmation (equal to the node name). */
  onDrain: (confirm: string) => void;
  onStop: () => void;
  onUncordon: () => void;
  uncordoned?: boolean;
  /** Why this tab may not change the cluster (no access token): Drain for real, Stop and Uncordon are disabled and
   * say so. Undefined when it may. */
  changeRefused?: string;
  /** An error from the API (403, bad flags, …), shown as is. */
  error?: string | null;
  className?: string;
}

const RESULT_CLASS: Record<string, string> = {
  drained: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  stopped: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  timeout: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  refused: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
  failed: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
};

function CheckTable({ check }: { check: ServerCheckView }) {
  if (check.result === "refused") {
    return <p className="text-sm">kubectl would refuse this drain, so no eviction was sent.</p>;
  }
  return (
    <table className="w-full border-collapse text-left text-sm" aria-label="server check per pod">
      <thead>
        <tr className="border-b">
          <th className="p-1">pod</th>
          <th className="p-1">server says (dry-run)</th>
          <th className="p-1">sequential simulation says</th>
          <th className="p-1">why they differ</th>
        </tr>
      </thead>
      <tbody>
        {check.pods.map((p) => (
          <tr key={p.pod} data-differs={p.differs} className={`border-b align-top ${p.differs ? "bg-amber-50 dark:bg-amber-950" : ""}`}>
            <td className="p-1 font-mono">{p.pod}</td>
            <td className="p-1">{serverSays(p.server)}</td>
            <td className="p-1">{simulationSays(p.simulated)}</td>
            <td className="p-1">{p.reason ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LiveDrainPanel(props: LiveDrainPanelProps) {
  const { node, check, progress, result, running } = props;
  const [typed, setTyped] = useState("");
  const lines = progress.flatMap((p) => (p.type === "line" ? [p] : []));
  const pods = podStates(progress);
  const canUncordon = !running && result !== null && result.cordoned && !props.uncordoned;
  const refused = props.changeRefused;
  return (
    <section className={`flex flex-col gap-4 ${props.className ?? ""}`} aria-label={`live drain of node ${node}`}>
      <header className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">Live cluster: node {node}</h2>
        {props.onCheck && (
          <button type="button" className="rounded border px-2 py-1 text-sm" disabled={props.checking || running} onClick={props.onCheck}>
            {props.checking ? "Checking…" : "Check with the server"}
          </button>
        )}
      </header>
      {props.error && (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {props.error}
        </p>
      )}

      {check && (
        <div className="flex flex-col gap-2" aria-label="server check">
          <ul className="text-sm">
            {check.summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {check.errors.length > 0 && (
            <ul className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
              {check.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          {check.warnings.length > 0 && (
            <ul className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
              {check.warnings.map((w) => (
                <li key={w}>Warning: {w}</li>
              ))}
            </ul>
          )}
          <CheckTable check={check} />
          <p className="text-xs text-slate-500">
            Checked at {check.checkedAt}. A server dry-run writes nothing: every pod is checked against the same budget.
          </p>
        </div>
      )}

      <div className="flex flex-col gap-2 rounded border border-red-300 p-3 dark:border-red-800" aria-label="drain for real">
        <h3 className="font-semibold">Drain for real</h3>
        <p className="text-sm">
          Cordons {node} and evicts its pods through the eviction API, exactly as <code>kubectl drain</code> does. Type the node&apos;s name
          to confirm.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <input
            aria-label="type the node name to confirm"
            className="rounded border px-2 py-1 font-mono text-sm"
            placeholder={node}
            value={typed}
            disabled={running}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button
            type="button"
            className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-40"
            disabled={running || !confirmed(typed, node) || refused !== undefined}
            title={refused}
            onClick={() => props.onDrain(typed)}
          >
            Drain for real
          </button>
          {running && (
            <button
              type="button"
              className="rounded border px-3 py-1 text-sm"
              disabled={refused !== undefined}
              title={refused}
              onClick={props.onStop}
            >
              Stop
            </button>
          )}
          {canUncordon && (
            <button
              type="button"
              className="rounded border px-3 py-1 text-sm"
              disabled={refused !== undefined}
              title={refused}
              onClick={props.onUncordon}
            >
              Uncordon {node}
            </button>
          )}
          {props.uncordoned && <span className="text-sm">node/{node} uncordoned</span>}
          {result && (
            <span data-result={result.result} className={`rounded px-2 py-0.5 text-sm font-medium ${RESULT_CLASS[result.result] ?? ""}`}>
              {result.result}
            </span>
          )}
        </div>
        {refused !== undefined && (
          <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="change-refused">
            {refused}
          </p>
        )}
        {result?.result === "stopped" && !props.uncordoned && (
          <p className="text-sm">Stopped: the node stays cordoned. Uncordon it to schedule pods there again.</p>
        )}
        {pods.length > 0 && (
          <ul className="text-sm" aria-label="pods">
            {pods.map((p) => (
              <li key={p.pod} data-kind={p.kind}>
                <span className="font-mono">{p.pod}</span> — {p.kind}: {p.message} <span className="text-slate-500">(t={p.t}s)</span>
              </li>
            ))}
          </ul>
        )}
        {lines.length > 0 && (
          <pre className="max-h-64 overflow-auto rounded bg-slate-950 p-2 text-xs text-slate-100" aria-label="kubectl output">
            {lines.map((l, i) => (
              <div key={i} className={l.stream === "err" ? "text-orange-300" : ""}>
                {l.line}
              </div>
            ))}
          </pre>
        )}
      </div>
    </section>
  );
}
