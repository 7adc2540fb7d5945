// A pod's inspection data shaped as @podscope/inspect reports it (cgroup v1 layout, cgroupfs names),
// used by the cgroup tree, namespace matrix and sandbox anatomy tests.
import type { Pod } from "@podscope/core";
import type { CgroupNode, LsnsJson } from "../src/inspection";

export const UID = "0b9a2c3d-1111-2222-3333-444455556666";

export const pod: Pod = {
  metadata: { name: "web", namespace: "shop", uid: UID },
  spec: {
    containers: [
      { name: "app", image: "busybox", ports: [{ containerPort: 8080 }], volumeMounts: [{ name: "shared", mountPath: "/srv" }] },
      {
        name: "sidecar",
        image: "busybox",
        volumeMounts: [
          { name: "shared", mountPath: "/data", readOnly: true },
          { name: "scratch", mountPath: "/tmp" },
        ],
      },
    ],
    initContainers: [{ name: "setup", image: "busybox" }],
    volumes: [
      { name: "shared", emptyDir: {} },
      { name: "scratch", emptyDir: { medium: "Memory" } },
      { name: "unused", emptyDir: {} },
    ],
  },
  status: {
    phase: "Running",
    podIP: "10.88.0.5",
    initContainerStatuses: [
      {
        name: "setup",
        ready: true,
        restartCount: 0,
        image: "busybox",
        imageID: "",
        state: { terminated: { exitCode: 0, reason: "Completed" } },
      },
    ],
    containerStatuses: [
      {
        name: "app",
        ready: true,
        restartCount: 0,
        image: "busybox",
        imageID: "",
        state: { running: { startedAt: "2026-01-10T10:00:00Z" } },
      },
      { name: "sidecar", ready: false, restartCount: 2, image: "busybox", imageID: "", state: { waiting: { reason: "CrashLoopBackOff" } } },
    ],
  },
};

const leaf = (path: string, kind: CgroupNode["kind"], extra: Partial<CgroupNode> = {}): CgroupNode => ({
  path,
  name: path.split("/").pop()!,
  kind,
  processes: [],
  children: [],
  ...extra,
});

export const cgroups: CgroupNode = leaf("/kubepods", "kubepods", {
  children: [
    leaf("/kubepods/besteffort", "qos", {
      cpu: { shares: 2, quotaMicros: null },
      children: [
        leaf(`/kubepods/besteffort/pod${UID}`, "pod", {
          pod: { namespace: "shop", name: "web", uid: UID },
          memory: { usageBytes: 8 * 1024 * 1024, limitBytes: null },
          pids: { current: 3, max: null },
          children: [
            leaf(`/kubepods/besteffort/pod${UID}/aa11`, "sandbox", { container: "POD", processes: [{ pid: 100, command: "/pause" }] }),
            leaf(`/kubepods/besteffort/pod${UID}/bb22`, "container", {
              container: "app",
              processes: [
                { pid: 120, command: "httpd -f -p 8080" },
                { pid: 121, command: 'sh -c <loop> & "x"' },
              ],
              memory: { usageBytes: 60 * 1024 * 1024, limitBytes: 64 * 1024 * 1024 },
              cpu: { shares: 102, quotaMicros: 50_000, periodMicros: 100_000 },
            }),
          ],
        }),
      ],
    }),
  ],
});

const NET = 4026532300,
  IPC = 4026532301,
  UTS = 4026532302,
  CG = 4026531835,
  USER = 4026531837,
  TIME = 4026531834;
const SANDBOX_NS = { net: NET, ipc: IPC, uts: UTS, pid: 4026532303, mnt: 4026532299, cgroup: CG, user: USER, time: TIME };
type Namespaces = typeof SANDBOX_NS;
// As lsnsJson reports a row: which of its namespaces are the sandbox's own.
const entry = (container: string, pid: number, command: string, namespaces: Namespaces) => ({
  container,
  pid,
  command,
  namespaces,
  sharedWithSandbox: Object.fromEntries(
    Object.entries(namespaces).map(([t, inode]) => [t, inode === SANDBOX_NS[t as keyof Namespaces]]),
  ) as Record<keyof Namespaces, boolean>,
  sharedWithHost: Object.fromEntries(
    Object.entries(namespaces).map(([t, inode]) => [t, inode === HOST_NS[t as keyof Namespaces]]),
  ) as Record<keyof Namespaces, boolean>,
});
// The host's (PID 1's) namespaces: the pod stays in its cgroup (cgroup v1), user and time namespaces.
export const HOST_NS = {
  net: 4026531840,
  ipc: 4026531839,
  uts: 4026531838,
  pid: 4026531836,
  mnt: 4026531841,
  cgroup: CG,
  user: USER,
  time: TIME,
};
export const matrix: LsnsJson = {
  pod: "web",
  namespace: "shop",
  uid: UID,
  sandboxPid: 100,
  hostNamespaces: { namespaces: HOST_NS, from: "pid1" },
  processes: [
    entry("sidecar", 140, "sleep 3600", {
      net: NET,
      ipc: IPC,
      uts: UTS,
      pid: 4026532320,
      mnt: 4026532319,
      cgroup: CG,
      user: USER,
      time: TIME,
    }),
    entry("app", 121, "sh", { net: NET, ipc: IPC, uts: UTS, pid: 4026532310, mnt: 4026532309, cgroup: CG, user: USER, time: TIME }),
    entry("POD", 100, "/pause", SANDBOX_NS),
    entry("app", 120, "httpd", { net: NET, ipc: IPC, uts: UTS, pid: 4026532310, mnt: 4026532309, cgroup: CG, user: USER, time: TIME }),
  ],
};
