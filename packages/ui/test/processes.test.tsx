import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ProcessNode } from "../src/inspection";
import { flattenProcesses, ProcessTree } from "../src/processes/ProcessTree";

const p = (pid: number, ppid: number, command: string, container: string, state = "S", children: ProcessNode[] = []): ProcessNode => ({
  pid,
  ppid,
  comm: command.split(" ")[0],
  command,
  container,
  state,
  children,
});

// A shared-pid pod: pause adopted an orphan that has exited and not been reaped yet.
const tree = [
  p(300, 1, "sh -c loop", "parent", "S", [p(320, 300, "sleep 10", "parent"), p(310, 300, "sleep 1", "parent")]),
  p(100, 1, "/pause", "POD", "S", [p(330, 100, "[sleep]", "parent", "Z")]),
];

describe("process tree", () => {
  it("puts pause first and children under their parent, in PID order", () => {
    expect(flattenProcesses(tree).map((l) => [l.node.pid, l.depth])).toEqual([
      [100, 0],
      [330, 1],
      [300, 0],
      [310, 1],
      [320, 1],
    ]);
  });

  it("marks zombies and names the sandbox", () => {
    const html = renderToStaticMarkup(<ProcessTree processes={tree} />);
    expect(html).toContain('aria-label="Processes"');
    expect(html).toMatch(/data-pid="330" data-state="Z" class="bg-red-50/);
    expect(html).toContain("Z zombie");
    expect(html).toContain('<td class="pr-3">pause</td>');
  });
});
