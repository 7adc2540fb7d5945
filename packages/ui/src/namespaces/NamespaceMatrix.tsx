"use client";
// Namespace matrix (like lsns): rows = processes grouped by container, columns = namespace kinds;
// equal inodes share a colour so what the containers share with pause shows at a glance, and the host's
// own namespaces read "host" so they are not mistaken for the sandbox's.
import { Fragment, useMemo } from "react";
import type { LsnsJson as Matrix } from "../inspection";
import { buildMatrixModel, cellColour } from "./model";

export interface NamespaceMatrixProps {
  matrix: Matrix;
  /** Highlight one namespace inode (hover), e.g. from a click in another view. */
  highlightInode?: number | null;
  onHoverInode?: (inode: number | null) => void;
}

export function NamespaceMatrix({ matrix, highlightInode, onHoverInode }: NamespaceMatrixProps) {
  const model = useMemo(() => buildMatrixModel(matrix), [matrix]);
  if (model.groups.length === 0) return <p className="text-sm text-slate-500">No processes found for this pod on the node.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-separate border-spacing-1 font-mono text-sm" aria-label="Namespace matrix">
        <thead>
          <tr>
            <th scope="col" className="px-2 text-left font-sans">
              Process
            </th>
            {model.kinds.map((k) => (
              <th key={k} scope="col" className="px-2 text-center font-sans">
                {k}
                {(model.sharedKinds as readonly string[]).includes(k) && (
                  <span
                    data-chip="shared"
                    className="ml-1 text-xs font-normal text-emerald-700 dark:text-emerald-400"
                    title="pause holds this namespace and every container joins it"
                  >
                    shared
                  </span>
                )}
                {model.hostKinds.includes(k) && (
                  <span
                    data-chip="host"
                    className="ml-1 text-xs font-normal text-stone-600 dark:text-stone-400"
                    title="the pod is in the host's own namespace here (the same as PID 1's); pause does not hold it"
                  >
                    host
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.groups.map((g) => (
            <Fragment key={g.container}>
              <tr>
                <th
                  colSpan={model.kinds.length + 1}
                  scope="rowgroup"
                  className="pt-2 text-left font-sans text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400"
                >
                  {g.sandbox ? "pause — the sandbox (infra container)" : `container ${g.container}`}
                </th>
              </tr>
              {g.rows.map((r) => (
                <tr key={r.pid} data-container={r.container}>
                  <th scope="row" className="max-w-80 truncate px-2 text-left font-normal" title={r.command}>
                    <span className="font-semibold">{r.pid}</span> <span className="text-slate-500 dark:text-slate-400">{r.command}</span>
                  </th>
                  {model.kinds.map((k) => {
                    const c = r.cells[k];
                    const dim = highlightInode != null && c.inode !== highlightInode;
                    return (
                      <td
                        key={k}
                        data-ns={k}
                        data-inode={c.inode ?? ""}
                        onMouseEnter={() => onHoverInode?.(c.inode)}
                        onMouseLeave={() => onHoverInode?.(null)}
                        title={
                          c.inode === null
                            ? "not readable"
                            : `${k}:[${c.inode}] — ${c.host ? "the host's own namespace (PID 1's), " : ""}${c.sharedBy} process${c.sharedBy === 1 ? "" : "es"} of the pod here`
                        }
                        data-shared={c.colour >= 0 ? "true" : "false"}
                        data-host={c.host ? "true" : "false"}
                        className={`rounded px-2 py-1 text-center ${c.host ? "text-stone-800 italic" : c.colour >= 0 ? "font-semibold text-slate-900" : "text-slate-500 dark:bg-slate-800! dark:text-slate-400"} ${dim ? "opacity-30" : ""}`}
                        style={{ backgroundColor: c.inode === null ? undefined : cellColour(c) }}
                      >
                        {c.inode === null ? "—" : c.host ? "host" : c.inode}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        Same colour = the same namespace (same inode). Grey = a namespace only that process is in.{" "}
        {model.hostKnown ? (
          <>host = the host&apos;s own namespace (PID 1&apos;s): the pod never left it, pause does not hold it.</>
        ) : (
          "The host's namespaces were not reported, so none is marked as the host's."
        )}
      </p>
    </div>
  );
}
