"use client";
// The lives of one pod name: when a name was deleted and created again, each incarnation (UID) has
// its own page, named in the URL by ?uid=. Shown only when the source recorded more than one.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/lib/trpc";
import { withSource } from "@/lib/url-state";

export function Incarnations({
  source,
  namespace,
  name,
  uid,
}: {
  source: string;
  namespace: string;
  name: string;
  uid: string | undefined;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.pods.incarnations.queryOptions({ source, namespace, name }, { refetchInterval: 5_000 }));
  const all = q.data ?? [];
  if (all.length < 2) return null;
  const fmt = (t: string) => new Date(t).toLocaleTimeString();
  return (
    <nav aria-label="Incarnations of this name" className="flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
      <span>{all.length} pods have had this name:</span>
      {all.map((i) => {
        const current = i.uid === uid;
        const href = withSource(
          `/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?uid=${encodeURIComponent(i.uid)}`,
          source,
        );
        return (
          <Link
            key={i.uid}
            href={href}
            aria-current={current ? "page" : undefined}
            title={`UID ${i.uid}`}
            className={`rounded border px-2 py-0.5 ${current ? "border-blue-500 bg-blue-50 dark:bg-blue-950" : "border-slate-300 hover:border-blue-400 dark:border-slate-700"} ${i.deletedAt ? "text-slate-500" : ""}`}
          >
            {fmt(i.createdAt)}
            {i.deletedAt ? ` – deleted ${fmt(i.deletedAt)}` : " – live"}
          </Link>
        );
      })}
    </nav>
  );
}
