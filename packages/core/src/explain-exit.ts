// Exit codes and signals in plain words. A container's exit code is the only clue many crashes leave,
// and the 128+n convention (a process killed by signal n) is not something everyone has memorised.

/** Linux signal numbers (x86/arm generic) to names. */
const SIGNALS: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  3: "SIGQUIT",
  4: "SIGILL",
  5: "SIGTRAP",
  6: "SIGABRT",
  7: "SIGBUS",
  8: "SIGFPE",
  9: "SIGKILL",
  10: "SIGUSR1",
  11: "SIGSEGV",
  12: "SIGUSR2",
  13: "SIGPIPE",
  14: "SIGALRM",
  15: "SIGTERM",
  16: "SIGSTKFLT",
  17: "SIGCHLD",
  18: "SIGCONT",
  19: "SIGSTOP",
  20: "SIGTSTP",
  21: "SIGTTIN",
  22: "SIGTTOU",
  23: "SIGURG",
  24: "SIGXCPU",
  25: "SIGXFSZ",
  26: "SIGVTALRM",
  27: "SIGPROF",
  28: "SIGWINCH",
  29: "SIGIO",
  30: "SIGPWR",
  31: "SIGSYS",
};

export function signalName(signal: number): string | undefined {
  return SIGNALS[signal];
}

export interface ExitCodeExplanation {
  exitCode: number;
  /** The signal that killed the process, when the code (128+n) or the status says so. */
  signal?: number;
  signalName?: string;
  /** A short label: "success", "SIGKILL", "command not found" … */
  summary: string;
  /** One or two sentences for the explanation panel. */
  meaning: string;
}

const SIGNAL_MEANINGS: Record<number, string> = {
  2: "interrupted (Ctrl-C style).",
  6: "the process aborted itself (abort(), failed assertion or a runtime panic in some languages).",
  7: "bus error: a bad memory access, often a truncated memory-mapped file.",
  8: "arithmetic error such as an integer division by zero.",
  13: "it wrote to a pipe or socket nobody was reading.",
};

/**
 * Explain an exit code. `reason` is the container's terminated reason (e.g. OOMKilled) and `signal` the
 * terminated.signal field when the runtime reported one; both sharpen the explanation of 137.
 */
export function explainExitCode(exitCode: number, reason?: string, signal?: number): ExitCodeExplanation {
  const sig = signal && signal > 0 ? signal : exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : undefined;
  const name = sig !== undefined ? signalName(sig) : undefined;
  const base = { exitCode, ...(sig !== undefined ? { signal: sig } : {}), ...(name ? { signalName: name } : {}) };
  if (reason === "OOMKilled") {
    return {
      ...base,
      summary: "OOM-killed",
      meaning: "The kernel's OOM killer stopped the container (SIGKILL) because it used more memory than its cgroup limit allows.",
    };
  }
  switch (exitCode) {
    case 0:
      if (sig === undefined) return { ...base, summary: "success", meaning: "The process finished normally." };
      break;
    case 1:
      return { ...base, summary: "application error", meaning: "The program reported a general failure; its logs should say why." };
    case 2:
      return {
        ...base,
        summary: "usage error",
        meaning: "Often a shell or program refusing its arguments (misused builtin, bad flag); check command and args.",
      };
    case 126:
      return {
        ...base,
        summary: "not executable",
        meaning: "The command was found but could not be executed: missing execute permission, or not a binary for this architecture.",
      };
    case 127:
      return {
        ...base,
        summary: "command not found",
        meaning: "The command does not exist in the image (check command/args and the image's PATH).",
      };
    case 128:
      return {
        ...base,
        summary: "invalid exit",
        meaning: "The program called exit with a value outside 0–255, or the runtime could not start it.",
      };
    case 255:
      return {
        ...base,
        summary: "exit status out of range",
        meaning: "The program exited with -1 or an out-of-range value; its logs should say why.",
      };
  }
  if (sig === 9) {
    return {
      ...base,
      summary: "SIGKILL",
      meaning:
        "Killed with SIGKILL, which cannot be caught: the OOM killer, or kubelet at the end of the grace period after SIGTERM was ignored (also after a failed liveness probe).",
    };
  }
  if (sig === 15) {
    return {
      ...base,
      summary: "SIGTERM",
      meaning: "Stopped by SIGTERM: the normal way Kubernetes asks a container to shut down (deletion, eviction, failed liveness probe).",
    };
  }
  if (sig === 11) {
    return {
      ...base,
      summary: "SIGSEGV",
      meaning: "Segmentation fault: the program accessed memory it does not own — a bug in the program or a native library.",
    };
  }
  if (sig !== undefined) {
    const what = SIGNAL_MEANINGS[sig] ?? "the process was terminated by this signal.";
    return { ...base, summary: name ?? `signal ${sig}`, meaning: `Killed by ${name ?? `signal ${sig}`} (exit code 128+${sig}): ${what}` };
  }
  return {
    ...base,
    summary: "application-defined",
    meaning: `Exit code ${exitCode} is specific to the program; its documentation or logs say what it means.`,
  };
}
