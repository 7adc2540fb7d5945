// Standalone SVG of the timeline for postmortems: the on-screen SVG gets its colours from CSS variables
// and a theme class, which a file opened elsewhere would not have. So we copy the *computed* styles of
// every element into inline attributes, drop the stylesheet and the invisible hit areas, and put a title
// block (pod, source, time range) above the picture. Browser-only (needs getComputedStyle).
import { escapeXml } from "../export/svg";

const PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "visibility",
] as const;

export interface TimelineExportTitle {
  title: string;
  /** e.g. "source: local node · 10:00:00 – 10:12:30 UTC" */
  subtitle?: string;
}

/**
 * Serialises a rendered timeline <svg> into a self-contained SVG document string with a title block.
 * `title` may be a plain string or { title, subtitle }.
 */
export function exportTimelineSvg(svg: SVGSVGElement, title: string | TimelineExportTitle): string {
  const t = typeof title === "string" ? { title } : title;
  const view = svg.ownerDocument.defaultView;
  if (!view) throw new Error("exportTimelineSvg: the SVG is not attached to a document");
  const width = Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute("height")) || svg.getBoundingClientRect().height;
  const clone = svg.cloneNode(true) as SVGSVGElement;

  // Walk the original and the clone in step: same tree, so the i-th element matches.
  const originals = [svg, ...Array.from(svg.querySelectorAll("*"))];
  const copies = [clone, ...Array.from(clone.querySelectorAll("*"))];
  const drop: Element[] = [];
  originals.forEach((orig, i) => {
    const copy = copies[i];
    const tag = orig.tagName.toLowerCase();
    if (tag === "style") {
      drop.push(copy);
      return;
    }
    if (orig.classList.contains("hit") || orig.classList.contains("hover-outline")) {
      drop.push(copy);
      return;
    }
    const cs = view.getComputedStyle(orig);
    const style: string[] = [];
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) style.push(`${p}:${v}`);
    }
    // Keep url(#pattern) fills as attributes: the computed value would be an absolute URL of this page.
    const fillAttr = orig.getAttribute("fill");
    const kept = fillAttr && fillAttr.startsWith("url(") ? style.filter((s) => !s.startsWith("fill:")) : style;
    copy.setAttribute("style", kept.join(";"));
    copy.removeAttribute("class");
    copy.removeAttribute("tabindex");
    copy.removeAttribute("data-hit");
  });
  for (const d of drop) d.remove();

  const bg = view.getComputedStyle(svg.querySelector(".bg") ?? svg).getPropertyValue("fill") || "#ffffff";
  const fg = view.getComputedStyle(svg.querySelector(".lane-label") ?? svg).getPropertyValue("fill") || "#0f172a";
  const muted = view.getComputedStyle(svg.querySelector(".axis-label") ?? svg).getPropertyValue("fill") || "#475569";
  const headH = t.subtitle ? 56 : 36;
  const font = "ui-sans-serif, system-ui, 'DejaVu Sans', sans-serif";
  const body = Array.from(clone.childNodes)
    .map((n) => new XMLSerializer().serializeToString(n))
    .join("");
  const head =
    `<rect width="${width}" height="${height + headH}" fill="${bg}"/>` +
    `<text x="12" y="24" font-family="${font}" font-size="16" font-weight="700" fill="${fg}">${escapeXml(t.title)}</text>` +
    (t.subtitle ? `<text x="12" y="44" font-family="${font}" font-size="12" fill="${muted}">${escapeXml(t.subtitle)}</text>` : "");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + headH}" viewBox="0 0 ${width} ${height + headH}">` +
    `<title>${escapeXml(t.title)}</title>${head}<g transform="translate(0,${headH})">${body}</g></svg>`
  );
}
