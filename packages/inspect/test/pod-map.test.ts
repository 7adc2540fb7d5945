import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { classifyCgroupPath, indexPodMap, podMapFromPods } from "../src/index";

const A = "a".repeat(64);
const B = "b".repeat(64);
const OLD = "c".repeat(64);
const INIT = "d".repeat(64);
const SB = "e".repeat(64);

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop", uid: "11111111-2222-3333-4444-555555555555" },
  spec: {
    containers: [
      { name: "nginx", image: "busybox" },
      { name: "log", image: "busybox" },
    ],
  },
  status: {
    initContainerStatuses: [
      { name: "setup", ready: false, restartCount: 0, image: "busybox", imageID: "", containerID: `containerd://${INIT}` },
    ],
    containerStatuses: [
      {
        name: "nginx",
        ready: true,
        restartCount: 1,
        image: "busybox",
        imageID: "",
        containerID: `containerd://${A}`,
        lastState: { terminated: { exitCode: 1, containerID: `containerd://${OLD}` } },
      },
      { name: "log", ready: false, restartCount: 0, image: "busybox", imageID: "" },
    ],
  },
};

describe("podMapFromPods", () => {
  it("takes container IDs from init, app and previous statuses; sandbox from the runtime", () => {
    const [e] = podMapFromPods([pod], (p) => (p.metadata.name === "web" ? `containerd://${SB}` : undefined));
    expect(e).toEqual({
      uid: "11111111-2222-3333-4444-555555555555",
      namespace: "shop",
      name: "web",
      sandboxId: `containerd://${SB}`,
      containers: [
        { id: `containerd://${INIT}`, name: "setup" },
        { id: `containerd://${A}`, name: "nginx" },
        { id: `containerd://${OLD}`, name: "nginx" },
      ],
    });
    // and the classifier understands the prefixed IDs
    const idx = indexPodMap([e]);
    expect(classifyCgroupPath(`/kubepods/besteffort/pod${e.uid}/${A}`, idx).container).toBe("nginx");
    expect(classifyCgroupPath(`/kubepods/besteffort/pod${e.uid}/${SB}`, idx).kind).toBe("sandbox");
    expect(classifyCgroupPath(`/kubepods/besteffort/pod${e.uid}/${B}`, idx).container).toBeUndefined();
  });

  it("leaves out pods that never ran (no uid) and rejects a non-array", () => {
    expect(podMapFromPods([{ ...pod, metadata: { name: "x" } }])).toEqual([]);
    expect(() => podMapFromPods({} as unknown as [])).toThrow("podMapFromPods expects an array of Pods");
  });
});
