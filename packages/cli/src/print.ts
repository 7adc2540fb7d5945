// Output helpers: kubectl-style aligned tables, and JSON/YAML that go to stdout alone.
import { stringify } from "yaml";

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] + 3)))
      .join("")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}

export function out(s: string): void {
  process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
}

export function err(s: string): void {
  process.stderr.write(s.endsWith("\n") ? s : `${s}\n`);
}

export function asJson(v: unknown): string {
  return JSON.stringify(v, null, 2) + "\n";
}

export function asYaml(v: unknown): string {
  return stringify(v, { lineWidth: 0 });
}
