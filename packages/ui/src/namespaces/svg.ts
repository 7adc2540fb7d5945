// Standalone SVG of the namespace matrix (for PNG/SVG export): the same table as on screen, light theme.
import type { LsnsJson } from "../inspection";
import { EXPORT_FONT, escapeXml, monoWidth, svgDocument, titleBlock, type ExportTitle } from "../export/svg";
import { buildMatrixModel, cellColour } from "./model";

export function namespaceMatrixSvg(matrix: LsnsJson, title: ExportTitle): string {
  const model = buildMatrixModel(matrix);
  const fs = 13,
    rowH = 24,
    cellW = 110,
    pad = 16;
  const rows = model.groups.flatMap((g) => g.rows);
  const labelW = Math.max(220, ...rows.map((r) => monoWidth(`${r.sandbox ? "pause (sandbox)" : r.container}  ${r.pid}`, fs) + 16));
  const head = titleBlock(title, pad, pad);
  let y = pad + head.height;
  let body = head.svg;
  const x0 = pad + labelW;
  body += `<text x="${pad}" y="${y + 16}" font-family="${EXPORT_FONT}" font-size="${fs}" font-weight="bold" fill="#0f172a">container  pid</text>`;
  model.kinds.forEach((k, i) => {
    body += `<text x="${x0 + i * cellW + cellW / 2}" y="${y + 16}" text-anchor="middle" font-family="${EXPORT_FONT}" font-size="${fs}" font-weight="bold" fill="#0f172a">${k}</text>`;
  });
  y += rowH;
  for (const r of rows) {
    body += `<text x="${pad}" y="${y + 16}" font-family="${EXPORT_FONT}" font-size="${fs}" fill="#0f172a">${escapeXml(`${r.sandbox ? "pause (sandbox)" : r.container}  ${r.pid}`)}</text>`;
    model.kinds.forEach((k, i) => {
      const c = r.cells[k];
      const x = x0 + i * cellW;
      body += `<rect x="${x + 2}" y="${y + 2}" width="${cellW - 4}" height="${rowH - 4}" rx="3" fill="${c.inode === null ? "#f8fafc" : cellColour(c)}"/>`;
      body += `<text x="${x + cellW / 2}" y="${y + 16}" text-anchor="middle" font-family="${EXPORT_FONT}" font-size="${fs - 1}"${c.host ? ' font-style="italic"' : ""} fill="#0f172a">${c.inode === null ? "—" : c.host ? "host" : c.inode}</text>`;
    });
    y += rowH;
  }
  y += 8;
  const note = model.sharedKinds.length
    ? `held by the sandbox, shared by every container: ${model.sharedKinds.join(", ")}`
    : "no namespace is shared by all containers";
  const hostNote = !model.hostKnown
    ? "the host's namespaces were not reported"
    : model.hostKinds.length
      ? `the host's own (not the pod's): ${model.hostKinds.join(", ")}`
      : "none of the host's";
  body += `<text x="${pad}" y="${y + 14}" font-family="${EXPORT_FONT}" font-size="12" fill="#475569">${escapeXml(`${note} · ${hostNote}`)}</text>`;
  y += 18;
  body += `<text x="${pad}" y="${y + 14}" font-family="${EXPORT_FONT}" font-size="12" fill="#475569">${escapeXml("same colour = same namespace; grey = private to one process; host = the host's namespace (PID 1's)")}</text>`;
  y += 24;
  const width = Math.max(
    x0 + model.kinds.length * cellW + pad,
    monoWidth(title.title, 18) + 2 * pad,
    monoWidth(title.subtitle ?? "", 13) + 2 * pad,
  );
  return svgDocument(width, y + pad, body);
}
