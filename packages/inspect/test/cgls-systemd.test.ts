// Our plain cgls output must be byte-for-byte what systemd-cgls prints for the same cgroups.
// systemd-cgls is only a test oracle (Debian package `systemd`); podscope never runs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { controllerDir, detectCgroupLayout, formatCgls, readCgroupTree, treeHierarchy, type CgroupLayout } from "../src/index";
import { randomId, requireRoot, Scratch } from "./helpers";

const SYSTEMD_CGLS = "/usr/bin/systemd-cgls";
const scratch = new Scratch();
const base = `/podscope-inspect-test-${randomId()}`;
let layout: CgroupLayout;

beforeAll(async () => {
  requireRoot();
  if (!existsSync(SYSTEMD_CGLS))
    throw new Error(`${SYSTEMD_CGLS} missing: apt-get install -y systemd (the comparison oracle of this test)`);
  layout = await detectCgroupLayout();
  const tree = treeHierarchy(layout).name;
  const d = (p: string) => controllerDir(layout, tree === "cgroup2" ? "" : tree, p)!;
  // Several siblings so the kernel's directory order (not alphabetical) shows; some empty.
  for (const p of ["zeta/inner", "alpha", "mid/deep/deeper", "empty1", "mid/empty2"]) await scratch.mkdirs(d(`${base}/${p}`));
  const put = async (p: string, args: string[]) => scratch.join(d(`${base}${p}`), (await scratch.start(args[0], args.slice(1))).pid);
  await put("", ["sleep", "310"]);
  await put("/zeta/inner", ["sleep", "311"]);
  await put("/zeta/inner", ["sleep", "312"]);
  await put("/alpha", ["bash", "-c", "exec -a 'renamed  argv0' sleep 313"]);
  await put("/mid/deep/deeper", ["sleep", "314"]);
});

afterAll(() => scratch.cleanup());

function systemdCgls(args: string[]): string {
  const tree = treeHierarchy(layout).name;
  const spec = tree === "cgroup2" ? base : `${tree}:${base}`;
  return execFileSync(SYSTEMD_CGLS, ["--no-pager", "--full", ...args, spec], {
    encoding: "utf8",
    env: { ...process.env, SYSTEMD_COLORS: "0" },
  });
}

describe("formatCgls against systemd-cgls", () => {
  it("default: empty cgroups hidden", async () => {
    const ours = formatCgls(await readCgroupTree({ root: base }), { annotate: false });
    expect(ours).toBe(systemdCgls([]));
    expect(ours).not.toContain("empty1");
  });

  it("--all: empty cgroups shown", async () => {
    const ours = formatCgls(await readCgroupTree({ root: base }), { annotate: false, all: true });
    expect(ours).toBe(systemdCgls(["--all"]));
    expect(ours).toContain("empty2");
  });
});
