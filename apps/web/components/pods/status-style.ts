// Colour of a STATUS word: green for healthy, amber for on-the-way, red for broken, grey for done.
export function statusTone(status: string): string {
  if (status === "Running") return "text-emerald-700 dark:text-emerald-400";
  if (status === "Completed" || status === "Succeeded") return "text-slate-500 dark:text-slate-400";
  if (status === "Terminating") return "text-violet-700 dark:text-violet-300";
  if (/BackOff|Err|Error|OOMKilled|Failed|Evicted|Invalid|ExitCode|Signal|Unknown|NotReady/.test(status))
    return "text-red-700 dark:text-red-400 font-semibold";
  return "text-amber-700 dark:text-amber-400";
}
