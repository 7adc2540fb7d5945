"use client";
// The drain rehearsal page: where the cluster comes from (a teaching scenario, a pasted or uploaded snapshot,
// or a live source), which nodes and which kubectl flags; Run asks drain.simulate and shows a DrainBoard per
// node. A run can be pinned, so after a change (a PDB's minAvailable, a flag) the two stand one above the other
// with what changed. On a cluster context that can evict, the live panel checks with the server and drains for
// real. Everything that identifies the rehearsal is in the URL; a pasted snapshot stays in this tab.
import { DrainBoard, endTime } from "@podscope/ui";
import type { RouterOutputs } from "@podscope/api";
import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent } from "react";
import { YamlEditor, type YamlEditorHandle } from "@/components/create/YamlEditor";
import { ErrorNote } from "@/components/ErrorNote";
import { buttonClass, inputClass, Panel, primaryButtonClass } from "@/components/Panel";
import { toUserError } from "@/lib/errors";
import { useSources } from "@/lib/sources";
import { useTRPC } from "@/lib/trpc";
import { FlagFields } from "./FlagFields";
import {
  commandLine,
  EMPTY_FORM,
  formErrors,
  formFromHeader,
  formFromParams,
  kubectlFlags,
  toRequest,
  writeFormParams,
  type DrainForm,
} from "./flags";
import { LiveSection } from "./LiveSection";
import { rehearsalFromText } from "./rehearsal-file";
import { RunCompare, type DrainRun } from "./RunCompare";
import { groupScenarios } from "./scenario-groups";
import { errorPosition, peekSnapshot } from "./snapshot-text";

type From = "scenario" | "snapshot" | "source";
const SNAPSHOT_KEY = "podscope.drain.snapshot";

function Explain() {
  return (
    <>
      <p>
        A <b>drain rehearsal</b> plays <code>kubectl drain</code> against a copy of a cluster on a virtual clock. The node is cordoned,
        kubectl&apos;s filters decide each pod&apos;s fate (DaemonSet, mirror, bare and emptyDir pods), and every other pod is evicted
        through the eviction API while PodDisruptionBudgets answer 429 until replacements become Ready. Nothing in any cluster changes.
      </p>
      <p>
        Why not <code>kubectl drain --dry-run=server</code>? A server dry-run checks each eviction but never writes the budget&apos;s
        decrement. Every pod is judged against the same untouched <code>disruptionsAllowed</code>, so three pods under a budget that allows
        one all come back &quot;allowed&quot;. The real drain grants one, the budget drops to 0, and the others get 429 and are retried
        every 5 s. Only a sequential simulation shows that wait.
      </p>
      <p>
        Read the plan table (what kubectl does with each pod and the budget that governs it), then press play or step through the lanes:
        eviction attempts and 429s, termination (preStop, SIGTERM, grace period, SIGKILL), and replacements going Pending → scheduled →
        Ready. Pin a run, change the YAML or a flag, and run again to compare.
      </p>
    </>
  );
}

