// Lifecycle hooks (postStart, preStop) with kubelet's failure wording (pkg/kubelet/lifecycle):
// exec through CRI ExecSync; httpGet from the node to the pod IP, where only a failed request
// fails the hook (kubelet does not look at the status code of a hook's response).
import { formatPod, goStringList, type Container, type LifecycleHandler, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import { doHttpGet, httpGetRequest, type HttpGetAction } from "./http-get";

export interface HookOutcome {
  ok: boolean;
  message: string;
}

export async function runExecHook(
  cri: Pick<CRI.RuntimeService, "execSync">,
  containerId: string,
  command: string[],
  timeoutSeconds: number,
  pod: Pod,
  container: string,
): Promise<HookOutcome> {
  const fail = (error: string, output: string): HookOutcome => ({
    ok: false,
    message: `Exec lifecycle hook (${goStringList(command)}) for Container "${container}" in Pod "${formatPod(pod)}" failed - error: ${error}, message: ${JSON.stringify(output)}`,
  });
  try {
    const res = await cri.execSync(containerId, command, timeoutSeconds);
    const output = res.stdout.toString("utf8") + res.stderr.toString("utf8");
    if (res.exit_code === 0) return { ok: true, message: output };
    return fail(`command '${command.join(" ")}' exited with ${res.exit_code}: ${output}`, output);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), "");
  }
}

export async function runHttpHook(
  action: HttpGetAction,
  container: Container,
  podIP: string | undefined,
  timeoutSeconds: number,
  pod: Pod,
): Promise<HookOutcome> {
  const fail = (error: string): HookOutcome => ({
    ok: false,
    message: `HTTP lifecycle hook (${action.path ?? ""}) for Container ${JSON.stringify(container.name)} in Pod ${JSON.stringify(formatPod(pod))} failed - error: ${error}`,
  });
  if (!action.host && !podIP) return fail("failed to find networking container: the pod has no IP");
  const req = httpGetRequest(action, container, podIP ?? "", "lifecycle");
  if ("error" in req) return fail(req.error);
  // kubelet's hook client follows redirects as Go's default client does (any host, at most 10).
  const res = await doHttpGet(req, timeoutSeconds * 1000, false);
  return "error" in res ? fail(res.error) : { ok: true, message: "" };
}

/** The hook a handler describes, if it is one the node runs (exec or httpGet); undefined otherwise. */
export function runLifecycleHook(
  cri: Pick<CRI.RuntimeService, "execSync">,
  containerId: string,
  handler: LifecycleHandler | undefined,
  timeoutSeconds: number,
  pod: Pod,
  container: Container,
  podIP: string | undefined,
): Promise<HookOutcome> | undefined {
  const h = handler as (LifecycleHandler & { httpGet?: HttpGetAction }) | undefined;
  if (h?.exec?.command?.length) return runExecHook(cri, containerId, h.exec.command, timeoutSeconds, pod, container.name);
  if (h?.httpGet) return runHttpHook(h.httpGet, container, podIP, timeoutSeconds, pod);
  return undefined;
}
