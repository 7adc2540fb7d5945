import { describe, expect, it } from "vitest";
import { classifyCgroupPath, indexPodMap, podCgroupCandidates } from "../src/index";
import type { PodMapEntry } from "../src/index";

const UID = "6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const SB = "a".repeat(64);
const WEB = "b".repeat(64);
const STRAY = "c".repeat(64);
const POD: PodMapEntry = {
  uid: UID,
  namespace: "default",
  name: "web",
  sandboxId: `containerd://${SB}`,
  containers: [{ id: WEB, name: "nginx" }],
};
const idx = indexPodMap([POD]);
const pod = { namespace: "default", name: "web", uid: UID };
const U_ = UID.replace(/-/g, "_");

describe("classifyCgroupPath", () => {
  it.each([
    ["/", { kind: "other" }],
    ["/kubepods", { kind: "kubepods" }],
    ["/kubepods/burstable", { kind: "qos" }],
    ["/kubepods/besteffort", { kind: "qos" }],
    [`/kubepods/pod${UID}`, { kind: "pod", podUid: UID, pod }],
    [`/kubepods/besteffort/pod${UID}`, { kind: "pod", podUid: UID, pod }],
    [`/kubepods/burstable/pod${UID}/${SB}`, { kind: "sandbox", podUid: UID, pod, containerId: SB, container: "POD" }],
    [`/kubepods/burstable/pod${UID}/${WEB}`, { kind: "container", podUid: UID, pod, containerId: WEB, container: "nginx" }],
    [`/kubepods/burstable/pod${UID}/${STRAY}`, { kind: "container", podUid: UID, pod, containerId: STRAY }],
    // a pod the map does not know: uid still parsed
    ["/kubepods/besteffort/pod11111111-2222-3333-4444-555555555555", { kind: "pod", podUid: "11111111-2222-3333-4444-555555555555" }],
    // static pods have a hash, not a UUID, as uid
    ["/kubepods/burstable/pod0123456789abcdef0123456789abcdef", { kind: "pod", podUid: "0123456789abcdef0123456789abcdef" }],
    // systemd driver naming
    ["/kubepods.slice", { kind: "kubepods" }],
    ["/kubepods.slice/kubepods-burstable.slice", { kind: "qos" }],
    [`/kubepods.slice/kubepods-pod${U_}.slice`, { kind: "pod", podUid: UID, pod }],
    [`/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U_}.slice`, { kind: "pod", podUid: UID, pod }],
    [
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/cri-containerd-${SB}.scope`,
      { kind: "sandbox", podUid: UID, pod, containerId: SB, container: "POD" },
    ],
    [
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/cri-containerd-${WEB}.scope`,
      { kind: "container", podUid: UID, pod, containerId: WEB, container: "nginx" },
    ],
    [
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice/crio-conmon-${WEB}.scope`,
      { kind: "other", podUid: UID, pod },
    ],
    // kind's nested kubelet: --cgroup-root below another slice
    [
      `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod${U_}.slice`,
      { kind: "pod", podUid: UID, pod },
    ],
    // our test roots: kubepods below another cgroup
    [
      `/podscope-inspect-test-1/kubepods/burstable/pod${UID}/${WEB}`,
      { kind: "container", podUid: UID, pod, containerId: WEB, container: "nginx" },
    ],
    // look-alikes that are not Kubernetes cgroups
    ["/burstable", { kind: "other" }],
    [`/system.slice/${WEB}`, { kind: "other" }],
    ["/user.slice/podman-pod1.slice", { kind: "other" }],
  ])("%s", (path, cls) => {
    expect(classifyCgroupPath(path, idx)).toEqual(cls);
  });

  it("rejects a malformed pod map with a message naming the entry", () => {
    expect(() => indexPodMap([{ uid: "", namespace: "a", name: "b", containers: [] }])).toThrow(
      "podMap[0]: uid must be a non-empty string",
    );
    expect(() => indexPodMap([{ uid: "x", namespace: "a", name: "b", containers: "no" as unknown as [] }])).toThrow(
      "podMap[0] (a/b): containers must be an array",
    );
    expect(() => indexPodMap({} as unknown as [])).toThrow(/podMap must be an array/);
  });
});

describe("podCgroupCandidates", () => {
  it("lists all QoS classes under both namings", () => {
    expect(podCgroupCandidates(UID).map((c) => c.path)).toEqual([
      `/kubepods/pod${UID}`,
      `/kubepods/burstable/pod${UID}`,
      `/kubepods/besteffort/pod${UID}`,
      `/kubepods.slice/kubepods-pod${U_}.slice`,
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${U_}.slice`,
      `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${U_}.slice`,
    ]);
    expect(podCgroupCandidates(UID, "/test-root/")[0].path).toBe(`/test-root/kubepods/pod${UID}`);
  });
  it("rejects something that is not a uid", () => {
    expect(() => podCgroupCandidates("../etc")).toThrow('pod uid "../etc" is not a UID');
  });
});