/** The width the boards get: their container's, so the lanes fill the page without a scrollbar. */
function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [w, setW] = useState(1100);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.max(600, Math.floor(e.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** One board per drained node, in drain order; a node with nothing to move says so instead of an empty table. */
function Boards({ run, width, scaleEnd }: { run: DrainRun; width: number; scaleEnd?: number }) {
  return (
    <div className="flex flex-col gap-8">
      {run.output.result.nodes.map((d) => (
        <div key={`${run.id}-${d.node}`} className="flex flex-col gap-2">
          {d.pods.length === 0 && (
            <p className="text-sm text-slate-500 dark:text-slate-400">
              No pods on {d.node} were considered by the drain{d.errors.length ? "" : ": it only needs the cordon"}.
            </p>
          )}
          <DrainBoard data={d} width={Math.max(480, width)} scaleEnd={scaleEnd} />
        </div>
      ))}
    </div>
  );
}

export function DrainPage() {
  const params = useSearchParams();
  const initial = useRef(params);
  const [from, setFrom] = useState<From>(() =>
    ["scenario", "snapshot", "source"].includes(params.get("from") ?? "") ? (params.get("from") as From) : "scenario",
  );
  const [scenarioName, setScenarioName] = useState(params.get("scenario") ?? "");
  const [scenarioQuery, setScenarioQuery] = useState("");
  const sourceId = params.get("source") ?? "";
  const [form, setForm] = useState<DrainForm>(() => formFromParams(params));
  const [yaml, setYaml] = useState("");
  const [yamlOrigin, setYamlOrigin] = useState<string | null>(null); // the scenario whose text is in the editor
  const [busy, setBusy] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [current, setCurrent] = useState<DrainRun | null>(null);
  const [pinned, setPinned] = useState<DrainRun | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [beside, setBesideState] = useState(params.get("compare") === "beside");
  const setBeside = (on: boolean) => {
    setBesideState(on);
    const p = new URLSearchParams(window.location.search);
    if (on) p.set("compare", "beside");
    else p.delete("compare");
    window.history.replaceState(null, "", `${window.location.pathname}?${p.toString()}`);
  };
  const runCounter = useRef(0);
  const editor = useRef<YamlEditorHandle>(null);
  const [boardsRef, boardWidth] = useWidth<HTMLDivElement>();

  const trpc = useTRPC();
  const scenarios = useQuery(trpc.drain.scenarios.queryOptions(undefined, { staleTime: Infinity }));
  const simulate = useMutation(trpc.drain.simulate.mutationOptions());
  // A link opens with its scenario chosen: bring it into view in the list (the list scrolls, not the page).
  const scenarioList = useRef<HTMLUListElement>(null);
  const listScrolled = useRef(false);
  useEffect(() => {
    const list = scenarioList.current;
    const item = list?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (!list || !item || listScrolled.current) return;
    listScrolled.current = true;
    list.scrollTop = item.offsetTop - list.clientHeight / 3;
  }, [scenarios.data, scenarioName]);
  const scenario = scenarios.data?.find((s) => s.name === scenarioName);
  const sources = useSources();
  const sourceInfo = sources.data?.find((s) => s.id === sourceId) ?? null;
  const liveNodes = useQuery(trpc.nodes.list.queryOptions(from === "source" && sourceId ? { source: sourceId } : skipToken));

  // The editor shows the chosen scenario's YAML once it has loaded (a link opens straight into it), or the
  // snapshot this tab last pasted.
  useEffect(() => {
    if (from === "scenario" && scenario && yamlOrigin !== scenario.name) {
      setYaml(scenario.yaml);
      setYamlOrigin(scenario.name);
    }
  }, [from, scenario, yamlOrigin]);
  useEffect(() => {
    if (from === "snapshot" && yamlOrigin !== "snapshot") {
      setYaml(window.sessionStorage.getItem(SNAPSHOT_KEY) ?? "");
      setYamlOrigin("snapshot");
    }
  }, [from, yamlOrigin]);
  useEffect(() => {
    if (from === "snapshot" && yamlOrigin === "snapshot") window.sessionStorage.setItem(SNAPSHOT_KEY, yaml);
  }, [from, yaml, yamlOrigin]);

  // The URL follows the form, replaced in place (no history entry per keystroke); ?source= is the header's.
  useEffect(() => {
    const p = new URLSearchParams(window.location.search);
    p.set("from", from);
    if (from === "scenario" && scenarioName) p.set("scenario", scenarioName);
    else p.delete("scenario");
    writeFormParams(p, form);
    const next = `${window.location.pathname}?${p.toString()}`;
    if (next !== window.location.pathname + window.location.search) window.history.replaceState(null, "", next);
  }, [from, scenarioName, form]);

  const peek = useMemo(() => (from === "source" ? null : peekSnapshot(yaml)), [from, yaml]);
  const nodeChoices = useMemo(() => {
    const known = from === "source" ? (liveNodes.data ?? []).map((n) => n.metadata?.name ?? "").filter(Boolean) : (peek?.nodes ?? []);
    return [...known, ...form.nodes.filter((n) => !known.includes(n))];
  }, [from, liveNodes.data, peek, form.nodes]);
  const knownNodes = from === "source" ? (liveNodes.data ?? []).map((n) => n.metadata?.name) : (peek?.nodes ?? []);

  const errs = formErrors(form);
  const set = <K extends keyof DrainForm>(k: K, v: DrainForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const toggleNode = (n: string, on: boolean) =>
    setForm((f) => ({ ...f, nodes: on ? [...f.nodes.filter((x) => x !== n), n] : f.nodes.filter((x) => x !== n) }));

  const pickScenario = (s: RouterOutputs["drain"]["scenarios"][number]) => {
    setScenarioName(s.name);
    setYaml(s.yaml);
    setYamlOrigin(s.name);
    setRunError(null);
    setCurrent(null);
    try {
      setForm(formFromHeader(s.drain));
    } catch (e) {
      setForm({ ...EMPTY_FORM });
      setRunError(e);
    }
  };
  const pickFrom = (f: From) => {
    if (f === from) return;
    setFrom(f);
    setYamlOrigin(null);
    setRunError(null);
    setCurrent(null);
    setForm((x) => ({ ...x, nodes: [] }));
  };
  const pickSource = (id: string) => {
    const p = new URLSearchParams(window.location.search);
    p.set("source", id);
    // The header's Source menu reads the same parameter; pushing it keeps the two in step.
    window.history.replaceState(null, "", `${window.location.pathname}?${p.toString()}`);
    setForm((x) => ({ ...x, nodes: [] }));
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setFileError(null);
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setFileError(`Could not read ${file.name}: ${(err as Error).message}`);
      return;
    }
    setRunError(null);
    const drains = rehearsalFromText(text);
    if (drains) {
      // A rehearsal file: show it as a run (it can be pinned and compared like any other); the editor keeps its text.
      runCounter.current += 1;
      const nodes = drains.map((d) => d.node);
      setCurrent({
        id: runCounter.current,
        origin: `file ${file.name}`,
        command: `rehearsal of ${nodes.join(", ")} opened from ${file.name}`,
        yaml: null,
        output: {
          ignored: {},
          result: { nodes: drains, timeline: [], findings: [], endedAt: Math.max(0, ...drains.map((d) => d.endedAt ?? 0)) },
        },
        at: new Date().toISOString(),
      });
      return;
    }
    setYaml(text);
    setCurrent(null);
  };

  const edited = from === "scenario" && scenario !== undefined && yaml !== scenario.yaml;
  const origin =
    from === "scenario"
      ? `scenario ${scenarioName}${edited ? " (edited)" : ""}`
      : from === "snapshot"
        ? "pasted snapshot"
        : `source ${sourceId}`;
  const ready = Object.keys(errs).length === 0 && (from === "source" ? !!sourceId : yaml.trim() !== "");

  const run = useCallback(async () => {
    if (!ready) return;
    setBusy(true);
    setRunError(null);
    try {
      const request = toRequest(form);
      const output = await simulate.mutateAsync(from === "source" ? { source: sourceId, request } : { snapshot: yaml, request });
      runCounter.current += 1;
      setCurrent({
        id: runCounter.current,
        origin,
        command: commandLine(form),
        yaml: from === "source" ? null : yaml,
        output,
        at: new Date().toISOString(),
      });
      const p = new URLSearchParams(window.location.search);
      p.set("run", "1");
      window.history.replaceState(null, "", `${window.location.pathname}?${p.toString()}`);
    } catch (e) {
      setRunError(e);
      setCurrent(null);
      const pos = errorPosition(toUserError(e).title);
      if (pos && from !== "source") editor.current?.goTo(pos.line, pos.column);
    } finally {
      setBusy(false);
    }
  }, [ready, form, from, sourceId, yaml, origin, simulate.mutateAsync]);

  // A link with ?run=1 reopens the rehearsal itself, once its scenario or source has loaded.
  const autoRan = useRef(false);
  useEffect(() => {
    if (autoRan.current || initial.current.get("run") !== "1" || !ready) return;
    if (from === "scenario" && yamlOrigin !== scenarioName) return;
    autoRan.current = true;
    void run();
  }, [ready, from, yamlOrigin, scenarioName, run]);

  const comparing = !!pinned && !!current && pinned.id !== current.id;
  // Compared runs share one time axis (the longer run's), so the same second sits at the same place in both.
  const sharedEnd = comparing
    ? Math.max(...[...pinned.output.result.nodes, ...current.output.result.nodes].map((d) => endTime(d)))
    : undefined;
  const groups = useMemo(() => groupScenarios(scenarios.data ?? [], scenarioQuery), [scenarios.data, scenarioQuery]);
  // Beside: each board gets half the row (its lanes scroll sideways when they need more).
  const boardW = (beside && comparing ? boardWidth / 2 - 8 : boardWidth) - 40;
  const runErr = runError ? toUserError(runError) : null;
  const runPos = runErr ? errorPosition(runErr.title) : null;
  const shownError =
    runPos && runErr
      ? { line: runPos.line, column: runPos.column, message: runErr.title.replace(/^\S*:\d+:\d+:\s*/, ""), from: "server" }
      : peek?.error
        ? { ...peek.error, message: `YAML error: ${peek.error.message}`, from: "editor" }
        : null;
  const canLive = from === "source" && !!sourceInfo?.capabilities.canEvict;
  const liveFlags = Object.keys(errs).length ? null : kubectlFlags(form);

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Drain rehearsal</h1>
      <div className="grid gap-4 lg:grid-cols-[22rem_1fr]">
        <Panel title="Cluster" explain={<Explain />}>
          <div
            role="tablist"
            aria-label="Where the cluster comes from"
            className="mb-3 flex gap-1 rounded-md bg-slate-100 p-1 text-sm dark:bg-slate-800"
          >
            {(
              [
                ["scenario", "Scenario"],
                ["snapshot", "Snapshot"],
                ["source", "Live source"],
              ] as const
            ).map(([f, label]) => (
              <button
                key={f}
                type="button"
                role="tab"
                aria-selected={from === f}
                onClick={() => pickFrom(f)}
                className={`flex-1 rounded px-2 py-1 font-medium ${from === f ? "bg-white shadow-sm dark:bg-slate-950" : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"}`}
              >
                {label}
              </button>
            ))}
          </div>
          {from === "scenario" && (
            <>
              {scenarios.error ? <ErrorNote error={scenarios.error} action="Loading the scenarios" /> : null}
              {scenarios.isLoading && <p className="text-sm text-slate-500">Loading scenarios…</p>}
              {scenarios.data && (
                <label className="mb-2 flex items-center gap-2 text-sm">
                  <span className="sr-only">Search scenarios</span>
                  <input
                    type="search"
                    aria-label="Search scenarios"
                    className={`${inputClass} w-full`}
                    placeholder={`Search ${scenarios.data.length} scenarios (pdb, preStop, taint…)`}
                    value={scenarioQuery}
                    onChange={(e) => setScenarioQuery(e.target.value)}
                  />
                </label>
              )}
              {scenarios.data && groups.length === 0 && (
                <p className="text-sm text-slate-500 dark:text-slate-400">No scenario matches “{scenarioQuery}”.</p>
              )}
              <ul ref={scenarioList} aria-label="Scenarios" className="relative flex max-h-[34rem] flex-col gap-1 overflow-y-auto pr-1">
                {groups.map((g) => (
                  <li key={g.topic} role="group" aria-label={g.topic} data-topic={g.topic}>
                    <h3 className="sticky top-0 z-10 bg-white/95 px-1 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900/95 dark:text-slate-400">
                      {g.topic} <span className="font-normal">({g.scenarios.length})</span>
                    </h3>
                    <ul className="flex flex-col gap-1">
                      {g.scenarios.map((s) => (
                        <li key={s.name}>
                          <button
                            type="button"
                            onClick={() => pickScenario(s)}
                            aria-pressed={s.name === scenarioName}
                            data-scenario={s.name}
                            className={`w-full rounded-md px-3 py-2 text-left ${s.name === scenarioName ? "bg-blue-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                          >
                            <span className="block font-mono text-sm font-medium">{s.name}</span>
                            <span
                              className={`block text-xs ${s.name === scenarioName ? "text-blue-100" : "text-slate-500 dark:text-slate-400"}`}
                            >
                              {s.description[0]}
                            </span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}
          {from === "snapshot" && (
            <div className="flex flex-col gap-2 text-sm">
              <p>Paste or upload what this writes (a v1 List, several YAML documents, or JSON):</p>
              <pre className="overflow-x-auto rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800">
                kubectl get nodes,pods,pdb,deploy,rs,ds,sts,jobs \{"\n"} -A -o yaml &gt; cluster.yaml
              </pre>
              <p>Objects missing from it are missing from the rehearsal&apos;s cluster.</p>
              <p className="text-xs text-slate-500 dark:text-slate-400">
                A rehearsal saved with a board&apos;s JSON button (or <code>podscope drain -o json</code>) opens here too, as it was.
              </p>
              <label className={`${buttonClass} w-fit cursor-pointer`}>
                Upload a file…
                <input
                  type="file"
                  accept=".yaml,.yml,.json,text/yaml,application/json"
                  className="sr-only"
                  onChange={onFile}
                  aria-label="Upload a snapshot file"
                />
              </label>
              {fileError && (
                <p role="alert" className="text-red-700 dark:text-red-400">
                  {fileError}
                </p>
              )}
              <p className="text-xs text-slate-500 dark:text-slate-400">
                The text stays in this browser tab; a link to this page carries the nodes and flags, not the snapshot.
              </p>
            </div>
          )}
          {from === "source" && (
            <div className="flex flex-col gap-2 text-sm">
              <label className="flex flex-col gap-1">
                <span>Source (the same as the header&apos;s menu)</span>
                <select aria-label="Drain source" className={inputClass} value={sourceId} onChange={(e) => pickSource(e.target.value)}>
                  {!sourceId && <option value="">pick a source</option>}
                  {sources.data
                    ?.filter((s) => s.capabilities.isLive || s.kind === "snapshot")
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({s.kind}){s.available ? "" : " — unavailable"}
                      </option>
                    ))}
                </select>
              </label>
              <p>
                The rehearsal reads the source&apos;s Nodes, Pods, PDBs and controllers{" "}
                {sourceInfo?.takenAt ? `as they were when it was taken (${sourceInfo.takenAt})` : "as they are now"}, and changes nothing.
              </p>
              {sourceInfo && !sourceInfo.capabilities.canEvict && (
                <p className="text-slate-500 dark:text-slate-400">
                  “{sourceInfo.name}” cannot evict pods: checking with the server and draining for real need a Kubernetes context (kube:…).
                </p>
              )}
              {liveNodes.error ? <ErrorNote error={liveNodes.error} action="Listing nodes" /> : null}
            </div>
          )}
        </Panel>

        <div className="flex min-w-0 flex-col gap-4">
          <Panel
            title={
              from === "scenario"
                ? scenario
                  ? `Scenario ${scenario.name}`
                  : "Pick a scenario"
                : from === "snapshot"
                  ? "Snapshot"
                  : `Source ${sourceInfo?.name ?? sourceId}`
            }
            actions={
              <>
                {current && (
                  <button type="button" className={buttonClass} onClick={() => setPinned(current)} disabled={pinned?.id === current.id}>
                    {pinned?.id === current.id ? `Run #${current.id} pinned` : `Pin run #${current.id}`}
                  </button>
                )}
                {pinned && (
                  <button type="button" className={buttonClass} onClick={() => setPinned(null)}>
                    Unpin #{pinned.id}
                  </button>
                )}
                <button type="button" className={primaryButtonClass} onClick={() => void run()} disabled={busy || !ready}>
                  {busy ? "Running…" : "Run rehearsal"}
                </button>
              </>
            }
          >
            {scenario && from === "scenario" && (
              <div className="mb-3 space-y-1 text-sm" data-testid="scenario-description">
                {scenario.description.map((l, i) => (
                  <p key={i}>{l}</p>
                ))}
              </div>
            )}
            <fieldset className="mb-3">
              <legend className="mb-1 text-sm font-medium">
                Nodes to drain {form.nodes.length > 1 && <span className="font-normal text-slate-500">(in the order picked)</span>}
              </legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1" role="group" aria-label="Nodes">
                {nodeChoices.length === 0 && (
                  <span className="text-sm text-slate-500">
                    {from === "source"
                      ? liveNodes.isLoading
                        ? "loading nodes…"
                        : "this source lists no nodes"
                      : "no Nodes in the YAML yet"}
                  </span>
                )}
                {nodeChoices.map((n) => (
                  <label key={n} className="flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      checked={form.nodes.includes(n)}
                      onChange={(e) => toggleNode(n, e.target.checked)}
                      aria-label={`node ${n}`}
                    />
                    <span className="font-mono">{n}</span>
                    {!knownNodes.includes(n) && <span className="text-xs text-amber-700 dark:text-amber-400">(not in this cluster)</span>}
                  </label>
                ))}
              </div>
              {errs.nodes && nodeChoices.length > 0 && <p className="mt-1 text-xs text-slate-500">{errs.nodes}</p>}
            </fieldset>
            <FlagFields form={form} errors={errs} set={set} />
            <p
              className="mb-3 overflow-x-auto whitespace-nowrap rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800"
              data-testid="command-line"
            >
              {commandLine(form)}
            </p>

            {from !== "source" && (
              <details open={from === "snapshot" || edited || !!shownError} className="mb-2">
                <summary className="cursor-pointer select-none text-sm font-medium">
                  Cluster YAML{" "}
                  {edited && (
                    <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                      edited
                    </span>
                  )}
                  <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">
                    — change a PDB, replicas or resources, then run again
                  </span>
                </summary>
                <div className="mt-2 flex flex-col gap-2">
                  {edited && scenario && (
                    <button type="button" className={`${buttonClass} w-fit`} onClick={() => setYaml(scenario.yaml)}>
                      Back to the scenario&apos;s YAML
                    </button>
                  )}
                  <YamlEditor
                    ref={editor}
                    value={yaml}
                    onChange={setYaml}
                    errorLine={shownError?.line ?? null}
                    label="Cluster YAML"
                    rows={18}
                  />
                </div>
              </details>
            )}
            {shownError ? (
              <div
                role="alert"
                data-testid="drain-yaml-error"
                data-from={shownError.from}
                className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
              >
                <button
                  type="button"
                  className="font-mono underline"
                  onClick={() => editor.current?.goTo(shownError.line, shownError.column)}
                >
                  line {shownError.line}, column {shownError.column}
                </button>
                : {shownError.message}
              </div>
            ) : runError ? (
              <ErrorNote error={runError} action="Rehearsal" />
            ) : null}
          </Panel>
        </div>
      </div>

      {comparing && (
        <div className="-mb-2 flex items-center gap-2 text-sm" role="group" aria-label="Compare layout">
          <span className="text-slate-500 dark:text-slate-400">Pinned run</span>
          <button
            type="button"
            className={`${buttonClass} aria-pressed:border-blue-600 aria-pressed:bg-blue-600 aria-pressed:text-white`}
            aria-pressed={!beside}
            onClick={() => setBeside(false)}
          >
            below
          </button>
          <button
            type="button"
            className={`${buttonClass} aria-pressed:border-blue-600 aria-pressed:bg-blue-600 aria-pressed:text-white`}
            aria-pressed={beside}
            onClick={() => setBeside(true)}
          >
            beside
          </button>
        </div>
      )}
      <div ref={boardsRef} className={beside && comparing ? "grid min-w-0 grid-cols-2 items-start gap-4" : "flex min-w-0 flex-col gap-4"}>
        {current && (
          <Panel title={`Run #${current.id}`} id="drain-current">
            <p className="mb-3 font-mono text-xs text-slate-600 dark:text-slate-400">
              {current.command} · {current.origin}
            </p>
            {Object.keys(current.output.ignored).length > 0 && (
              <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">
                Not used by the rehearsal:{" "}
                {Object.entries(current.output.ignored)
                  .map(([k, n]) => `${n} ${k}`)
                  .join(", ")}
                .
              </p>
            )}
            {pinned && pinned.id !== current.id && (
              <div className="mb-4">
                <RunCompare pinned={pinned} current={current} />
              </div>
            )}
            <Boards run={current} width={boardW} scaleEnd={sharedEnd} />
            {current.output.result.nodes.length > 1 && (
              <div className="mt-4 text-sm">
                <h3 className="font-semibold">Across all nodes</h3>
                <ul className="list-disc pl-5">
                  {current.output.result.findings.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </div>
            )}
          </Panel>
        )}
        {pinned && pinned.id !== current?.id && (
          <Panel title={`Pinned run #${pinned.id}`} id="drain-pinned">
            <p className="mb-3 font-mono text-xs text-slate-600 dark:text-slate-400">
              {pinned.command} · {pinned.origin}
            </p>
            <Boards run={pinned} width={boardW} scaleEnd={sharedEnd} />
          </Panel>
        )}
        {canLive && sourceId && (
          <Panel
            title="Live cluster"
            explain={
              <p>
                “Check with the server” sends a dry-run eviction for every pod and sets the server&apos;s answers beside the sequential
                simulation: where they differ, the reason is usually the budget decrement a dry-run never writes. “Drain for real” cordons
                the node and evicts exactly as kubectl does; Stop leaves it cordoned, and Uncordon makes it schedulable again.
              </p>
            }
          >
            {form.nodes.length === 0 && <p className="text-sm text-slate-500">Pick a node above.</p>}
            {liveFlags ? (
              form.nodes.map((n) => <LiveSection key={`${sourceId}/${n}`} source={sourceId} node={n} flags={liveFlags} />)
            ) : (
              <p className="text-sm text-amber-700 dark:text-amber-400">Fix the flags above first.</p>
            )}
          </Panel>
        )}
      </div>
    </div>
  );
}
