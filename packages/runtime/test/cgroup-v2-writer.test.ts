// The cgroup v2 pod cgroup writer on a stand-in directory tree: which files, which values, which
// controllers enabled at which level, for both drivers. (The real kernel: cgroup-v2-real.test.ts.)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { podCgroupPath, type Pod } from "@podscope/core";
import { hugePageSizeName, podCgroupV2Files, sharesToWeight, writePodCgroupV2 } from "../src/cgroup/v2-writer";

const UID = "0b7e3c1a-1111-4a5b-9c9d-123456789abc";
const burstable: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "b", namespace: "default", uid: UID },
  spec: {
    containers: [
      { name: "c", image: "busybox", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } } },
    ],
  },
};
const bestEffort: Pod = { ...burstable, spec: { containers: [{ name: "c", image: "busybox" }] } };

describe("cgroup v2 pod values (kubelet's)", () => {
  it("cpu.weight from shares, cpu.max from the quota, memory.max, pids.max, hugetlb per page size", () => {
    expect(podCgroupV2Files(burstable, [2048, 1048576])).toEqual({
      "cpu.weight": String(sharesToWeight(256)),
      "cpu.max": "50000 100000",
      "memory.max": String(128 * 1024 * 1024),
      "pids.max": "max",
      "hugetlb.2MB.max": "0",
      "hugetlb.1GB.max": "0",
    });
    expect(podCgroupV2Files(bestEffort)).toEqual({ "cpu.weight": "1", "cpu.max": "max 100000", "memory.max": "max", "pids.max": "max" });
    expect(sharesToWeight(2)).toBe(1);
    expect(sharesToWeight(262144)).toBe(10000);
    expect([64, 2048, 1048576].map(hugePageSizeName)).toEqual(["64KB", "2MB", "1GB"]);
  });

  it("a pod's hugepages-2Mi limit becomes hugetlb.2MB.max", () => {
    const p: Pod = {
      ...burstable,
      spec: { containers: [{ name: "c", image: "busybox", resources: { limits: { "hugepages-2Mi": "4Mi", memory: "64Mi", cpu: "1" } } }] },
    };
    expect(podCgroupV2Files(p, [2048])["hugetlb.2MB.max"]).toBe(String(4 * 1024 * 1024));
  });
});

describe("writing the chain on a stand-in hierarchy", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Directories with cgroup.controllers as a kernel would show them, and the pod's interface files. */
  function standIn(path: string, controllers: string, podFiles: string[]): void {
    root = mkdtempSync(join(tmpdir(), "podscope-cg2-standin-"));
    const parts = path.split("/").filter(Boolean);
    for (let i = 0; i <= parts.length; i++) {
      const d = join(root, ...parts.slice(0, i));
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "cgroup.controllers"), `${controllers}\n`);
      writeFileSync(join(d, "cgroup.subtree_control"), "");
    }
    for (const f of podFiles) writeFileSync(join(root, ...parts, f), "");
  }

  for (const driver of ["cgroupfs", "systemd"] as const) {
    it(`${driver}: every level enables what it offers; files of missing controllers are skipped with the reason`, async () => {
      const path = podCgroupPath(driver, "Burstable", UID);
      standIn(path, "cpu memory pids", ["cpu.weight", "cpu.max", "memory.max", "pids.max"]);
      const r = await writePodCgroupV2(burstable, { mountPoint: root, driver, hugePageSizesKb: [2048] });
      expect(r.path).toBe(path);
      expect(r.enabled.map((e) => e.path)).toEqual(
        driver === "cgroupfs"
          ? ["/", "/kubepods", "/kubepods/burstable"]
          : ["/", "/kubepods.slice", "/kubepods.slice/kubepods-burstable.slice"],
      );
      expect(r.enabled.every((e) => e.controllers.join(" ") === "cpu memory pids")).toBe(true);
      expect(r.written).toEqual({
        "cpu.weight": String(sharesToWeight(256)),
        "cpu.max": "50000 100000",
        "memory.max": "134217728",
        "pids.max": "max",
      });
      expect(r.skipped).toEqual([
        {
          file: "hugetlb.2MB.max",
          reason:
            "the hugetlb controller is not in this cgroup2 hierarchy (its root offers: cpu memory pids); on a hybrid host a v1 hierarchy holds it",
        },
      ]);
      expect(readFileSync(join(r.dir, "cpu.max"), "utf8")).toBe("50000 100000");
    });
  }

  it("under kubelet's --cgroup-root", async () => {
    const path = `/podscope.slice${podCgroupPath("cgroupfs", "BestEffort", UID)}`;
    standIn(path, "pids", ["pids.max"]);
    const r = await writePodCgroupV2(bestEffort, {
      mountPoint: root,
      driver: "cgroupfs",
      cgroupRoot: "/podscope.slice",
      hugePageSizesKb: [],
    });
    expect(r.path).toBe(path);
    expect(r.enabled.map((e) => e.path)).toEqual([
      "/",
      "/podscope.slice",
      "/podscope.slice/kubepods",
      "/podscope.slice/kubepods/besteffort",
    ]);
    expect(r.written).toEqual({ "pids.max": "max" });
    expect(r.skipped.map((s) => s.file)).toEqual(["cpu.weight", "cpu.max", "memory.max"]);
  });
});
