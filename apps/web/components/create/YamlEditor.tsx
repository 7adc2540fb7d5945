"use client";
// A plain textarea with a line-number gutter: enough for pod YAML, no editor bundle to ship. An error
// position from the server marks its line in the gutter and can put the caret right on it.
import { forwardRef, useImperativeHandle, useRef, type UIEvent } from "react";

export interface YamlEditorHandle {
  goTo(line: number, column?: number): void;
}

export interface YamlEditorProps {
  value: string;
  onChange: (v: string) => void;
  errorLine?: number | null;
  label?: string;
  rows?: number;
}

const LINE_H = 20; // px, shared by gutter and textarea so numbers stay aligned

export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(
  { value, onChange, errorLine, label = "Pod YAML", rows = 28 },
  ref,
) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split("\n").length;

  useImperativeHandle(
    ref,
    () => ({
      goTo(line, column = 1) {
        const el = area.current;
        if (!el) return;
        const lines = value.split("\n");
        let offset = 0;
        for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
        offset += Math.max(0, Math.min(column - 1, (lines[line - 1] ?? "").length));
        el.focus();
        el.setSelectionRange(offset, offset);
        el.scrollTop = Math.max(0, (line - 5) * LINE_H);
      },
    }),
    [value],
  );

  const onScroll = (e: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
  };

  return (
    <div
      className="flex overflow-hidden rounded-md border border-slate-300 bg-white font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
      style={{ height: rows * LINE_H + 16 }}
    >
      <div
        ref={gutter}
        aria-hidden
        className="select-none overflow-hidden bg-slate-100 py-2 text-right text-slate-400 dark:bg-slate-900 dark:text-slate-500"
      >
        {Array.from({ length: count }, (_, i) => (
          <div
            key={i}
            className={`px-2 ${errorLine === i + 1 ? "bg-red-500 font-bold text-white" : ""}`}
            style={{ height: LINE_H, lineHeight: `${LINE_H}px` }}
          >
            {i + 1}
          </div>
        ))}
        <div style={{ height: rows * LINE_H }} />
      </div>
      <textarea
        ref={area}
        aria-label={label}
        value={value}
        spellCheck={false}
        wrap="off"
        onScroll={onScroll}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Tab indents with two spaces (YAML forbids tab characters) instead of leaving the editor.
          if (e.key === "Tab" && !e.shiftKey) {
            e.preventDefault();
            const el = e.currentTarget;
            const { selectionStart: s, selectionEnd: t } = el;
            const next = value.slice(0, s) + "  " + value.slice(t);
            onChange(next);
            requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
          }
        }}
        className="flex-1 resize-none bg-transparent px-3 py-2 text-slate-900 outline-none dark:text-slate-100"
        style={{ lineHeight: `${LINE_H}px` }}
      />
    </div>
  );
});
