// Standalone SVG of the cgroup tree (export): fully expanded, systemd-cgls layout, with resource
// summaries at the right of each cgroup line and processes listed under their cgroup.
import type { CgroupNode } from "../inspection";
import { EXPORT_FONT, escapeXml, monoWidth, svgDocument, titleBlock, type ExportTitle } from "../export/svg";
import { cgroupRole, cpuText, memoryFraction, memoryText, pidsText, visibleCgroupLines } from "./model";

export function cgroupTreeSvg(roots: CgroupNode[], title: ExportTitle): string {
  const fs = 13,
    lineH = 20,
    pad = 16;
  const head = titleBlock(title, pad, pad);
  let y = pad + head.height;
  let body = head.svg;
  let maxX = 0;
  const text = (x: number, s: string, fill = "#0f172a", weight = "normal") => {
    body += `<text x="${x}" y="${y + 14}" font-family="${EXPORT_FONT}" font-size="${fs}" font-weight="${weight}" fill="${fill}" xml:space="preserve">${escapeXml(s)}</text>`;
    maxX = Math.max(maxX, x + monoWidth(s, fs));
  };
  for (const line of visibleCgroupLines(roots, new Set())) {
    const n = line.node;
    const label = `${line.prefix}${n.name}`;
    text(pad, label, "#0f172a", n.kind === "pod" || n.kind === "sandbox" ? "bold" : "normal");
    const role = cgroupRole(n);
    let x = pad + monoWidth(label, fs) + 12;
    if (role) {
      text(x, role, "#2563eb");
      x += monoWidth(role, fs) + 12;
    }
    const stats = [n.memory ? `mem ${memoryText(n.memory)}` : "", n.cpu ? cpuText(n.cpu) : "", n.pids ? pidsText(n.pids) : ""]
      .filter(Boolean)
      .join(" · ");
    if (stats) {
      const frac = memoryFraction(n.memory);
      if (frac !== null) {
        body += `<rect x="${x}" y="${y + 4}" width="60" height="10" fill="#e2e8f0"/><rect x="${x}" y="${y + 4}" width="${(60 * frac).toFixed(1)}" height="10" fill="${frac > 0.9 ? "#dc2626" : "#16a34a"}"/>`;
        x += 68;
      }
      text(x, stats, "#475569");
    }
    y += lineH;
    if (!line.collapsed) {
      const lead = line.prefix.replace(/├─/g, "│ ").replace(/└─/g, "  ");
      n.processes.forEach((p, i) => {
        const last = i === n.processes.length - 1 && n.children.length === 0;
        text(pad, `${lead}${last ? "└─" : "├─"}${p.pid} ${p.command}`, "#334155");
        y += lineH;
      });
    }
  }
  const width = Math.max(maxX + pad, monoWidth(title.title, 18) + 2 * pad, monoWidth(title.subtitle ?? "", 13) + 2 * pad);
  return svgDocument(width, y + pad, body);
}
