// The namespace matrix as lsns would group it: rows are processes (pause first, then each container),
// columns are namespace kinds, and every distinct inode gets a colour. Two cells with the same colour
// are the same kernel object — that is what "containers share the pod's network" means on the host.
import { NAMESPACE_KINDS, SANDBOX_CONTAINER, type NamespaceKind, type LsnsJson } from "../inspection";

/** colour: palette slot, or -1 for a namespace no other process of the pod is in (or unreadable). */
export interface MatrixCell { inode: number | null; colour: number; sharedBy: number }
export interface MatrixRow { container: string; sandbox: boolean; pid: number; command: string; cells: Record<NamespaceKind, MatrixCell> }
export interface MatrixGroup { container: string; sandbox: boolean; rows: MatrixRow[] }
export interface MatrixModel { kinds: readonly NamespaceKind[]; groups: MatrixGroup[]; colours: number; sharedKinds: NamespaceKind[] }

/** Colour slots for inodes; fill and text are readable on light and dark backgrounds. */
export const NAMESPACE_PALETTE = ["#93c5fd", "#86efac", "#fca5a5", "#fcd34d", "#c4b5fd", "#f9a8d4", "#5eead4", "#fdba74", "#a5b4fc", "#bef264", "#d8b4fe", "#67e8f9"];

const isSandbox = (p: LsnsJson["processes"][number]) => p.container === SANDBOX_CONTAINER;

export function buildMatrixModel(matrix: LsnsJson): MatrixModel {
  const procs = [...matrix.processes].sort((a, b) => Number(isSandbox(b)) - Number(isSandbox(a)) || a.container.localeCompare(b.container) || a.pid - b.pid);
  const count = new Map<number, number>();
  for (const p of procs) for (const k of NAMESPACE_KINDS) {
    const ino = p.namespaces[k];
    if (typeof ino === "number") count.set(ino, (count.get(ino) ?? 0) + 1);
  }
  // Only namespaces held by more than one process get a colour; a private one stays neutral, so the
  // coloured cells are exactly the sharing.
  const colourOf = new Map<number, number>();
  for (const p of procs) for (const k of NAMESPACE_KINDS) {
    const ino = p.namespaces[k];
    if (typeof ino === "number" && count.get(ino)! > 1 && !colourOf.has(ino)) colourOf.set(ino, colourOf.size);
  }
  const groups: MatrixGroup[] = [];
  for (const p of procs) {
    let g = groups[groups.length - 1];
    if (!g || g.container !== p.container) groups.push((g = { container: p.container, sandbox: isSandbox(p), rows: [] }));
    const cells = {} as Record<NamespaceKind, MatrixCell>;
    for (const k of NAMESPACE_KINDS) {
      const ino = p.namespaces[k];
      cells[k] = typeof ino === "number" ? { inode: ino, colour: colourOf.get(ino) ?? -1, sharedBy: count.get(ino)! } : { inode: null, colour: -1, sharedBy: 0 };
    }
    g.rows.push({ container: p.container, sandbox: isSandbox(p), pid: p.pid, command: p.command, cells });
  }
  // A kind is "shared" when every container's processes sit in the same namespace as the sandbox.
  const sandboxRow = groups.find((g) => g.sandbox)?.rows[0];
  const sharedKinds = sandboxRow
    ? NAMESPACE_KINDS.filter((k) => sandboxRow.cells[k].inode !== null && groups.every((g) => g.rows.every((r) => r.cells[k].inode === sandboxRow.cells[k].inode)))
    : [];
  return { kinds: NAMESPACE_KINDS, groups, colours: colourOf.size, sharedKinds };
}

export const PRIVATE_COLOUR = "#e2e8f0";
export const paletteColour = (i: number) => (i < 0 ? PRIVATE_COLOUR : NAMESPACE_PALETTE[i % NAMESPACE_PALETTE.length]);
