// kubectl drain's wording for the lines it prints (k8s.io/kubectl/pkg/drain, cmd/drain), shared by the check and
// the real drain so both speak exactly as kubectl does.

/** utilerrors.NewAggregate(...).Error(): one error as is, several in brackets. */
export function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}

export const evictingLine = (ns: string, name: string) => `evicting pod ${ns}/${name}`;
export const retryLine = (ns: string, name: string, msg: string) => `error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${msg}`;
export const evictErrorLine = (ns: string, name: string, msg: string) => `error when evicting pods/"${name}" -n "${ns}": ${msg}`;
export const waitErrorLine = (name: string, msg: string) => `error when waiting for pod "${name}" terminating: ${msg}`;

/** The closing lines kubectl prints when a node could not be drained (measured against kubectl 1.34). */
export function unableToDrainLines(node: string, errs: string[]): string[] {
  return [`error: unable to drain node "${node}" due to error: ${aggregate(errs)}, continuing command...`, "There are pending nodes to be drained:", ` ${node}`, ...errs];
}
