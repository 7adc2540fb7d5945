// The YAML lines that differ between two runs, for the compare panel (a .ts module, so tests import it without JSX).

/** Lines only in a / only in b, as a multiset difference: enough to show "minAvailable: 2" → "minAvailable: 1". */
export function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
  const count = new Map<string, number>();
  for (const l of a.split("\n")) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of b.split("\n")) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added.push(l);
  }
  const removed = [...count.entries()].flatMap(([l, n]) => Array<string>(n).fill(l));
  const keep = (l: string) => l.trim() !== "" && !l.trim().startsWith("#");
  return { removed: removed.filter(keep), added: added.filter(keep) };
}
