// Helpers for the standalone SVG exports (postmortem pictures): escaping, text width estimates and the
// title block every export carries (pod, source, time range), so a picture pasted into a document
// still says what it shows.

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string);
}

/** Rough width of monospace text at a font size; exports use monospace so the estimate holds. */
export const monoWidth = (text: string, fontSize: number) => text.length * fontSize * 0.6;

export interface ExportTitle {
  title: string;
  subtitle?: string;
}

export const EXPORT_FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace";

export function titleBlock(t: ExportTitle, x: number, y: number): { svg: string; height: number } {
  let svg = `<text x="${x}" y="${y + 20}" font-family="${EXPORT_FONT}" font-size="18" font-weight="bold" fill="#0f172a">${escapeXml(t.title)}</text>`;
  let height = 30;
  if (t.subtitle) {
    svg += `<text x="${x}" y="${y + 42}" font-family="${EXPORT_FONT}" font-size="13" fill="#475569">${escapeXml(t.subtitle)}</text>`;
    height += 20;
  }
  return { svg, height: height + 10 };
}

export function svgDocument(width: number, height: number, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}
