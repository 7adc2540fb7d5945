// The namespace matrix as lsns would group it: rows are processes (pause first, then each container),
// columns are namespace kinds, and every distinct inode gets a colour. Two cells with the same colour
// are the same kernel object — that is what "containers share the pod's network" means on the host.
// A namespace the pod shares with the host (PID 1's: user, time, cgroup on cgroup v1) is drawn apart as
// "host": pause does not hold it, the pod simply never left it.
import type { NamespaceType } from "@podscope/inspect";
import { NAMESPACE_KINDS, SANDBOX_CONTAINER, type NamespaceKind, type LsnsJson } from "../inspection";

/** colour: palette slot, or -1 for a namespace no other process of the pod is in (or unreadable, or the host's). */
export interface MatrixCell {
  inode: number | null;
  colour: number;
  sharedBy: number;
  host: boolean;
}
export interface MatrixRow {
  container: string;
  sandbox: boolean;
  pid: number;
  command: string;
  cells: Record<NamespaceType, MatrixCell>;
}
export interface MatrixGroup {
  container: string;
  sandbox: boolean;
  rows: MatrixRow[];
}
export interface MatrixModel {
  /** The columns: the pod model's seven, plus time when every process reports it (as `podscope lsns` prints it). */
  kinds: readonly NamespaceType[];
  groups: MatrixGroup[];
  colours: number;
  /** Kinds pause holds and every container joins (never a host namespace). */
  sharedKinds: NamespaceKind[];
  /** Kinds in which the sandbox is in the host's namespace. */
  hostKinds: NamespaceType[];
  /** Whether the server sent the host's namespaces; without them nothing can be called the host's. */
  hostKnown: boolean;
}

/** Colour slots for inodes; fill and text are readable on light and dark backgrounds. */
export const NAMESPACE_PALETTE = [
  "#93c5fd",
  "#86efac",
  "#fca5a5",
  "#fcd34d",
  "#c4b5fd",
  "#f9a8d4",
  "#5eead4",
  "#fdba74",
  "#a5b4fc",
  "#bef264",
  "#d8b4fe",
  "#67e8f9",
];

const isSandbox = (p: LsnsJson["processes"][number]) => p.container === SANDBOX_CONTAINER;

export function buildMatrixModel(matrix: LsnsJson): MatrixModel {
  const procs = [...matrix.processes].sort(
    (a, b) => Number(isSandbox(b)) - Number(isSandbox(a)) || a.container.localeCompare(b.container) || a.pid - b.pid,
  );
  const kinds: readonly NamespaceType[] =
    procs.length > 0 && procs.every((p) => typeof p.namespaces.time === "number") ? [...NAMESPACE_KINDS, "time"] : NAMESPACE_KINDS;
  // Snapshots from before the host's namespaces were recorded have no such field.
  const host = matrix.hostNamespaces?.namespaces;
  const isHost = (k: NamespaceType, ino: number) => host?.[k] === ino;
  const count = new Map<number, number>();
  for (const p of procs)
    for (const k of kinds) {
      const ino = p.namespaces[k];
      if (typeof ino === "number") count.set(ino, (count.get(ino) ?? 0) + 1);
    }
  // Only namespaces held by more than one process get a colour; a private one stays neutral, so the
  // coloured cells are exactly the sharing. The host's namespaces get their own look instead.
  const colourOf = new Map<number, number>();
  for (const p of procs)
    for (const k of kinds) {
      const ino = p.namespaces[k];
      if (typeof ino === "number" && count.get(ino)! > 1 && !isHost(k, ino) && !colourOf.has(ino)) colourOf.set(ino, colourOf.size);
    }
  const groups: MatrixGroup[] = [];
  for (const p of procs) {
    let g = groups[groups.length - 1];
    if (!g || g.container !== p.container) groups.push((g = { container: p.container, sandbox: isSandbox(p), rows: [] }));
    const cells = {} as Record<NamespaceType, MatrixCell>;
    for (const k of kinds) {
      const ino = p.namespaces[k];
      cells[k] =
        typeof ino === "number"
          ? { inode: ino, colour: colourOf.get(ino) ?? -1, sharedBy: count.get(ino)!, host: isHost(k, ino) }
          : { inode: null, colour: -1, sharedBy: 0, host: false };
    }
    g.rows.push({ container: p.container, sandbox: isSandbox(p), pid: p.pid, command: p.command, cells });
  }
  // A kind is "shared" when every container's processes sit in the same namespace as the sandbox — and that
  // namespace is one the sandbox made, not the host's.
  const sandboxRow = groups.find((g) => g.sandbox)?.rows[0];
  const sharedKinds = sandboxRow
    ? NAMESPACE_KINDS.filter(
        (k) =>
          sandboxRow.cells[k].inode !== null &&
          !sandboxRow.cells[k].host &&
          groups.every((g) => g.rows.every((r) => r.cells[k].inode === sandboxRow.cells[k].inode)),
      )
    : [];
  const hostKinds = sandboxRow ? kinds.filter((k) => sandboxRow.cells[k].host) : [];
  return { kinds, groups, colours: colourOf.size, sharedKinds, hostKinds, hostKnown: !!host };
}

export const PRIVATE_COLOUR = "#e2e8f0";
/** The host's namespaces: a warm grey, apart from the palette and from the private grey. */
export const HOST_COLOUR = "#d6d3d1";
export const paletteColour = (i: number) => (i < 0 ? PRIVATE_COLOUR : NAMESPACE_PALETTE[i % NAMESPACE_PALETTE.length]);
export const cellColour = (c: MatrixCell) => (c.host ? HOST_COLOUR : paletteColour(c.colour));
