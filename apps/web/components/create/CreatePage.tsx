"use client";
// Create a pod: a YAML editor with the server's validation errors inline (line and column), and the
// teaching gallery. The chosen example is in the URL (?example=), so a teacher can share the link.
import type { RouterOutputs } from "@podscope/api";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel, primaryButtonClass } from "@/components/Panel";
import { toUserError } from "@/lib/errors";
import { GALLERY } from "@/lib/gallery";
import { useSource } from "@/lib/sources";
import { useChangeRight } from "@/lib/token";
import { useTRPC } from "@/lib/trpc";
import { useUrlParam, withSource } from "@/lib/url-state";
import { YamlEditor, type YamlEditorHandle } from "./YamlEditor";

export function CreatePage() {
  const { id: source, info } = useSource();
  const router = useRouter();
  const [exampleId, setExampleId] = useUrlParam("example", GALLERY[0].id);
  const example = GALLERY.find((g) => g.id === exampleId) ?? GALLERY[0];
  const [yaml, setYaml] = useState(example.yaml);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<RouterOutputs["pods"]["create"] | null>(null);
  const trpc = useTRPC();
  const apply = useMutation(trpc.pods.create.mutationOptions());
  const editor = useRef<YamlEditorHandle>(null);
  // Picking an example replaces the editor's text right away; the URL (?example=) follows for permalinks.
  const pick = (id: string) => {
    const g = GALLERY.find((x) => x.id === id) ?? GALLERY[0];
    setYaml(g.yaml);
    setError(null);
    setResult(null);
    setExampleId(g.id);
  };

  const err = error ? toUserError(error) : null;
  const canRun = !!info?.capabilities.canRunPods;
  // Without a token the server accepts, Create would be refused: the button is disabled and says why.
  const right = useChangeRight();

  const create = async () => {
    if (!source) return;
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      const r = await apply.mutateAsync({ source, yaml });
      setResult(r);
      if (r.created.length === 1 && r.warnings.length === 0) {
        const p = r.created[0];
        router.push(withSource(`/pods/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`, source));
      }
    } catch (e) {
      setError(e);
      const u = toUserError(e);
      if (u.line) editor.current?.goTo(u.line, u.column ?? 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Create a pod</h1>
      <div className="grid gap-4 lg:grid-cols-[22rem_1fr]">
        <Panel
          title="Gallery"
          explain={
            <p>
              Each example is a small pod that shows one part of how pods behave, on a real node. Pick one, read it, then <b>Create</b> and
              watch its lifecycle timeline. All of them use only <code>busybox</code>.
            </p>
          }
        >
          <ul className="flex flex-col gap-1" aria-label="Examples">
            {GALLERY.map((g) => (
              <li key={g.id}>
                <button
                  type="button"
                  onClick={() => pick(g.id)}
                  aria-pressed={g.id === example.id}
                  className={`w-full rounded-md px-3 py-2 text-left ${g.id === example.id ? "bg-blue-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                >
                  <span className="block font-medium">{g.title}</span>
                  <span className={`block text-xs ${g.id === example.id ? "text-blue-100" : "text-slate-500 dark:text-slate-400"}`}>
                    {g.teaches}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel
          title={`Pod YAML — ${example.title}`}
          actions={
            <button
              type="button"
              className={primaryButtonClass}
              onClick={create}
              disabled={busy || !source || !canRun || !right.allowed}
              title={right.reason}
            >
              {busy ? "Creating…" : "Create"}
            </button>
          }
        >
          {right.reason && (
            <p className="mb-2 text-sm text-amber-800 dark:text-amber-300" data-testid="change-refused">
              {right.reason}
            </p>
          )}
          {info && !canRun && (
            <p className="mb-2 text-sm text-amber-700 dark:text-amber-400">
              The source “{info.name}” cannot run pods. Pick the local node in the source menu.
            </p>
          )}
          <YamlEditor ref={editor} value={yaml} onChange={setYaml} errorLine={err?.line ?? null} />
          {err && (
            <div className="mt-2" data-testid="create-error">
              {err.line ? (
                <div
                  role="alert"
                  className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
                >
                  <button type="button" className="font-mono underline" onClick={() => editor.current?.goTo(err.line!, err.column ?? 1)}>
                    line {err.line}
                    {err.column ? `, column ${err.column}` : ""}
                  </button>
                  : {err.title}
                </div>
              ) : (
                <ErrorNote error={error} action="Create" />
              )}
            </div>
          )}
          {result && (
            <div className="mt-2 text-sm" role="status">
              {result.created.map((p) => (
                <p key={p.namespace + p.name}>
                  pod/{p.name} created —{" "}
                  <a className="text-blue-700 underline dark:text-blue-300" href={withSource(`/pods/${p.namespace}/${p.name}`, source)}>
                    open
                  </a>
                </p>
              ))}
              {result.warnings.map((w) => (
                <p key={w} className="text-amber-700 dark:text-amber-400">
                  Warning: {w}
                </p>
              ))}
            </div>
          )}
        </Panel>
      </div>
    </div>
  );
}
