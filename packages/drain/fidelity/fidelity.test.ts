// Fidelity: each runnable scenario is drained for real (kubectl built from Go modules, on the control plane of
// scripts/controlplane.sh with KWOK nodes) and by the simulator on the state read back from that cluster;
// what kubectl printed is compared. Prints the agreement N/N; any disagreement fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeList, KubeObject, Pod, PodDisruptionBudget } from "@podscope/core";
import { loadSnapshot, parseDrainArgs, requestFromCommand, simulateRollingDrain } from "../src/index";
import { loadScenarios, type Scenario } from "../test/scenario-corpus";
import { controlPlane, eventually, kubectl, kubectlOk, type ControlPlane } from "./cluster";
import { observe, type Observed } from "./compare";
import { FIDELITY_LABEL, names, plan, type Names } from "./transform";

// Scenarios a KWOK cluster can reproduce as written. Left out, and why: DaemonSet, StatefulSet and Job pods
// (their controllers replace hand-made pods: revision hashes, tracking finalizers); orphaned owners (the garbage
// collector deletes the pods); unready, finished or stuck-terminating pods and stale PDB statuses (KWOK and the
// API server set status themselves); mirror pods (the API server only accepts them from kubelets); --rolling
// (kubectl has no such mode); PriorityClass scenarios.
const RUNNABLE = [
  "basic-drain",
  "pdb-sequential-decrement",
  "pdb-min-available-equals-replicas",
  "pdb-min-available-percent",
  "pdb-max-unavailable-percent",
  "pdb-max-unavailable-zero",
  "emptydir-refused",
  "emptydir-silent-loss",
  "emptydir-bare-pod-force",
  "unmanaged-refused",
  "unmanaged-force",
  "multiple-pdbs",
  "pending-no-capacity",
  "taint-untolerated",
  "taint-tolerated",
  "node-selector",
  "node-affinity-required",
  "anti-affinity-hostname",
  "too-many-pods",
  "disable-eviction",
  "timeout",
  "grace-period-override",
  "prestop-sleep",
  "single-replica-downtime",
  "pod-selector",
  "kubectl-multi-node",
  "two-deployments-two-pdbs",
  "pdb-max-unavailable-two",
  "pdb-min-available-one-of-three",
  "pdb-selects-elsewhere",
  "ignore-daemonsets-none-present",
  "bare-pod-force-with-pdb",
  "always-allow-healthy-pods",
  "pending-no-memory",
  "pod-selector-not-equal",
  "grace-period-with-pdb",
];
/**
 * Scenarios whose per-pod request counts are a race on KWOK: its replacements are Ready within the API server's
 * 500–550 ms (jittered) conflict back-off, so whether a re-read finds the budget restored changes from run to run
 * (kubectl drain itself gave [1,1,2] and [1,1,1] requests on two runs). For these, result, pods attempted, pods
 * gone, errors and warning must agree; request counts and 429 answers may differ.
 */
// The budget-with-room-for-some scenarios belong here too: a CI run under load (a full test.sh) saw kubectl need
// [1,1,2] requests for pdb-max-unavailable-percent where a quiet run and the simulator need [1,1,1] — the
// replacement's readiness raced the conflict re-read. Same class, same comparison.
const RACY = new Set([
  "pdb-sequential-decrement",
  "pdb-max-unavailable-percent",
  "pdb-min-available-percent",
  "pdb-max-unavailable-two",
  "pdb-min-available-one-of-three",
]);
/** Drains the simulator says would stall get this --timeout on both sides, so the real one ends too. */
const STALL_TIMEOUT = "11s";

/** What the settle check reads of a ReplicaSet. */
interface ReplicaSet extends KubeObject {
  spec: { replicas?: number };
  status?: { replicas?: number };
}

const run = `fid${Date.now().toString(36).slice(-5)}`;
let cp: ControlPlane;
const agreement: { scenario: string; ok: boolean; detail: string }[] = [];
const placements: { scenario: string; real: string[]; sim: string[] }[] = [];

