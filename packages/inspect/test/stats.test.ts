import { describe, expect, it } from "vitest";
import {
  CgroupFileError,
  parseCgroupProcs,
  parseCpuMax,
  parseProcCgroup,
  parseV1MemoryLimit,
  parseV1Stats,
  parseV2Stats,
} from "../src/index";

describe("v1 memory limit", () => {
  it.each([
    ["9223372036854771712\n", null], // LONG_MAX rounded to 4 KiB pages: unlimited
    ["9223372036854710272\n", null], // the same with 64 KiB pages
    ["67108864\n", 67108864],
    ["0\n", 0],
  ])("%s → %s", (raw, v) => expect(parseV1MemoryLimit(raw)).toBe(v));
});

describe("v2 cpu.max", () => {
  it.each([
    ["max 100000\n", { quotaMicros: null, periodMicros: 100000 }],
    ["50000 100000\n", { quotaMicros: 50000, periodMicros: 100000 }],
    ["max\n", { quotaMicros: null }],
  ])("%j", (raw, v) => expect(parseCpuMax(raw)).toEqual(v));

  it.each(["", "a b", "1 2 3", "100 max"])("rejects %j", (raw) => expect(() => parseCpuMax(raw)).toThrow(CgroupFileError));
});

describe("parseV1Stats", () => {
  it("reads memory, cpu and pids; -1 quota and huge limit mean none", () => {
    expect(
      parseV1Stats({
        "memory.usage_in_bytes": "1232896\n",
        "memory.limit_in_bytes": "9223372036854771712\n",
        "cpu.shares": "2\n",
        "cpu.cfs_quota_us": "-1\n",
        "cpu.cfs_period_us": "100000\n",
        "pids.current": "3\n",
        "pids.max": "max\n",
      }),
    ).toEqual({
      memory: { usageBytes: 1232896, limitBytes: null },
      cpu: { shares: 2, quotaMicros: null, periodMicros: 100000 },
      pids: { current: 3, max: null },
    });
  });

  it("a burstable container with limits", () => {
    expect(
      parseV1Stats({
        "memory.usage_in_bytes": "4096",
        "memory.limit_in_bytes": "134217728",
        "cpu.shares": "512",
        "cpu.cfs_quota_us": "50000",
        "cpu.cfs_period_us": "100000",
        "pids.current": "1",
        "pids.max": "1024",
      }),
    ).toEqual({
      memory: { usageBytes: 4096, limitBytes: 134217728 },
      cpu: { shares: 512, quotaMicros: 50000, periodMicros: 100000 },
      pids: { current: 1, max: 1024 },
    });
  });

  it("leaves out controllers whose files are absent", () => {
    expect(parseV1Stats({ "memory.usage_in_bytes": "1", "memory.limit_in_bytes": "2" })).toEqual({
      memory: { usageBytes: 1, limitBytes: 2 },
    });
    expect(parseV1Stats({})).toEqual({});
  });

  it("names the file in the error for garbage", () => {
    expect(() => parseV1Stats({ "memory.usage_in_bytes": "lots", "memory.limit_in_bytes": "1" })).toThrow(
      'memory.usage_in_bytes: expected an integer, got "lots"',
    );
  });
});

describe("parseV2Stats", () => {
  it.each([
    [
      "no limits",
      {
        "memory.current": "8192\n",
        "memory.max": "max\n",
        "cpu.weight": "100\n",
        "cpu.max": "max 100000\n",
        "pids.current": "2\n",
        "pids.max": "max\n",
      },
      {
        memory: { usageBytes: 8192, limitBytes: null },
        cpu: { weight: 100, quotaMicros: null, periodMicros: 100000 },
        pids: { current: 2, max: null },
      },
    ],
    [
      "limits",
      {
        "memory.current": "8192",
        "memory.max": "67108864",
        "cpu.weight": "4",
        "cpu.max": "25000 100000",
        "pids.current": "2",
        "pids.max": "10",
      },
      {
        memory: { usageBytes: 8192, limitBytes: 67108864 },
        cpu: { weight: 4, quotaMicros: 25000, periodMicros: 100000 },
        pids: { current: 2, max: 10 },
      },
    ],
    ["root cgroup: no interface files", {}, {}],
    ["only memory enabled", { "memory.current": "1", "memory.max": "max" }, { memory: { usageBytes: 1, limitBytes: null } }],
  ])("%s", (_n, files, v) => expect(parseV2Stats(files)).toEqual(v));
});

describe("cgroup.procs and /proc/<pid>/cgroup", () => {
  it("sorts and de-duplicates pids", () => expect(parseCgroupProcs("30\n4\n30\n\n")).toEqual([4, 30]));
  it("rejects a non-pid line", () => expect(() => parseCgroupProcs("12\nabc\n")).toThrow(/expected a pid per line, got "abc"/));
  it("maps controllers and the unified hierarchy to paths", () => {
    const m = parseProcCgroup("9:name=systemd:/\n4:memory:/process_api/56df\n1:cpu,cpuacct:/x\n0::/init.scope\n");
    expect(m).toEqual({ "name=systemd": "/", memory: "/process_api/56df", cpu: "/x", cpuacct: "/x", "": "/init.scope" });
  });
});
