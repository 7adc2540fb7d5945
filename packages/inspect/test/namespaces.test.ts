import { describe, expect, it } from "vitest";
import { formatLsns, formatNamespaceMatrix, lsnsJson, namespaceMatrix, NamespaceError, parseNamespaceLink } from "../src/index";
import type { NamespaceEntry, ProcessNamespaces } from "../src/index";

// A two-container pod as containerd builds it: net/ipc/uts from the sandbox, own mnt and pid per
// container, host cgroup and user namespaces (v1 host).
const host = { cgroup: 4026531835, user: 4026531837 };
const sandboxNs: ProcessNamespaces = { net: 4026532300, ipc: 4026532301, uts: 4026532302, pid: 4026532303, mnt: 4026532304, ...host };
const entries: NamespaceEntry[] = [
  { container: "sidecar", pid: 2200, command: "sleep 3600", namespaces: { ...sandboxNs, pid: 4026532320, mnt: 4026532321 } },
  { container: "web", pid: 2100, command: "httpd -f", namespaces: { ...sandboxNs, pid: 4026532310, mnt: 4026532311 } },
  { container: "POD", pid: 2000, command: "/pause", namespaces: sandboxNs },
  { container: "web", pid: 2101, command: "httpd -f", namespaces: { ...sandboxNs, pid: 4026532310, mnt: 4026532311 } },
];

describe("parseNamespaceLink", () => {
  it("reads the inode", () => expect(parseNamespaceLink("net", "net:[4026531840]")).toBe(4026531840));
  it.each([
    ["net", "net:4026531840", /is not "<type>:\[<inode>\]"/],
    ["ipc", "net:[4026531840]", /names another type/],
  ])("rejects %s %s", (t, l, msg) => {
    expect(() => parseNamespaceLink(t, l)).toThrow(NamespaceError);
    expect(() => parseNamespaceLink(t, l)).toThrow(msg);
  });
});

describe("namespaceMatrix", () => {
  const m = namespaceMatrix(entries);

  it("finds the sandbox and lists it first, then by container and pid", () => {
    expect(m.sandboxPid).toBe(2000);
    expect(m.rows.map((r) => r.pid)).toEqual([2000, 2200, 2100, 2101]);
    expect(m.types).toEqual(["net", "ipc", "uts", "pid", "mnt", "cgroup", "user"]);
  });

  it("marks what each process shares with the sandbox", () => {
    const web = m.rows.find((r) => r.pid === 2100)!;
    expect(web.sharedWithSandbox).toEqual({
      net: true,
      ipc: true,
      uts: true,
      pid: false,
      mnt: false,
      cgroup: true,
      user: true,
      time: false,
    });
    expect(m.rows[0].sharedWithSandbox!.mnt).toBe(true);
  });

  it("shareProcessNamespace: containers share pid with the sandbox", () => {
    const shared = entries.map((e) => ({ ...e, namespaces: { ...e.namespaces, pid: sandboxNs.pid } }));
    expect(namespaceMatrix(shared).rows.every((r) => r.sharedWithSandbox!.pid)).toBe(true);
  });

  it("without a sandbox process sharing is unknown, not false", () => {
    const m2 = namespaceMatrix(entries.filter((e) => e.container !== "POD"));
    expect(m2.sandboxPid).toBeNull();
    expect(m2.rows.every((r) => r.sharedWithSandbox === null)).toBe(true);
  });

  it("shows the time namespace only when every process has one", () => {
    const withTime = entries.map((e) => ({ ...e, namespaces: { ...e.namespaces, time: 4026531834 } }));
    expect(namespaceMatrix(withTime).types).toContain("time");
    expect(namespaceMatrix([withTime[0], entries[1]]).types).not.toContain("time");
  });

  // Malformed input as it arrives from JSON: typed `unknown`, the checks are what is under test.
  it.each<[string, unknown, RegExp]>([
    ["not an array", {}, /expects an array/],
    ["bad pid", [{ ...entries[0], pid: -1 }], /entry 0 \(sidecar\): pid must be a positive integer/],
    [
      "missing inode",
      [{ ...entries[0], namespaces: { ...sandboxNs, net: undefined } }],
      /entry 0 \(sidecar, pid 2200\): namespaces.net must be an inode number/,
    ],
    ["duplicate pid", [entries[0], entries[0]], /pid 2200 appears twice/],
  ])("rejects %s", (_n, input, msg) => expect(() => namespaceMatrix(input as NamespaceEntry[])).toThrow(msg));

  it("rejects a sandbox pid that is not there", () => {
    expect(() => namespaceMatrix(entries, { sandboxPid: 1 })).toThrow("sandbox pid 1 is not among the processes (2200, 2100, 2000, 2101)");
  });
});