beforeAll(() => {
  cp = controlPlane();
});
afterAll(() => {
  const ok = agreement.filter((a) => a.ok).length;
  console.log(`fidelity: ${ok}/${agreement.length} scenarios agree with kubectl drain on a real control plane`);
  for (const a of agreement) if (!a.ok) console.log(`  ${a.scenario}: ${a.detail}`);
  const samePlace = placements.filter((p) => JSON.stringify(p.real) === JSON.stringify(p.sim));
  console.log(
    `placement: replacements land on the same nodes in ${samePlace.length}/${placements.length} scenarios (Pending counts are compared strictly above)`,
  );
  for (const p of placements)
    if (!samePlace.includes(p)) console.log(`  ${p.scenario}: real [${p.real.join(", ")}] vs simulated [${p.sim.join(", ")}]`);
});

function mapArgs(s: Scenario, nm: Names): string[] {
  const { nodes } = parseDrainArgs(s.args);
  return s.args.map((a) => (nodes.includes(a) ? nm.node(a) : a));
}

async function setUp(s: Scenario, nm: Names): Promise<void> {
  const { snapshot } = loadSnapshot(s.text, s.file);
  const p = plan(snapshot, nm);
  for (const ns of p.namespaces) kubectlOk(cp, ["create", "namespace", ns]);
  // The service-account controller normally adds "default"; on a busy shared control plane it can lag, and pod
  // admission needs it, so create it if it is not there after a few seconds.
  for (const ns of p.namespaces) {
    const has = () => kubectl(cp, ["get", "serviceaccount", "default", "-n", ns]).code === 0;
    await eventually(`service account default in ${ns}`, has, 5_000).catch(() =>
      kubectl(cp, ["create", "serviceaccount", "default", "-n", ns]),
    );
    await eventually(
      `service account default in ${ns}`,
      () => {
        if (kubectl(cp, ["get", "namespace", ns]).code !== 0)
          throw new Error(`namespace ${ns} vanished: the shared control plane was recreated during the run`);
        return has();
      },
      30_000,
    );
  }
  kubectlOk(cp, ["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: p.nodes }));
  await eventually(
    "the scenario's nodes Ready",
    () => {
      const out = kubectlOk(cp, ["get", "nodes", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"]);
      const items = JSON.parse(out).items as {
        status?: { conditions?: { type: string; status: string }[] };
        spec?: { taints?: { key: string }[] };
      }[];
      return (
        items.length === p.nodes.length &&
        items.every(
          (n) =>
            n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") &&
            !(n.spec?.taints ?? []).some((t) => t.key.startsWith("node.kubernetes.io/not-ready")),
        )
      );
    },
    60_000,
  );
  // The scenario's pods first, as orphans on their nodes; then their ReplicaSets at full size, whose controller
  // adopts the matching orphans instead of creating pods of its own (created the other way round, it would).
  const rsNames = new Set(p.replicaSets.map((rs) => `${rs.metadata.namespace}/${rs.metadata.name}`));
  const pods: Pod[] = p.pods.map((pod) => ({
    ...pod,
    metadata: {
      ...pod.metadata,
      ownerReferences: pod.metadata.ownerReferences?.filter(
        (r) => !(r.kind === "ReplicaSet" && rsNames.has(`${pod.metadata.namespace}/${r.name}`)),
      ),
    },
  }));
  for (const pod of pods) if (!pod.metadata.ownerReferences?.length) delete pod.metadata.ownerReferences;
  if (pods.length) kubectlOk(cp, ["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: pods }));
  await eventually(
    "the scenario's pods Running",
    () => {
      const items = JSON.parse(kubectlOk(cp, ["get", "pods", "-A", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"])).items as Pod[];
      return items.length === pods.length && items.every((o) => o.status?.phase === "Running");
    },
    60_000,
  );
  if (p.replicaSets.length) kubectlOk(cp, ["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: p.replicaSets }));
  if (p.pdbs.length) kubectlOk(cp, ["create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: p.pdbs }));
  // Settled: every ReplicaSet at its replica count with all pods Ready, every PDB observed.
  await eventually(
    "pods Ready and PDBs observed",
    () => {
      const all = (
        JSON.parse(
          kubectlOk(cp, ["get", "pods,replicasets,poddisruptionbudgets", "-A", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"]),
        ) as KubeList
      ).items;
      const podsNow = all.filter((o): o is Pod => o.kind === "Pod");
      const ready = podsNow.every(
        (o) =>
          o.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ||
          (o.status?.phase === "Pending" && !o.spec.nodeName),
      );
      const rsOk = all.filter((o): o is ReplicaSet => o.kind === "ReplicaSet").every((o) => (o.status?.replicas ?? 0) === o.spec.replicas);
      const pdbOk = all
        .filter((o): o is PodDisruptionBudget => o.kind === "PodDisruptionBudget")
        .every(
          (o) =>
            o.metadata.generation !== undefined &&
            (o.status?.observedGeneration ?? 0) >= o.metadata.generation &&
            o.status?.expectedPods !== undefined,
        );
      return ready && rsOk && pdbOk && podsNow.length >= pods.length;
    },
    60_000,
  );
  // The comparison only means something if the cluster holds the scenario: each of its pods, on its node.
  const live = JSON.parse(kubectlOk(cp, ["get", "pods", "-A", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"])).items as Pod[];
  for (const want of p.pods) {
    const got = live.find((x) => x.metadata.namespace === want.metadata.namespace && x.metadata.name === want.metadata.name);
    if (!got || got.spec.nodeName !== want.spec.nodeName || got.metadata.deletionTimestamp)
      throw new Error(
        `set-up drifted: pod ${want.metadata.namespace}/${want.metadata.name} is ${got ? `on ${got.spec.nodeName}${got.metadata.deletionTimestamp ? ", terminating" : ""}` : "missing"}, not on ${want.spec.nodeName}`,
      );
  }
}

function readBack(nm: Names): string {
  const nodes = JSON.parse(kubectlOk(cp, ["get", "nodes", "-o", "json"])).items;
  const rest = JSON.parse(
    kubectlOk(cp, ["get", "pods,replicasets,poddisruptionbudgets", "-A", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"]),
  ).items;
  return JSON.stringify({ apiVersion: "v1", kind: "List", items: [...nodes, ...rest] });
}

function tearDown(nm: Names, namespaces: string[]): void {
  for (const ns of namespaces) kubectl(cp, ["delete", "namespace", ns, "--wait=false"]);
  kubectl(cp, ["delete", "nodes", "-l", `${FIDELITY_LABEL}=${nm.id}`, "--wait=false"]);
}

function normalise(o: Observed, nm: Names): Observed {
  const un = (s: string) => nm.unNs(nm.unNode(s));
  return {
    ...o,
    attempted: o.attempted.map(un).sort(),
    errors: o.errors.map(un),
    warning: o.warning ? un(o.warning) : null,
    answers: o.answers.map(un),
  };
}

async function runScenario(s: Scenario, i: number, attempt: number): Promise<void> {
  const nm = names(`${run}-${i}${attempt > 1 ? "r" : ""}`, loadSnapshot(s.text, s.file).snapshot);
  const namespaces = plan(loadSnapshot(s.text, s.file).snapshot, nm).namespaces;
  try {
    try {
      await setUp(s, nm);
    } catch (e) {
      throw new Error(`ENVIRONMENT: set-up did not complete: ${e instanceof Error ? e.message : e}`);
    }
    const { snapshot } = loadSnapshot(readBack(nm), "cluster");
    if (process.env.FIDELITY_VERBOSE) {
      for (const d of snapshot.pdbs) console.log(`PDB ${d.metadata.name}: ${JSON.stringify(d.status)}`);
    }
    let args = mapArgs(s, nm);
    const now = { now: new Date().toISOString() };
    let sim = simulateRollingDrain(snapshot, requestFromCommand(parseDrainArgs(args)), now);
    if (sim.nodes.some((n) => n.result === "stalled") && !args.includes("--timeout")) {
      args = [...args, "--timeout", STALL_TIMEOUT];
      sim = simulateRollingDrain(snapshot, requestFromCommand(parseDrainArgs(args)), now);
    }
    const real = kubectl(cp, ["drain", ...args], undefined, 180_000);
    if (/Error from server \(NotFound\): nodes/.test(real.stderr))
      throw new Error(`ENVIRONMENT: the scenario's node vanished: ${real.stderr.trim()}`);
    const simLines = sim.nodes.flatMap((n) => n.kubectl.map((l) => l.line));
    const simExit = sim.nodes.every((n) => n.result === "drained") ? 0 : 1;
    let got = normalise(observe((real.stdout + "\n" + real.stderr).split("\n"), real.code), nm);
    let want = normalise(observe(simLines, simExit), nm);
    if (RACY.has(s.file.replace(/\.yaml$/, ""))) {
      got = { ...got, attempts: [], answers: [] };
      want = { ...want, attempts: [], answers: [] };
    }
    // Where the replacements went: the scenario's pods that are new after the drain, by node ("Pending" if none).
    const original = new Set(snapshot.pods.map((x) => `${x.metadata.namespace}/${x.metadata.name}`));
    await new Promise((r) => setTimeout(r, 1500));
    const after = JSON.parse(kubectlOk(cp, ["get", "pods", "-A", "-l", `${FIDELITY_LABEL}=${nm.id}`, "-o", "json"])).items as Pod[];
    const realPlaces = after
      .filter((x) => !original.has(`${x.metadata.namespace}/${x.metadata.name}`) && !x.metadata.deletionTimestamp)
      .map((x) => (x.spec.nodeName ? nm.unNode(x.spec.nodeName) : "Pending"))
      .sort();
    const simPlaces = sim.nodes
      .flatMap((n) => n.replacements)
      .filter((x) => !original.has(x.pod))
      .map((x) => (x.node ? nm.unNode(x.node) : "Pending"))
      .sort();
    placements.push({ scenario: s.file, real: realPlaces, sim: simPlaces });
    got = { ...got, pending: realPlaces.filter((x) => x === "Pending").length } as Observed;
    want = { ...want, pending: simPlaces.filter((x) => x === "Pending").length } as Observed;
    const same = JSON.stringify(got) === JSON.stringify(want);
    if (process.env.FIDELITY_VERBOSE)
      console.log(
        `${s.file}\n  kubectl: ${JSON.stringify(got)}\n  podscope: ${JSON.stringify(want)}\n--- kubectl output ---\n${real.stdout}${real.stderr}`,
      );
    agreement.push({ scenario: s.file, ok: same, detail: same ? "" : `real ${JSON.stringify(got)} vs simulated ${JSON.stringify(want)}` });
    expect(got, `kubectl said:\n${real.stdout}\n${real.stderr}`).toEqual(want);
  } finally {
    // FIDELITY_KEEP=1 leaves the objects in place for a look with kubectl.
    if (!process.env.FIDELITY_KEEP) tearDown(nm, namespaces);
  }
}

describe("fidelity against kubectl drain on a real control plane", () => {
  const scenarios = loadScenarios().filter((s) => RUNNABLE.includes(s.file.replace(/\.yaml$/, "")));
  it("runs every scenario listed as runnable", () => {
    expect(scenarios.map((s) => s.file.replace(/\.yaml$/, "")).sort()).toEqual([...RUNNABLE].sort());
  });

  scenarios.forEach((s, i) => {
    it(`${s.file} agrees with kubectl drain`, async () => {
      // One retry when the shared control plane changed under the scenario (recreated, nodes deleted by another suite).
      for (let attempt = 1; ; attempt++) {
        try {
          await runScenario(s, i, attempt);
          return;
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          if (attempt >= 2 || !/ENVIRONMENT/.test(msg)) throw e;
          console.log(`${s.file}: retrying once — ${msg}`);
        }
      }
    }, 240_000);
  });
});
