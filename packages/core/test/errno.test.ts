import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { errnoCode, isErrno } from "../src/errno";

describe("errnoCode", () => {
  it("reads the errno name of a real system error", () => {
    let caught: unknown;
    try {
      readFileSync("/nonexistent/podscope-errno-test");
    } catch (e) {
      caught = e;
    }
    expect(errnoCode(caught)).toBe("ENOENT");
    expect(isErrno(caught, "ESRCH", "ENOENT")).toBe(true);
    expect(isErrno(caught, "EACCES")).toBe(false);
  });
  it("is undefined for anything that is not a system error", () => {
    for (const v of [undefined, null, "ENOENT", 2, new Error("ENOENT"), { code: 2 }]) expect(errnoCode(v)).toBeUndefined();
  });
});
