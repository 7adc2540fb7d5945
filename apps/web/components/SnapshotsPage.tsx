"use client";
// Opening a snapshot file: the server turns it into a read-only source; we then show its pod with
// the same pod page as a live one (frozen at the moment it was taken).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { Panel } from "@/components/Panel";
import { readToken, TOKEN_NEEDED } from "@/lib/token";
import { useTRPC } from "@/lib/trpc";
import { withSource } from "@/lib/url-state";

export function SnapshotsPage() {
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const trpc = useTRPC();
  const openSnapshot = useMutation(trpc.sources.openSnapshot.mutationOptions());

  const open = async (file: File) => {
    setError(null);
    if (!readToken()) { setError({ message: TOKEN_NEEDED, data: { code: "UNAUTHORIZED" } }); return; }
    setBusy(true);
    try {
      const text = await file.text();
      let ns = "default", name = "", takenAt = "";
      try {
        const j = JSON.parse(text);
        ns = j?.pod?.metadata?.namespace ?? "default";
        name = j?.pod?.metadata?.name ?? "";
        takenAt = typeof j?.takenAt === "string" ? j.takenAt : "";
      } catch { /* the server says what is wrong with the file, in its words */ }
      const { source } = await openSnapshot.mutateAsync({ json: text });
      // ?at= freezes the pod page's clock at the moment the snapshot was taken.
      const at = takenAt ? `?at=${encodeURIComponent(takenAt)}` : "";
      router.push(name ? withSource(`/pods/${encodeURIComponent(ns)}/${encodeURIComponent(name)}${at}`, source) : withSource("/pods", source));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Snapshots</h1>
      <Panel title="Open a snapshot file" explain={<p>A snapshot is one JSON file with a pod, its recorded status history, its events and what the node showed about it (cgroups, namespaces, processes) — made with <b>Download snapshot</b> on a pod page. Opening it gives a read-only source: the timeline, conditions and inspection views work as they did when it was taken, long after the pod is gone. Useful for postmortems.</p>}>
        <label className="flex flex-col gap-2 text-sm">
          <span>Choose a <code>.podscope.json</code> file</span>
          <input type="file" accept=".json,application/json" aria-label="Snapshot file" disabled={busy}
            onChange={(e) => { const f = e.target.files?.[0]; if (f) void open(f); e.target.value = ""; }}
            className="text-sm file:mr-3 file:rounded-md file:border-0 file:bg-blue-600 file:px-3 file:py-1.5 file:font-semibold file:text-white" />
        </label>
        {busy && <p className="mt-2 text-sm text-slate-500">Opening…</p>}
        <div className="mt-2"><ErrorNote error={error} action="Opening the snapshot" /></div>
      </Panel>
    </div>
  );
}
