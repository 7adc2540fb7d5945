import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildAnatomy } from "../src/anatomy/model";
import { SandboxAnatomy } from "../src/anatomy/SandboxAnatomy";
import { CgroupTree } from "../src/cgroups/CgroupTree";
import { cgroupRole, cpuText, memoryFraction, memoryText, pressureText, visibleCgroupLines, walkCgroups } from "../src/cgroups/model";
import { cgroupTreeSvg } from "../src/cgroups/svg";
import { buildMatrixModel } from "../src/namespaces/model";
import { NamespaceMatrix } from "../src/namespaces/NamespaceMatrix";
import { namespaceMatrixSvg } from "../src/namespaces/svg";
import { cgroups, matrix, pod, UID } from "./inspection-fixture";
import { assertWellFormedXml } from "./xml";

describe("cgroup tree lines", () => {
  it("draws the tree as systemd-cgls does and hides children of collapsed cgroups", () => {
    const lines = visibleCgroupLines([cgroups], new Set());
    expect(lines.map((l) => l.prefix + l.node.name)).toEqual(["kubepods", "└─besteffort", `  └─pod${UID}`, "    ├─aa11", "    └─bb22"]);
    const collapsed = visibleCgroupLines([cgroups], new Set([`/kubepods/besteffort/pod${UID}`]));
    expect(collapsed.map((l) => l.node.name)).toEqual(["kubepods", "besteffort", `pod${UID}`]);
    expect(collapsed[2]).toMatchObject({ collapsed: true, hasChildren: true });
  });

  it("summarises memory, cpu and the role of each cgroup in pod words", () => {
    const app = [...walkCgroups([cgroups])].find((n) => n.container === "app")!;
    expect(memoryText(app.memory!)).toBe("60Mi / 64Mi");
    expect(memoryFraction(app.memory)).toBeCloseTo(60 / 64);
    expect(memoryFraction({ usageBytes: 1, limitBytes: null })).toBeNull();
    expect(cpuText(app.cpu!)).toBe("shares 102, quota 50 ms / 100 ms (0.50 CPU)");
    expect(cgroupRole(app)).toBe("container app");
    expect([...walkCgroups([cgroups])].map(cgroupRole)).toEqual([
      "all pods on this node",
      "besteffort QoS class",
      "pod shop/web",
      "sandbox (pause)",
      "container app",
    ]);
  });

  it("renders a tree with the pause sandbox, a memory meter and process lines", () => {
    const html = renderToStaticMarkup(<CgroupTree roots={[cgroups]} />);
    expect(html).toContain('role="tree"');
    expect(html).toContain("sandbox (pause)");
    expect(html).toContain("/pause");
    expect(html).toContain('aria-valuenow="94"'); // 60 of 64 MiB
    expect(html.match(/role="treeitem"/g)).toHaveLength(5);
    const collapsed = renderToStaticMarkup(<CgroupTree roots={[cgroups]} initiallyCollapsed={["/kubepods/besteffort"]} />);
    expect(collapsed).not.toContain("/pause");
  });

  it("shows cgroup v2 pressure (PSI) when the cgroup has it", () => {
    const line = { avg10: 0, avg60: 0, avg300: 0, totalMicros: 0 };
    const pressure = {
      cpu: { some: { ...line, avg10: 12.345 } },
      memory: { some: line, full: line },
      io: { some: { ...line, avg10: 0.5 } },
    };
    expect(pressureText(pressure)).toBe("PSI cpu 12.3% · mem 0% · io 0.5%");
    const withPsi = { ...cgroups, pressure };
    expect(renderToStaticMarkup(<CgroupTree roots={[withPsi]} />)).toContain("PSI cpu 12.3% · mem 0% · io 0.5%");
    expect(renderToStaticMarkup(<CgroupTree roots={[cgroups]} />)).not.toContain("PSI");
  });

  it("exports a standalone SVG with title, every cgroup and process, special characters escaped", () => {
    const svg = cgroupTreeSvg([cgroups], { title: "Cgroup tree — pod shop/web", subtitle: "source local node · 2026-01-10T10:00:00Z" });
    assertWellFormedXml(svg);
    expect(svg).toContain("Cgroup tree — pod shop/web");
    expect(svg).toContain("sandbox (pause)");
    expect(svg).toContain("100 /pause");
    expect(svg).toContain("sh -c &lt;loop&gt; &amp; &quot;x&quot;");
    expect(svg).toMatch(/<svg [^>]*width="\d+" height="\d+"/);
  });
});

