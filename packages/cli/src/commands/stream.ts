// What exec and attach share: asking the server for the streaming URL, then running the stream
// with this terminal — raw mode and resizes for -t, kubectl's notices and exit statuses.
import { Writable } from "node:stream";
import { runStreamSession, type StreamSessionOptions } from "@podscope/runtime";
import type { Api } from "../client";
import { parse, sourceOf, UsageError } from "../flags";
import { err } from "../print";

/** kubectl's flags for a stream into a container, as exec, attach and debug take them. */
const STREAM_OPTIONS = {
  container: { type: "string", short: "c" },
  stdin: { type: "boolean", short: "i" },
  tty: { type: "boolean", short: "t" },
  quiet: { type: "boolean", short: "q" },
} as const;

/**
 * POD and the stream flags (and a command's own, `extra`): the pod (a "pod/" or "pods/" prefix dropped) and where
 * it is, the container asked for, and -i, -t (as typed: effectiveTty decides), -q.
 */
export function parseStreamArgs<O extends Parameters<typeof parse>[1]>(flags: string[], noPod: string, extra?: O) {
  const { values, positionals } = parse(flags, { ...STREAM_OPTIONS, ...extra });
  const name = positionals[0]?.replace(/^pods?\//, "");
  if (!name) throw new UsageError(noPod);
  return {
    values,
    positionals,
    pod: {
      source: sourceOf(values),
      namespace: (values.namespace as string | undefined) ?? "default",
      name,
      container: values.container as string | undefined,
    },
    stdin: !!values.stdin,
    tty: !!values.tty,
    quiet: !!values.quiet,
  };
}

export interface StreamGrant {
  url: string;
  container: string;
  defaultedFrom?: string[];
}

/**
 * kubectl's SetupTTY: a terminal needs stdin (-t alone is dropped silently), and stdin must be
 * a terminal (else kubectl says so and goes on without one).
 */
export function effectiveTty(stdin: boolean, tty: boolean, quiet: boolean): boolean {
  if (!stdin || !tty) return false;
  if (process.stdin.isTTY) return true;
  if (!quiet) err("Unable to use a TTY - input is not a terminal or the right kind of file");
  return false;
}

/** Runs the stream on the granted URL with this process's stdio; returns kubectl's exit status. */
export async function runGrant(
  grant: StreamGrant,
  o: {
    stdin: boolean;
    tty: boolean;
    quiet: boolean;
    /**
     * Looks at a session that failed or printed nothing (debug: the container ended before the attach reached
     * it — show its logs instead); a number is the exit status instead, undefined lets the session's own stand.
     */
    afterSilence?: (o: { error?: string }) => Promise<number | undefined>;
  },
): Promise<number> {
  if (grant.defaultedFrom && !o.quiet) err(`Defaulted container "${grant.container}" out of: ${grant.defaultedFrom.join(", ")}`);
  let printed = false;
  const stdout = o.afterSilence
    ? new Writable({
        write(chunk: Buffer, _enc, done) {
          printed ||= chunk.length > 0;
          process.stdout.write(chunk, () => done());
        },
      })
    : process.stdout;
  const session: StreamSessionOptions = { stdout, stderr: o.tty ? undefined : process.stderr, tty: o.tty };
  if (o.stdin) session.stdin = process.stdin;
  let restore: (() => void) | undefined;
  if (o.tty) {
    process.stdin.setRawMode(true);
    restore = () => process.stdin.setRawMode(false);
    session.size = { cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
    session.onResize = (send) => {
      const onResize = () => send(process.stdout.columns, process.stdout.rows);
      process.stdout.on("resize", onResize);
      return () => process.stdout.off("resize", onResize);
    };
  }
  try {
    let outcome;
    try {
      ({ outcome } = await runStreamSession(grant.url, session));
    } catch (e) {
      // A connection reset by a runtime whose container just ended is the same silence.
      const instead = printed ? undefined : await o.afterSilence?.({ error: String(e) });
      if (instead !== undefined) return instead;
      throw e;
    }
    if ("error" in outcome || !printed) {
      const instead = await o.afterSilence?.("error" in outcome ? { error: outcome.error } : {});
      if (instead !== undefined) return instead;
    }
    if ("error" in outcome) {
      err(`error: ${outcome.error}`);
      return 1;
    }
    // kubectl's uexec.CodeExitError: the command's status, and a line saying so.
    if (outcome.exitCode !== 0) err(`command terminated with exit code ${outcome.exitCode}`);
    return outcome.exitCode;
  } finally {
    restore?.();
    // stdin was only read for the stream; let the process end.
    process.stdin.pause();
    process.stdin.unref?.();
  }
}

export type { Api };