describe("formatters and JSON", () => {
  const m = namespaceMatrix(entries);
  it("lsns: one line per namespace, sorted by inode", () => {
    const out = formatLsns(m);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\s*NS TYPE\s+NPROCS\s+PID CONTAINERS\s+COMMAND$/);
    // 2 host + 5 sandbox + 2 per app container = 11 namespaces
    expect(lines).toHaveLength(12);
    expect(lines[1]).toMatch(/^4026531835 cgroup\s+4 2000 POD,sidecar,web\s+\/pause$/);
    expect(lines.find((l) => l.startsWith("4026532300"))).toMatch(/net\s+4 2000 POD,sidecar,web/);
    expect(lines.find((l) => l.startsWith("4026532310"))).toMatch(/pid\s+2 2100 web\s+httpd -f/);
  });

  it("matrix: inodes for the sandbox, 'shared' for the others", () => {
    const lines = formatNamespaceMatrix(m).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^CONTAINER\s+PID NET\s+IPC\s+UTS\s+PID\s+MNT\s+CGROUP\s+USER\s+COMMAND$/);
    expect(lines[1].split(/\s+/)).toEqual([
      "POD",
      "2000",
      "4026532300",
      "4026532301",
      "4026532302",
      "4026532303",
      "4026532304",
      "4026531835",
      "4026531837",
      "/pause",
    ]);
    expect(lines[2].split(/\s+/)).toEqual([
      "sidecar",
      "2200",
      "shared",
      "shared",
      "shared",
      "4026532320",
      "4026532321",
      "shared",
      "shared",
      "sleep",
      "3600",
    ]);
  });

  it("with the host's namespaces (PID 1's) known, a namespace the pod shares with the host reads 'host', not 'shared'", () => {
    const hostNs = {
      namespaces: { net: 4026531840, ipc: 4026531839, uts: 4026531838, pid: 4026531836, mnt: 4026531841, ...host, time: 4026531834 },
      from: "pid1" as const,
    };
    const withHost = namespaceMatrix(entries, { host: hostNs });
    expect(withHost.host).toEqual(hostNs);
    expect(withHost.rows[0].sharedWithHost).toEqual({
      net: false,
      ipc: false,
      uts: false,
      pid: false,
      mnt: false,
      cgroup: true,
      user: true,
      time: false,
    });
    const lines = formatNamespaceMatrix(withHost).trimEnd().split("\n");
    expect(lines[1].split(/\s+/)).toEqual([
      "POD",
      "2000",
      "4026532300",
      "4026532301",
      "4026532302",
      "4026532303",
      "4026532304",
      "host",
      "host",
      "/pause",
    ]);
    expect(lines[2].split(/\s+/)).toEqual([
      "sidecar",
      "2200",
      "shared",
      "shared",
      "shared",
      "4026532320",
      "4026532321",
      "host",
      "host",
      "sleep",
      "3600",
    ]);
    expect(lsnsJson({ namespace: "default", name: "web", uid: "u1" }, withHost).hostNamespaces).toEqual(hostNs);
    expect(lsnsJson({ namespace: "default", name: "web", uid: "u1" }, withHost).processes[0].sharedWithHost).toMatchObject({
      cgroup: true,
      user: true,
      net: false,
    });
    // Unknown host: as before, and said so.
    expect(m.host).toBeNull();
    expect(m.rows[0].sharedWithHost).toBeNull();
    expect(lsnsJson({ namespace: "default", name: "web", uid: "u1" }, m).hostNamespaces).toBeNull();
  });

  it("lsns JSON contract", () => {
    const j = lsnsJson({ namespace: "default", name: "web", uid: "u1" }, m);
    expect(j.pod).toBe("web");
    expect(j.processes[0]).toMatchObject({ container: "POD", pid: 2000, command: "/pause", namespaces: sandboxNs });
    expect(Object.keys(j.processes[1].namespaces).sort()).toEqual(["cgroup", "ipc", "mnt", "net", "pid", "user", "uts"]);
  });
});
