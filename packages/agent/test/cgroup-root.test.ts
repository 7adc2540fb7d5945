// The kubelet's cgroup root read back from a sandbox's cgroup parent, for both drivers and non-default roots.
import { describe, expect, it } from "vitest";
import { cgroupRootOfParent } from "../src/cgroup-root";

describe("cgroupRootOfParent", () => {
  it("is / for the default root, with and without a QoS level", () => {
    expect(cgroupRootOfParent("/kubepods/besteffort/pod0f6c")).toBe("/");
    expect(cgroupRootOfParent("/kubepods/pod0f6c")).toBe("/");
  });
  it("is the prefix before kubepods for a --cgroup-root (kubelet-real, kind)", () => {
    expect(cgroupRootOfParent("/podscope-kubelet/kubepods/burstable/pod0f6c")).toBe("/podscope-kubelet");
    expect(cgroupRootOfParent("/kubelet/kubepods/pod0f6c")).toBe("/kubelet");
    expect(cgroupRootOfParent("/a/b/kubepods/besteffort/pod0f6c")).toBe("/a/b");
  });
  it("is / for the systemd driver's slice names", () => {
    expect(cgroupRootOfParent("kubepods-besteffort-pod0f6c.slice")).toBe("/");
    expect(cgroupRootOfParent("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f6c.slice")).toBe("/");
  });
  it("is undefined when the parent names no kubepods cgroup (not a kubelet's pod)", () => {
    expect(cgroupRootOfParent("/system.slice/foo")).toBeUndefined();
    expect(cgroupRootOfParent("")).toBeUndefined();
    expect(cgroupRootOfParent("/kubepodsx/pod1")).toBeUndefined();
  });
});
