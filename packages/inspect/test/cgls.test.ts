import { describe, expect, it } from "vitest";
import { cgroupAnnotation, cgroupTreeJson, formatBytes, formatCgls, printable } from "../src/index";
import type { CgroupNode } from "../src/index";

const SB = "a".repeat(64);
const WEB = "b".repeat(64);
const UID = "6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const pod = { namespace: "default", name: "web", uid: UID };

function node(p: Partial<CgroupNode> & { path: string }): CgroupNode {
  return { name: p.path.split("/").pop() || "/", kind: "other", processes: [], children: [], ...p };
}

const tree: CgroupNode = node({
  path: `/kubepods/burstable/pod${UID}`,
  kind: "pod",
  pod,
  podUid: UID,
  hierarchy: "memory",
  memory: { usageBytes: 3 * 1024 * 1024, limitBytes: 128 * 1024 * 1024 },
  cpu: { shares: 358, quotaMicros: 50000, periodMicros: 100000 },
  pids: { current: 4, max: null },
  children: [
    node({
      path: `/kubepods/burstable/pod${UID}/${SB}`,
      kind: "sandbox",
      pod,
      container: "POD",
      containerId: SB,
      id: 4622,
      processes: [{ pid: 9001, command: "/pause" }],
      memory: { usageBytes: 1536, limitBytes: null },
    }),
    node({
      path: `/kubepods/burstable/pod${UID}/${WEB}`,
      kind: "container",
      pod,
      container: "nginx",
      containerId: WEB,
      id: 4655,
      processes: [
        { pid: 10012, command: "sleep 300" },
        { pid: 9040, command: "sh -c while true; do sleep 1; done" },
        { pid: 10013, command: "[sleep]" },
      ],
    }),
    node({ path: `/kubepods/burstable/pod${UID}/empty`, id: 4700 }),
  ],
});

describe("formatCgls", () => {
  it("plain: the systemd-cgls layout, pids right-aligned per group, empty cgroups hidden", () => {
    expect(formatCgls(tree, { annotate: false })).toBe(
      [
        `Controller memory; Control group /kubepods/burstable/pod${UID}:`,
        `├─${SB} (#4622)`,
        `│ └─9001 /pause`,
        `└─${WEB} (#4655)`,
        `  ├─ 9040 sh -c while true; do sleep 1; done`,
        `  ├─10012 sleep 300`,
        `  └─10013 [sleep]`,
        ``,
      ].join("\n"),
    );
  });

  it("annotated, with short ids and --all", () => {
    expect(formatCgls(tree, { shortIds: true, all: true })).toBe(
      [
        `Controller memory; Control group /kubepods/burstable/pod${UID}:  pod default/web · mem 3Mi/128Mi · cpu 358 shares quota 50ms/100ms · pids 4/max`,
        `├─aaaaaaaaaaaaa (#4622)  [pause] · mem 1.5Ki/max`,
        `│ └─9001 /pause`,
        `├─bbbbbbbbbbbbb (#4655)  [nginx]`,
        `│ ├─ 9040 sh -c while true; do sleep 1; done`,
        `│ ├─10012 sleep 300`,
        `│ └─10013 [sleep]`,
        `└─empty (#4700)`,
        ``,
      ].join("\n"),
    );
  });

  it("processes of a cgroup with children use ├─ for all of them", () => {
    const t = node({
      path: "/x",
      processes: [{ pid: 5, command: "a" }],
      children: [node({ path: "/x/y", processes: [{ pid: 6, command: "b" }] })],
    });
    expect(formatCgls(t, { header: false, ids: false })).toBe("├─5 a\n└─y\n  └─6 b\n");
  });

  it("hides kernel threads unless asked, v2 header has no controller", () => {
    const t = node({
      path: "/",
      hierarchy: "cgroup2",
      processes: [
        { pid: 1, command: "/sbin/init" },
        { pid: 2, command: "[kthreadd]", kernelThread: true },
      ],
    });
    expect(formatCgls(t)).toBe("Control group /:\n└─1 /sbin/init\n");
    expect(formatCgls(t, { kernelThreads: true })).toBe("Control group /:\n├─1 /sbin/init\n└─2 [kthreadd]\n");
  });

  it("escapes control characters so a command line cannot forge tree lines", () => {
    const t = node({ path: "/x", processes: [{ pid: 7, command: "evil\n└─1 /sbin/init\u001b[31m" }] });
    expect(formatCgls(t, { header: false })).toBe("└─7 evil\\x0a└─1 /sbin/init\\x1b[31m\n");
    expect(printable("tab\there\u007f")).toBe("tab\\x09here\\x7f");
  });

  it("cuts long lines at width", () => {
    const t = node({ path: "/x", processes: [{ pid: 7, command: "x".repeat(50) }] });
    expect(formatCgls(t, { header: false, width: 12 })).toBe("└─7 xxxxxxx…\n");
    expect(() => formatCgls(t, { width: 3 })).toThrow("width must be an integer of at least 10, got 3");
  });

  it("says so when a pod cgroup is unknown to the pod map", () => {
    expect(cgroupAnnotation(node({ path: "/kubepods/pod1", kind: "pod", podUid: "1" }))).toBe("pod 1 (unknown to podscope)");
    expect(cgroupAnnotation(node({ path: `/kubepods/pod1/${WEB}`, kind: "container", containerId: WEB }))).toBe(
      "[container not in pod map]",
    );
    expect(
      cgroupAnnotation(node({ path: "/kubepods", kind: "kubepods", cpu: { weight: 100, quotaMicros: null, periodMicros: 100000 } })),
    ).toBe("cpu weight 100");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0"],
    [1023, "1023"],
    [1536, "1.5Ki"],
    [64 * 1024 * 1024, "64Mi"],
    [1.25 * 1024 ** 3, "1.3Gi"],
  ])("%d → %s", (n, s) => expect(formatBytes(n)).toBe(s));
});

describe("cgroupTreeJson", () => {
  it("gives every node the contract fields, null where not a container", () => {
    const j = cgroupTreeJson(tree);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["path", "kind", "container", "processes", "children"]));
    expect(j.container).toBeNull();
    expect(j.pod).toEqual(pod);
    expect(j.children.map((c) => [c.kind, c.container])).toEqual([
      ["sandbox", "POD"],
      ["container", "nginx"],
      ["other", null],
    ]);
    expect(j.children[1].processes[0]).toEqual({ pid: 10012, command: "sleep 300" });
    // survives a JSON round trip unchanged (no undefined, no class instances)
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});
