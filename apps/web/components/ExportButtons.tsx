"use client";
// PNG and SVG export of a view: the caller makes a standalone SVG (with title: pod, source, time
// range); PNG is that SVG drawn on a canvas at 2× for legible text on slides. Files are named like snapshots:
// the caller's parts (namespace, pod), the view, and when it was exported.
import { downloadBlob, downloadText, exportFileName, svgToPng } from "@podscope/ui";
import { useState } from "react";
import { buttonClass } from "./Panel";

export function ExportButtons({
  what,
  makeSvg,
  fileParts,
}: {
  what: string;
  makeSvg: () => string | Promise<string>;
  fileParts: string[];
}) {
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: "svg" | "png") => {
    setError(null);
    try {
      const svg = await makeSvg();
      const parts = [...fileParts, what, new Date().toISOString()];
      if (kind === "svg") downloadText(svg, exportFileName(parts, "svg"), "image/svg+xml");
      else downloadBlob(await svgToPng(svg, 2), exportFileName(parts, "png"));
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
    }
  };
  return (
    <span className="flex items-center gap-2">
      <button type="button" className={buttonClass} onClick={() => run("png")} aria-label={`Export ${what} as PNG`}>
        PNG
      </button>
      <button type="button" className={buttonClass} onClick={() => run("svg")} aria-label={`Export ${what} as SVG`}>
        SVG
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </span>
  );
}
