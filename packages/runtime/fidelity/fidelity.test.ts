// podscope's mini-kubelet against the real kubelet (v1.34, Go-built, node kubelet-real of the test
// control plane): each scenario's pod runs on both at once and everything verdict.ts compares must agree.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CriClient } from "../src/cri";
import { startTestNode, type KubeletTestNode } from "../test/kubelet-helpers";
import { adminApi, call, ensureNamespace, ensureRealKubelet, stopRealKubelet, type Api, type RealKubelet } from "./cluster";
import { describe as describeDisagreements } from "./compare";
import { LocalNodeDriver, observe, RealNodeDriver } from "./runner";
import { scenarios } from "./scenarios";
import { triage, verdict } from "./verdict";

let api: Api;
let kubelet: RealKubelet;
let local: KubeletTestNode;
let realCri: CriClient;
// A namespace per run: names in messages (pod_namespace) read the same on both nodes.
const namespace = `fidelity-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  api = adminApi();
  kubelet = ensureRealKubelet();
  realCri = new CriClient(kubelet.socket);
  await ensureNamespace(api, namespace);
  local = await startTestNode("fid");
});

afterAll(async () => {
  realCri?.close();
  await local?.close();
  if (api) await call(api, "DELETE", `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  if (kubelet?.startedHere && !process.env.PODSCOPE_KEEP_KUBELET) stopRealKubelet();
});

describe("the local node agrees with the real kubelet", () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const real = new RealNodeDriver(api, kubelet.nodeName, kubelet.cgroupRoot, kubelet.taintKey, realCri);
      const mine = new LocalNodeDriver(local.node, local.cri);
      const [r, p] = await Promise.all([observe(real, namespace, s), observe(mine, namespace, s)]);
      const d = verdict(s, r, p);
      // Both nodes' raw observations, to read a disagreement against (PODSCOPE_FIDELITY_DUMP=<dir>).
      const dump = process.env.PODSCOPE_FIDELITY_DUMP;
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(join(dump, `${s.name}.json`), JSON.stringify({ real: r, podscope: p }, null, 1));
      }
      const t = triage(d, process.env.PODSCOPE_FIDELITY_STRICT ? [] : s.known);
      for (const k of s.known ?? []) {
        const hits = t.declared.filter((x) => k.path.test(x.path));
        if (hits.length) console.warn(`[fidelity] ${s.name}: known disagreement (${k.why})\n${describeDisagreements(hits)}`);
      }
      expect(t.unexplained, `${s.name}: ${t.unexplained.length} disagreement(s)\n${describeDisagreements(t.unexplained)}`).toEqual([]);
      expect(
        t.stale.map((k) => `${k.path} (${k.why})`),
        `${s.name}: declared disagreements that no longer occur: remove them from scenarios.ts`,
      ).toEqual([]);
    });
  }
});
