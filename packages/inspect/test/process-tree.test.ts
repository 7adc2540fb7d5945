import { describe, expect, it } from "vitest";
import { buildProcessTree, formatProcessTree } from "../src/index";

const p = (pid: number, ppid: number, command: string, state = "S", container?: string) => ({
  pid,
  ppid,
  comm: command.split(" ")[0],
  command,
  state,
  container,
});

describe("buildProcessTree", () => {
  it("nests children under parents; parents outside the set make roots", () => {
    const roots = buildProcessTree([p(30, 20, "sleep 1", "Z"), p(20, 5, "sh -c x"), p(10, 5, "/pause"), p(31, 20, "sleep 2")]);
    expect(roots.map((r) => r.pid)).toEqual([10, 20]);
    expect(roots[1].children.map((c) => [c.pid, c.state])).toEqual([
      [30, "Z"],
      [31, "S"],
    ]);
  });

  it("pid 1 with ppid 0 is a root, not its own child", () => {
    expect(buildProcessTree([p(1, 0, "/pause")])[0].children).toEqual([]);
  });

  it.each([
    [[p(0, 0, "x")], /positive integer/],
    [[p(3, 1, "a"), p(3, 1, "a")], /process 3 appears twice/],
  ])("rejects bad input %#", (input, msg) => expect(() => buildProcessTree(input)).toThrow(msg));
});

describe("formatProcessTree", () => {
  it("ps --forest layout, zombies marked <defunct>", () => {
    const roots = buildProcessTree([p(10, 5, "/pause", "S", "POD"), p(20, 5, "sh -c x", "S", "web"), p(30, 20, "[sleep]", "Z", "web")]);
    expect(formatProcessTree(roots)).toBe(
      [
        "PID PPID S CONTAINER COMMAND",
        " 10    5 S POD       /pause",
        " 20    5 S web       sh -c x",
        " 30   20 Z web        \\_ [sleep] <defunct>",
        "",
      ].join("\n"),
    );
  });
});
