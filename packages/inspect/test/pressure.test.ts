// PSI files of cgroup v2 → pressure figures, and how the tree prints them.
import { describe, expect, it } from "vitest";
import {
  cgroupAnnotation,
  CgroupFileError,
  parseCgroupPressure,
  parsePressure,
  parseV2Stats,
  pressureText,
  type CgroupNode,
} from "../src/index";

const CPU = "some avg10=1.25 avg60=0.50 avg300=0.10 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
const MEM = "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n";

describe("PSI", () => {
  it("parses some and full lines (full may be absent, as cpu on kernels before 5.13)", () => {
    expect(parsePressure("cpu.pressure", CPU)).toEqual({
      some: { avg10: 1.25, avg60: 0.5, avg300: 0.1, totalMicros: 123456 },
      full: { avg10: 0, avg60: 0, avg300: 0, totalMicros: 0 },
    });
    expect(parsePressure("cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=9\n")).toEqual({
      some: { avg10: 0, avg60: 0, avg300: 0, totalMicros: 9 },
    });
  });

  it("rejects what is not a PSI file, naming the file", () => {
    expect(() => parsePressure("io.pressure", "weird avg10=1")).toThrow(CgroupFileError);
    expect(() => parsePressure("io.pressure", "some avg10=x avg60=0 avg300=0 total=0")).toThrow(/io.pressure: malformed field "avg10=x"/);
    expect(() => parsePressure("io.pressure", "some avg10=0.00 avg60=0.00 total=0")).toThrow(/lacks avg300/);
    expect(() => parsePressure("io.pressure", "full avg10=0.00 avg60=0.00 avg300=0.00 total=0")).toThrow(/no "some" line/);
  });

  it("is part of the v2 stats when the files exist, absent otherwise", () => {
    expect(parseCgroupPressure({})).toBeUndefined();
    const s = parseV2Stats({ "cpu.pressure": CPU, "memory.pressure": MEM, "pids.current": "1", "pids.max": "max" });
    expect(s.pressure?.cpu?.some.avg10).toBe(1.25);
    expect(s.pressure?.memory?.full?.totalMicros).toBe(3);
    expect(s.pressure?.io).toBeUndefined();
    expect(pressureText(s.pressure!)).toBe("psi cpu 1.25% mem 0.00%");
  });

  it("shows in the cgls annotation after the limits", () => {
    const node: CgroupNode = {
      path: "/kubepods/besteffort/podx",
      name: "podx",
      kind: "pod",
      podUid: "x",
      processes: [],
      children: [],
      pids: { current: 2, max: 100 },
      pressure: parseCgroupPressure({ "cpu.pressure": CPU }),
    };
    expect(cgroupAnnotation(node)).toBe("pod x (unknown to podscope) · pids 2/100 · psi cpu 1.25%");
  });
});
