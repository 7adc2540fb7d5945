import { describe, expect, it } from "vitest";
import { cgroupDir, controllerDir, MountInfoError, normalizeCgroupPath, parseMountInfo, treeHierarchy, v2Layout } from "../src/index";

// As this machine has it: v1 controllers, name=systemd and a cgroup2 mount at /sys/fs/cgroup/unified.
const HYBRID = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
// A typical Kubernetes node today: pure v2.
const V2 = `22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw
30 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;
// Older distributions: cpu and cpuacct co-mounted, plus a mount point with a space in it.
const V1_COMOUNT = `25 20 0:21 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
26 20 0:22 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory,clone_children
27 20 0:23 / /mnt/my\\040cgroups rw - cgroup cgroup rw,pids
`;
// Inside a container with a cgroup namespace off: the hierarchy's mount shows only a subtree.
const NESTED = `40 31 0:32 /kubepods/besteffort/podabc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory
`;

describe("parseMountInfo", () => {
  it.each([
    ["hybrid", HYBRID, "hybrid", ["cpu", "cpuacct", "memory", "name=systemd", "pids"], "/sys/fs/cgroup/unified", "memory"],
    ["pure v2", V2, "v2", [], "/sys/fs/cgroup", "cgroup2"],
    ["v1 co-mounted", V1_COMOUNT, "v1", ["cpu", "cpuacct", "memory", "pids"], null, "memory"],
  ])("%s", (_n, text, version, controllers, unified, tree) => {
    const l = parseMountInfo(text);
    expect(l.version).toBe(version);
    expect(Object.keys(l.v1).sort()).toEqual(controllers);
    expect(l.unified?.mountPoint ?? null).toBe(unified);
    expect(treeHierarchy(l).name).toBe(tree);
  });

  it("keeps co-mounted controllers on one mount point and unescapes \\040", () => {
    const l = parseMountInfo(V1_COMOUNT);
    expect(l.v1.cpu.mountPoint).toBe("/sys/fs/cgroup/cpu,cpuacct");
    expect(l.v1.cpuacct.mountPoint).toBe("/sys/fs/cgroup/cpu,cpuacct");
    expect(l.v1.pids.mountPoint).toBe("/mnt/my cgroups");
    // clone_children is a mount flag, not a controller
    expect(l.v1.clone_children).toBeUndefined();
  });

  it("prefers a mount of the whole hierarchy over a bind mount of a subtree", () => {
    const l = parseMountInfo(NESTED + HYBRID);
    expect(l.v1.memory).toEqual({ root: "/", mountPoint: "/sys/fs/cgroup/memory" });
  });

  it.each([
    ["no cgroup mounted", "22 1 259:1 / / rw - ext4 /dev/root rw\n", /no cgroup or cgroup2 file system is mounted/],
    ["no separator", "22 1 259:1 / / rw ext4 /dev/root rw\n", /line 1 has no " - " separator/],
    ["too few fields", "22 1 / - cgroup2 cgroup2 rw\n", /line 1 has too few fields/],
  ])("rejects %s with a readable error", (_n, text, msg) => {
    expect(() => parseMountInfo(text)).toThrow(MountInfoError);
    expect(() => parseMountInfo(text)).toThrow(msg);
  });
});

describe("cgroup paths to directories", () => {
  it.each([
    [{ mountPoint: "/sys/fs/cgroup/memory", root: "/" }, "/kubepods/pod1", "/sys/fs/cgroup/memory/kubepods/pod1"],
    [{ mountPoint: "/sys/fs/cgroup/memory", root: "/" }, "/", "/sys/fs/cgroup/memory"],
    [{ mountPoint: "/sys/fs/cgroup/memory/", root: "/" }, "kubepods//pod1/", "/sys/fs/cgroup/memory/kubepods/pod1"],
    [{ mountPoint: "/c", root: "/kubepods/besteffort/podabc" }, "/kubepods/besteffort/podabc/x", "/c/x"],
    [{ mountPoint: "/c", root: "/kubepods/besteffort/podabc" }, "/kubepods/besteffort/podabc", "/c"],
    [{ mountPoint: "/c", root: "/kubepods/besteffort/podabc" }, "/kubepods/burstable", null],
    // "/podabcdef" is not below "/podabc" although the string starts with it
    [{ mountPoint: "/c", root: "/podabc" }, "/podabcdef", null],
  ])("%j + %s → %s", (mount, path, dir) => {
    expect(cgroupDir(mount, path)).toBe(dir);
  });

  it("finds v1 controllers in their own hierarchy and v2 in the one mount", () => {
    const l = parseMountInfo(HYBRID);
    expect(controllerDir(l, "pids", "/a")).toBe("/sys/fs/cgroup/pids/a");
    expect(controllerDir(l, "blkio", "/a")).toBeNull();
    expect(controllerDir(v2Layout("/sys/fs/cgroup"), "pids", "/a")).toBe("/sys/fs/cgroup/a");
  });

  it("rejects .. in a cgroup path", () => {
    expect(() => normalizeCgroupPath("/kubepods/../etc")).toThrow(/must not contain ".."/);
  });
});