describe("namespace matrix", () => {
  const model = buildMatrixModel(matrix);

  it("puts pause first, groups processes by container, and finds what every container shares with it", () => {
    expect(model.groups.map((g) => [g.container, g.rows.map((r) => r.pid)])).toEqual([
      ["POD", [100]],
      ["app", [120, 121]],
      ["sidecar", [140]],
    ]);
    // cgroup, user and time are the host's (PID 1's inodes): the pod never left them, pause does not hold them.
    expect(model.sharedKinds).toEqual(["net", "ipc", "uts"]);
    expect(model.hostKinds).toEqual(["cgroup", "user", "time"]);
    expect(model.hostKnown).toBe(true);
  });

  it("has the time column `podscope lsns` prints, and marks the host's namespaces apart from pause's", () => {
    expect(model.kinds).toEqual(["net", "ipc", "uts", "pid", "mnt", "cgroup", "user", "time"]);
    const [pause] = model.groups[0].rows;
    expect(pause.cells.time).toMatchObject({ inode: 4026531834, host: true, colour: -1 });
    expect(pause.cells.user).toMatchObject({ host: true, colour: -1 });
    expect(pause.cells.net).toMatchObject({ host: false });
    const html = renderToStaticMarkup(<NamespaceMatrix matrix={matrix} />);
    expect(html).toMatch(/<th scope="col"[^>]*>time/);
    expect(html.match(/data-chip="shared"/g)).toHaveLength(3);
    expect(html.match(/data-chip="host"/g)).toHaveLength(3);
    expect(html.match(/data-ns="user"[^>]*data-host="true"/g)).toHaveLength(4);
    // Without the host's namespaces (an older snapshot), nothing is called the host's, and the page says so.
    const { hostNamespaces: _, ...old } = matrix;
    const unknown = buildMatrixModel(old as typeof matrix);
    expect(unknown.hostKnown).toBe(false);
    expect(unknown.hostKinds).toEqual([]);
    expect(renderToStaticMarkup(<NamespaceMatrix matrix={old as typeof matrix} />)).toContain("were not reported");
  });

  it("colours only namespaces held by more than one process; equal inodes, equal colour", () => {
    const [pause] = model.groups[0].rows;
    const [httpd, sh] = model.groups[1].rows;
    expect(pause.cells.net.colour).toBeGreaterThanOrEqual(0);
    expect(httpd.cells.net.colour).toBe(pause.cells.net.colour);
    expect(httpd.cells.net.sharedBy).toBe(4);
    expect(pause.cells.mnt.colour).toBe(-1); // pause's own mount namespace
    expect(httpd.cells.mnt.colour).toBeGreaterThanOrEqual(0); // shared by the two app processes
    expect(httpd.cells.mnt.colour).toBe(sh.cells.mnt.colour);
    expect(httpd.cells.mnt.colour).not.toBe(pause.cells.net.colour);
  });

  it("renders a labelled table and an SVG that parses", () => {
    const html = renderToStaticMarkup(<NamespaceMatrix matrix={matrix} />);
    expect(html).toContain('aria-label="Namespace matrix"');
    expect(html).toContain("pause — the sandbox");
    expect(html.match(/data-ns="net"[^>]*data-inode="4026532300"/g)).toHaveLength(4);
    const svg = namespaceMatrixSvg(matrix, { title: "Namespaces — pod shop/web" });
    assertWellFormedXml(svg);
    expect(svg).toContain(
      "held by the sandbox, shared by every container: net, ipc, uts · the host&apos;s own (not the pod&apos;s): cgroup, user, time",
    );
    expect(svg).toContain(">time</text>");
  });

  it("says so when no process was found", () => {
    expect(renderToStaticMarkup(<NamespaceMatrix matrix={{ ...matrix, sandboxPid: null, processes: [] }} />)).toContain(
      "No processes found",
    );
  });
});

describe("sandbox anatomy", () => {
  it("from the spec: pause holds net, ipc and uts; pid only with shareProcessNamespace", () => {
    const a = buildAnatomy(pod);
    expect(a.basis).toBe("spec");
    expect(a.sandboxNamespaces).toEqual(["net", "ipc", "uts"]);
    expect(a.containers.find((c) => c.name === "app")!.own).toContain("mnt");
    expect(a.containers.find((c) => c.name === "app")!.own).toContain("pid");
    const shared = buildAnatomy({ ...pod, spec: { ...pod.spec, shareProcessNamespace: true } });
    expect(shared.sandboxNamespaces).toContain("pid");
    expect(shared.containers.find((c) => c.name === "app")!.own).not.toContain("pid");
  });

  it("from the node: sharing as the kernel reports it, with states, ports and the volumes containers share", () => {
    const a = buildAnatomy(pod, matrix);
    expect(a.basis).toBe("kernel");
    expect(a.sandboxNamespaces).toEqual(["net", "ipc", "uts"]);
    expect(a.hostNamespaces).toEqual(["cgroup", "user", "time"]);
    expect(a.containers.find((c) => c.name === "app")).toMatchObject({
      joins: ["net", "ipc", "uts"],
      own: ["pid", "mnt"],
      host: ["cgroup", "user", "time"],
    });
    expect(a.podIP).toBe("10.88.0.5");
    expect(a.containers.map((c) => [c.name, c.init, c.state, c.stateReason])).toEqual([
      ["setup", true, "terminated", "Completed"],
      ["app", false, "running", undefined],
      ["sidecar", false, "waiting", "CrashLoopBackOff"],
    ]);
    expect(a.containers[1].ports).toEqual([{ port: 8080, protocol: "TCP", name: undefined }]);
    expect(a.volumes).toEqual([
      { name: "shared", type: "emptyDir", usedBy: ["app", "sidecar"] },
      { name: "scratch", type: "emptyDir", usedBy: ["sidecar"] },
      { name: "unused", type: "emptyDir", usedBy: [] },
    ]);
  });

  it("renders pause, each container and the shared volume", () => {
    const html = renderToStaticMarkup(<SandboxAnatomy pod={pod} matrix={matrix} />);
    expect(html).toContain('data-container="POD"');
    expect(html).toContain("pause — the sandbox");
    expect(html).toContain('data-container="app"');
    expect(html).toContain("shared by app, sidecar");
    expect(html).toContain("10.88.0.5");
    expect(html).toContain("8080/TCP");
    // Each running container points at the namespaces it takes from pause.
    expect(html.match(/data-joins="net"/g)).toHaveLength(3);
    expect(html).not.toContain('data-joins="pid"');
    // The pause card lists what it holds; the host's namespaces are named apart, not as pause's.
    const pauseCard = html.slice(html.indexOf('data-container="POD"'));
    expect(pauseCard.match(/data-ns="[a-z]+"/g)).toEqual(['data-ns="net"', 'data-ns="ipc"', 'data-ns="uts"']);
    expect(pauseCard).toContain('data-host-namespaces="cgroup,user,time"');
    expect(html).not.toContain('data-joins="user"');
  });
});
