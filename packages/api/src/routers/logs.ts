import { SINCE_BOTH_MESSAGE } from "@podscope/core";
import { z } from "zod";
import { requireCapability } from "../capabilities";
import type { LogOptions, Source } from "../source";
import { publicProcedure, router } from "../trpc";
import { podRef } from "./input";

const logInput = podRef
  .extend({
    container: z.string().optional(),
    previous: z.boolean().optional(),
    tailLines: z.number().int().positive().optional(),
    // kubectl logs --since (whole seconds, > 0) or --since-time (RFC 3339), never both: the API server's rules.
    sinceSeconds: z.number().int().positive().optional(),
    sinceTime: z
      .string()
      .refine((t) => !Number.isNaN(Date.parse(t)), { message: "sinceTime: not an RFC 3339 time" })
      .optional(),
  })
  .refine((o) => o.sinceSeconds === undefined || o.sinceTime === undefined, { message: SINCE_BOTH_MESSAGE });

/** A log line with its time and stream when the source knows them (the local node's CRI files do; a window file does not). */
export interface LogLine {
  time: string | null;
  stream: "stdout" | "stderr" | null;
  line: string;
}

/** The source's lines as LogLines: with their fields from logRecords where it has them, else plain. */
async function* logLines(src: Source, namespace: string, name: string, opts: LogOptions): AsyncIterable<LogLine> {
  if (src.logRecords) {
    yield* src.logRecords(namespace, name, opts);
    return;
  }
  const logs = requireCapability(src, "logs");
  for await (const line of logs(namespace, name, opts)) yield { time: null, stream: null, line };
}

export const logsRouter = router({
  /** The lines as one text, as `kubectl logs` prints them. */
  get: publicProcedure.input(logInput).query(async ({ ctx, input }) => {
    const logs = requireCapability(await ctx.registry.get(input.source), "logs");
    const lines: string[] = [];
    for await (const l of logs(input.namespace, input.name, {
      container: input.container,
      previous: input.previous,
      tailLines: input.tailLines,
      sinceSeconds: input.sinceSeconds,
      sinceTime: input.sinceTime,
    }))
      lines.push(l);
    return lines.join("\n");
  }),
  /** The lines with their time and stream (null where the source does not know them). */
  lines: publicProcedure.input(logInput).query(async ({ ctx, input }) => {
    const out: LogLine[] = [];
    for await (const l of logLines(await ctx.registry.get(input.source), input.namespace, input.name, {
      container: input.container,
      previous: input.previous,
      tailLines: input.tailLines,
      sinceSeconds: input.sinceSeconds,
      sinceTime: input.sinceTime,
    }))
      out.push(l);
    return out;
  }),
  /** Following: each line as it is written (`line` as before, with its time and stream when known). */
  follow: publicProcedure.input(logInput).subscription(async function* ({ ctx, input, signal }) {
    yield* logLines(await ctx.registry.get(input.source), input.namespace, input.name, {
      container: input.container,
      follow: true,
      tailLines: input.tailLines,
      sinceSeconds: input.sinceSeconds,
      sinceTime: input.sinceTime,
      signal,
    });
  }),
  /**
   * The container that wrote the newest line (the one a viewer opens first), by each container's last line's time;
   * null when the source keeps no times or no container has logged yet.
   */
  latest: publicProcedure.input(podRef).query(async ({ ctx, input }) => {
    const src = await ctx.registry.get(input.source);
    if (!src.logRecords) return { container: null };
    const pod = await src.getPod(input.namespace, input.name);
    let best: { container: string; time: string } | null = null;
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      try {
        for await (const l of src.logRecords(input.namespace, input.name, { container: c.name, tailLines: 1 })) {
          if (!best || Date.parse(l.time) > Date.parse(best.time)) best = { container: c.name, time: l.time };
        }
      } catch {
        // A container that has not started has no log yet: it cannot be the one that logged last.
      }
    }
    return { container: best?.container ?? null };
  }),
});
