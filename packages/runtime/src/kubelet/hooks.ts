// Exec lifecycle hooks (postStart, preStop) through CRI ExecSync, with kubelet's failure wording.
import { formatPod, goStringList, type Pod } from "@podscope/core";
import type { CRI } from "../cri";

export interface HookOutcome { ok: boolean; message: string }

export async function runExecHook(cri: Pick<CRI.RuntimeService, "execSync">, containerId: string, command: string[], timeoutSeconds: number, pod: Pod, container: string): Promise<HookOutcome> {
  const fail = (error: string, output: string): HookOutcome => ({
    ok: false,
    message: `Exec lifecycle hook (${goStringList(command)}) for Container "${container}" in Pod "${formatPod(pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`,
  });
  try {
    const res = await cri.execSync(containerId, command, timeoutSeconds);
    const output = res.stdout.toString("utf8") + res.stderr.toString("utf8");
    if (res.exit_code === 0) return { ok: true, message: output };
    return fail(`command '${command.join(" ")}' exited with ${res.exit_code}: ${output}`, output);
  } catch (err: any) {
    return fail(String(err?.message ?? err), "");
  }
}
