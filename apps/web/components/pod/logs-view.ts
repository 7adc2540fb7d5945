// The logs viewer's pure parts: how many lines it asks for, which container it opens on, the text it exports.
import type { Pod } from "@podscope/core";

/** Lines asked for with and without follow: the same, so switching follow on keeps what is on screen. */
export const TAIL_LINES = 500;

/**
 * The container the viewer shows: the one the URL names, else the one that logged last (the server's answer),
 * else — once that answer is in, or where the source keeps no times — the first regular container. "" while waiting.
 */
export function defaultLogContainer(pod: Pod, chosen: string, latest: string | null, waiting: boolean): string {
  const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.name);
  if (chosen && names.includes(chosen)) return chosen;
  if (latest && names.includes(latest)) return latest;
  return waiting ? "" : (pod.spec.containers[0]?.name ?? names[0] ?? "");
}

/** The exported text: one line each, with the time first when shown, and stderr lines marked as kubectl cannot. */
export function logText(lines: { time: string | null; stream: "stdout" | "stderr" | null; line: string }[], timestamps: boolean): string {
  return (
    lines.map((l) => `${timestamps && l.time ? `${l.time} ` : ""}${l.stream === "stderr" ? "[stderr] " : ""}${l.line}`).join("\n") +
    (lines.length ? "\n" : "")
  );
}
