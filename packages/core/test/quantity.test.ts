import { describe, expect, it } from "vitest";
import { bytes, cpuMillis, formatBytes, formatMillicores, parseQuantity, QuantityError } from "../src/quantity";

describe("quantities", () => {
  it.each([
    ["100m", 0.1],
    ["1", 1],
    ["1.5", 1.5],
    ["2k", 2000],
    ["1Ki", 1024],
    ["64Mi", 64 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1e3", 1000],
    ["1.5E2", 150],
    [".5", 0.5],
    ["500u", 0.0005],
  ])("parses %s", (q, v) => expect(parseQuantity(q)).toBeCloseTo(v as number, 9));

  it("counts cpu in millicores, rounding sub-millicore values up", () => {
    expect(cpuMillis("250m")).toBe(250);
    expect(cpuMillis("2")).toBe(2000);
    expect(cpuMillis("0.0001")).toBe(1);
    expect(cpuMillis(0.5)).toBe(500);
  });

  it("counts memory in bytes", () => expect(bytes("128Mi")).toBe(134217728));

  it.each(["", "abc", "1Xi", "1.2.3", "Mi"])("rejects %j", (q) => expect(() => parseQuantity(q)).toThrow(QuantityError));

  it("formats for display", () => {
    expect(formatBytes(1536 * 2 ** 20)).toBe("1.5Gi");
    expect(formatBytes(512)).toBe("512");
    expect(formatMillicores(250)).toBe("250m");
    expect(formatMillicores(2000)).toBe("2");
  });
});
