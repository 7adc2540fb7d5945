// fsRoot: the host seen through another directory (an agent pod mounting the host at /host). A
// private mount namespace (unshare --mount) gets the host's /proc and /sys/fs/cgroup bind-mounted
// below a temporary directory; a child process reads the tree through fsRoot there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { controllerDir, detectCgroupLayout, treeHierarchy, type CgroupJson, type CgroupLayout } from "../src/index";
import { randomId, requireRoot, Scratch } from "./helpers";

const scratch = new Scratch();
const base = `/podscope-inspect-test-${randomId()}`;
const hostRoot = mkdtempSync(`${tmpdir()}/podscope-inspect-fsroot-`);
let pid: number;
let hostLayout: CgroupLayout;

beforeAll(async () => {
  requireRoot();
  hostLayout = await detectCgroupLayout();
  const tree = treeHierarchy(hostLayout).name;
  const dir = controllerDir(hostLayout, tree === "cgroup2" ? "" : tree, `${base}/inner`)!;
  await scratch.mkdirs(dir);
  pid = (await scratch.start("sleep", ["330"])).pid;
  await scratch.join(dir, pid);
});

afterAll(async () => {
  await scratch.cleanup();
  // the mounts lived only in the child's mount namespace: nothing to unmount here
  rmSync(hostRoot, { recursive: true, force: true });
});

describe("fsRoot", () => {
  it("reads layout and tree of the host through a directory the host is mounted on", () => {
    const tsx = createRequire(import.meta.url).resolve("tsx/cli");
    const child = fileURLToPath(new URL("./fixtures/fsroot-child.ts", import.meta.url));
    const script = [
      `mkdir -p "$1/proc" "$1/sys/fs/cgroup"`,
      `mount --bind /proc "$1/proc"`,
      `mount --rbind /sys/fs/cgroup "$1/sys/fs/cgroup"`,
      `exec "$2" "$3" "$4" "$1" "$5"`,
    ].join(" && ");
    const out = execFileSync(
      "unshare",
      ["--mount", "--propagation", "private", "sh", "-c", script, "sh", hostRoot, process.execPath, tsx, child, base],
      { encoding: "utf8" },
    );
    const { layout, tree } = JSON.parse(out) as { layout: CgroupLayout; tree: CgroupJson };
    const th = treeHierarchy(hostLayout);
    expect(treeHierarchy(layout).mount.mountPoint).toBe(hostRoot + th.mount.mountPoint);
    expect(tree.path).toBe(base);
    expect(tree.children.map((c) => c.path)).toEqual([`${base}/inner`]);
    expect(tree.children[0].processes).toEqual([{ pid, command: "sleep 330" }]);
  });
});
