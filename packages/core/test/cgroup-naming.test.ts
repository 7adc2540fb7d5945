import { describe, expect, it } from "vitest";
import { containerCgroupPath, parsePodCgroup, podCgroupName, podCgroupPath, toCgroupfs, toSystemd } from "../src/cgroup-naming";
import type { QOSClass } from "../src/qos";

const uid = "5f3c2a1e-77b0-4c1d-9e2f-0a1b2c3d4e5f";
const u_ = "5f3c2a1e_77b0_4c1d_9e2f_0a1b2c3d4e5f";

describe("cgroup naming", () => {
  it.each<[QOSClass, string, string]>([
    ["Guaranteed", `/kubepods/pod${uid}`, `/kubepods.slice/kubepods-pod${u_}.slice`],
    ["Burstable", `/kubepods/burstable/pod${uid}`, `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${u_}.slice`],
    ["BestEffort", `/kubepods/besteffort/pod${uid}`, `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${u_}.slice`],
  ])("%s: cgroupfs %s, systemd %s", (qos, fs, sd) => {
    expect(podCgroupPath("cgroupfs", qos, uid)).toBe(fs);
    expect(podCgroupPath("systemd", qos, uid)).toBe(sd);
    expect(toCgroupfs(podCgroupName(qos, uid))).toBe(fs);
    expect(toSystemd(podCgroupName(qos, uid))).toBe(sd);
    expect(parsePodCgroup(fs)).toEqual({ uid, qos });
    expect(parsePodCgroup(sd + "/cri-containerd-abc.scope")).toEqual({ uid, qos });
  });

  it("names container cgroups as containerd does", () => {
    expect(containerCgroupPath("cgroupfs", `/kubepods/besteffort/pod${uid}`, "abc123")).toBe(`/kubepods/besteffort/pod${uid}/abc123`);
    expect(containerCgroupPath("systemd", `/kubepods.slice/kubepods-pod${u_}.slice`, "abc123")).toBe(
      `/kubepods.slice/kubepods-pod${u_}.slice/cri-containerd-abc123.scope`,
    );
  });

  it("does not mistake other cgroups for pods", () => {
    expect(parsePodCgroup("/system.slice/containerd.service")).toBeUndefined();
    expect(parsePodCgroup("/kubepods/burstable")).toBeUndefined();
  });
});
