// The drain scenarios grouped by topic for the picker, and the picker's search. The files are named by topic
// (pdb-…, daemonset-…, prestop-…), so the topic is read from the name's prefix, first matching topic wins, and a new
// scenario file lands in its group without a list to maintain here; one that matches none goes under "Other".
export interface ScenarioLike {
  name: string;
  description: string[];
}

export const TOPICS: { topic: string; test: RegExp }[] = [
  {
    topic: "Refusals and kubectl's filters",
    test: /^(daemonset|unmanaged|emptydir|mirror|missing-controller|multiple-errors|ignore-daemonsets|finished|bare-pod)/,
  },
  { topic: "PodDisruptionBudgets", test: /^(pdb-|multiple-pdbs|two-deployments-two-pdbs|always-allow|unhealthy-|job-pdb)/ },
  { topic: "Termination: grace period and preStop", test: /^(grace-period|prestop|stuck-terminating|skip-wait|timeout)/ },
  { topic: "Where replacements go (scheduling)", test: /^(pending-|anti-affinity|node-affinity|node-selector|taint-|too-many-pods)/ },
  { topic: "Controllers bringing pods back", test: /^(statefulset|job-replacement|single-replica|basic-drain)/ },
  { topic: "Flags and several nodes", test: /^(pod-selector|kubectl-multi-node|rolling|disable-eviction)/ },
];
export const OTHER = "Other";

export function scenarioTopic(s: ScenarioLike): string {
  return TOPICS.find((t) => t.test.test(s.name))?.topic ?? OTHER;
}

/** Every word of the query appears in the name or the header's prose (case folded). */
export function matchesScenario(s: ScenarioLike, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = `${s.name} ${s.description.join(" ")}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** The scenarios matching the query, in topic order, each group in name order; empty groups left out. */
export function groupScenarios<S extends ScenarioLike>(all: S[], query: string): { topic: string; scenarios: S[] }[] {
  const groups = [...TOPICS.map((t) => t.topic), OTHER].map((topic) => ({ topic, scenarios: [] as S[] }));
  for (const s of all) if (matchesScenario(s, query)) groups.find((g) => g.topic === scenarioTopic(s))!.scenarios.push(s);
  for (const g of groups) g.scenarios.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return groups.filter((g) => g.scenarios.length > 0);
}
