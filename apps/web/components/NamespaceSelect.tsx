"use client";
// The namespace filter's control: the same `?ns=` every list reads (lib/namespace-filter.ts), so choosing a namespace
// on one page keeps it on the next.
import { inputClass } from "@/components/Panel";
import { useNamespaceFilter } from "@/lib/namespace-filter";

export function NamespaceSelect({ namespaces }: { namespaces: string[] }) {
  const [ns, setNs] = useNamespaceFilter();
  const options = ns && !namespaces.includes(ns) ? [ns, ...namespaces] : namespaces;
  return (
    <label className="flex flex-col text-xs text-slate-500 dark:text-slate-400">
      Namespace
      <select value={ns} onChange={(e) => setNs(e.target.value)} aria-label="Namespace" className={inputClass}>
        <option value="">all</option>
        {options.map((n) => (
          <option key={n}>{n}</option>
        ))}
      </select>
    </label>
  );
}
