"use client";
// Delete with a grace period, behind a confirmation: the dialog says what will happen on the node
// (preStop, SIGTERM, SIGKILL after the grace period) before anything is sent.
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, type Pod } from "@podscope/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { buttonClass, dangerButtonClass, inputClass } from "@/components/Panel";
import { useChangeRight } from "@/lib/token";
import { useTRPC } from "@/lib/trpc";

/**
 * The dialog closes once the deletion is accepted — the pod carries its deletionTimestamp — not when
 * the pod is gone, so the termination (preStop, SIGTERM, grace, KILL) plays on the page behind it.
 */
export function DeleteDialog({ pod, source }: { pod: Pod; source: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const specGrace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  const [grace, setGrace] = useState(String(specGrace));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setGrace(String(specGrace)), [specGrace]);
  const trpc = useTRPC();
  const remove = useMutation(trpc.pods.delete.mutationOptions());
  const graceValid = /^\d+$/.test(grace.trim());
  // Without a token the server accepts, the delete would be refused: the button says so instead of failing.
  const right = useChangeRight();
  const accepted = busy && !!pod.metadata.deletionTimestamp;
  useEffect(() => {
    if (accepted) ref.current?.close();
  }, [accepted]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      // The local node answers when the pod is gone; a cluster as soon as it accepted: either way the dialog is closed by then.
      await remove.mutateAsync({
        source,
        namespace: pod.metadata.namespace ?? "default",
        name: pod.metadata.name ?? "",
        gracePeriodSeconds: Number(grace),
      });
      ref.current?.close();
    } catch (e) {
      setError(e);
      // Refused after the dialog closed (the pod already terminating): open it again to say why.
      if (!ref.current?.open) ref.current?.showModal();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={dangerButtonClass}
        onClick={() => ref.current?.showModal()}
        disabled={!right.allowed || !!pod.metadata.deletionTimestamp}
        title={right.reason ?? (pod.metadata.deletionTimestamp ? "Already terminating" : undefined)}
      >
        Delete…
      </button>
      <dialog
        ref={ref}
        aria-labelledby="delete-title"
        className="m-auto w-[32rem] max-w-[95vw] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id="delete-title" className="text-lg font-semibold">
          Delete pod {pod.metadata.namespace}/{pod.metadata.name}?
        </h2>
        <p className="mt-2 text-sm leading-relaxed">
          The pod gets a deletion timestamp; on the node each container&apos;s <b>preStop</b> hook runs, then <b>SIGTERM</b>; whatever is
          still running when the grace period ends gets <b>SIGKILL</b>. The preStop hook counts against the grace period.
        </p>
        <label className="mt-3 flex items-center gap-2 text-sm">
          Grace period (seconds)
          <input
            aria-label="Grace period in seconds"
            value={grace}
            onChange={(e) => setGrace(e.target.value)}
            className={`${inputClass} w-24`}
            inputMode="numeric"
            aria-invalid={!graceValid}
          />
          <span className="text-slate-500 dark:text-slate-400">pod spec: {specGrace}s; 0 = kill now</span>
        </label>
        {!graceValid && (
          <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
            The grace period is a whole number of seconds, 0 or more.
          </p>
        )}
        <div className="mt-3">
          <ErrorNote error={error} action="Delete" />
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonClass} onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="button" className={dangerButtonClass} onClick={confirm} disabled={busy || !graceValid}>
            {busy ? "Deleting…" : "Delete pod"}
          </button>
        </div>
      </dialog>
    </>
  );
}
