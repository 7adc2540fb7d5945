// podscope exec and attach against the real server and the real local node: the server hands
// out containerd's streaming URL (token required), the CLI speaks channel.k8s.io to it, and the
// exit status is kubectl's (the command's own; 1 and a message for errors).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { podscope, startServer, until, type ServerProc } from "./helpers";

const env = { PODSCOPE_BRIDGE: "pscliexec0", PODSCOPE_POD_SUBNET: "10.219.7.0/24" };
const dir = mkdtempSync(join(tmpdir(), "podscope-cli-exec-"));
let server: ServerProc;
let E: Record<string, string>;
const cli = (args: string[], input?: string) => podscope(args, E, input);

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: shell
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: done
    image: busybox
    command: ["true"]
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo app-started; sleep 3600"]
  - name: side
    image: busybox
    command: ["sleep", "3600"]
`;

beforeAll(async () => {
  expect(process.getuid?.(), "these tests run real pods and need root").toBe(0);
  server = await startServer({ port: 17833, env });
  E = { ...server.env, ...env };
  const f = join(dir, "shell.yaml");
  writeFileSync(f, POD);
  expect((await cli(["apply", "-f", f])).code).toBe(0);
  await until(
    "app and side running",
    async () => {
      const p = JSON.parse((await cli(["get", "pod", "shell", "-o", "json"])).stdout);
      const cs = (n: string) => p.status?.containerStatuses?.find((c: { name: string }) => c.name === n);
      // "done" is an init container that completed: a container of the pod that does not run.
      const done = p.status?.initContainerStatuses?.find((c: { name: string }) => c.name === "done");
      return cs("app")?.state?.running && cs("side")?.state?.running && done?.state?.terminated;
    },
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  const r = await podscope(["down"], E);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe("podscope exec", () => {
  it("stdout and stderr apart, the command's exit status, kubectl's line for it", async () => {
    const r = await cli(["exec", "shell", "-c", "side", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toBe("err\ncommand terminated with exit code 3\n");
    expect(r.code).toBe(3);
  });

  it("defaults to the first container and says which", async () => {
    const r = await cli(["exec", "shell", "--", "hostname"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("shell\n");
    expect(r.stderr).toBe('Defaulted container "app" out of: app, side, done (init)\n');
  });

  it("-i passes stdin (-t without a terminal is dropped with kubectl's notice)", async () => {
    const r = await cli(["exec", "-i", "shell", "-c", "side", "--", "sh", "-c", "read a; echo got $a"], "hello\n");
    expect(r).toMatchObject({ code: 0, stdout: "got hello\n", stderr: "" });
    // The end of stdin reaches the command: `echo … | kubectl exec -i POD -- cat` ends.
    expect(await cli(["exec", "-i", "shell", "-c", "side", "--", "cat"], "line 1\nline 2")).toMatchObject({
      code: 0,
      stdout: "line 1\nline 2",
      stderr: "",
    });
    const t = await cli(["exec", "-it", "shell", "-c", "side", "--", "sh", "-c", "read a; echo got $a"], "tty-less\n");
    expect(t).toMatchObject({
      code: 0,
      stdout: "got tty-less\n",
      stderr: "Unable to use a TTY - input is not a terminal or the right kind of file\n",
    });
  });

  it("errors exit 1 with kubectl's messages", async () => {
    expect(await cli(["exec", "ghost", "--", "true"])).toMatchObject({
      code: 1,
      stderr: 'Error from server (NotFound): pods "ghost" not found\n',
    });
    expect(await cli(["exec", "shell", "-c", "nope", "--", "true"])).toMatchObject({
      code: 1,
      stderr: "Error from server (BadRequest): container nope is not valid for pod shell\n",
    });
    expect(await cli(["exec", "shell", "-c", "done", "--", "true"])).toMatchObject({
      code: 1,
      stderr: 'Error from server (BadRequest): unable to upgrade connection: container not found ("done")\n',
    });
    expect(await cli(["exec", "shell"])).toMatchObject({
      code: 1,
      stderr: "error: you must specify at least one command for the container\n",
    });
    expect(await cli(["exec", "shell", "ls"])).toMatchObject({
      code: 1,
      stderr: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n",
    });
    const missing = await cli(["exec", "shell", "-c", "side", "--", "/no/such/binary"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such file or directory|not found/);
  });

  it("needs the token: exec changes state", async () => {
    const r = await podscope(["exec", "shell", "-c", "side", "--", "true"], { ...E, PODSCOPE_TOKEN: "wrong" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unauthorized/);
  });
});

describe("podscope debug", () => {
  it("adds an ephemeral container in the target's pid namespace, shown in the pod's status", async () => {
    const r = await cli(["debug", "shell", "--image", "busybox", "--target", "side", "--", "sleep", "3600"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [targeting, defaulting] = r.stdout.trimEnd().split("\n");
    expect(targeting).toBe(
      `Targeting container "side". If you don't see processes from this container it may be because the container runtime doesn't support this feature.`,
    );
    const name = /^Defaulting debug container name to (debugger-\w{5})\.$/.exec(defaulting)?.[1];
    expect(name).toBeDefined();
    const p = await until("debugger running", async () => {
      const pod = JSON.parse((await cli(["get", "pod", "shell", "-o", "json"])).stdout);
      return pod.status?.ephemeralContainerStatuses?.find((s: { name: string }) => s.name === name)?.state?.running && pod;
    });
    expect(p.spec.ephemeralContainers[0]).toMatchObject({ name, image: "busybox", targetContainerName: "side" });
    // It sees the target's processes: side's sleep and its own.
    const ps = await cli(["exec", "shell", "-c", name!, "--", "ps", "-o", "args"]);
    expect(ps.stdout.split("\n").filter((l) => l.trim() === "sleep 3600")).toHaveLength(2);
  }, 60_000);

  it("-i attaches to it: stdin in, output out", async () => {
    // stdin stays open until the answer is seen: the end of an attach's stdin ends the attach (kubectl's too).
    const { spawn } = await import("node:child_process");
    const { ROOT } = await import("./helpers");
    const p = spawn(
      join(ROOT, "node_modules/.bin/tsx"),
      [join(ROOT, "packages/cli/src/main.ts"), "debug", "shell", "--image", "busybox", "-i", "-c", "dbg", "--", "sh"],
      { env: { ...process.env, ...E } },
    );
    let out = "";
    let errText = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (errText += d.toString()));
    const exited = new Promise<number | null>((r) => p.once("close", r));
    p.stdin.write("echo hello-from-debug\n");
    await until("the debug shell answers", async () => out.includes("hello-from-debug\n"), 30_000);
    p.stdin.end("exit 0\n");
    expect(await exited, errText).toBe(0);
    expect(out).toBe("hello-from-debug\n");
  }, 60_000);

  it("-i on a debug container that has already ended shows its logs instead (kubectl's fallback)", async () => {
    const r = await cli(["debug", "shell", "--image", "busybox", "-i", "-q", "-c", "quick", "--", "echo", "said-and-gone"]);
    expect(r).toEqual({ code: 0, stdout: "said-and-gone\n", stderr: "" });
  }, 60_000);

  it("kubectl's refusals", async () => {
    expect(await cli(["debug", "shell"])).toMatchObject({ code: 1, stderr: "error: you must specify --image when not using --copy-to.\n" });
    expect(await cli(["debug", "shell", "--image", "busybox", "-t"])).toMatchObject({
      code: 1,
      stderr: "error: -i/--stdin is required for containers with -t/--tty=true\n",
    });
    const dup = await cli(["debug", "shell", "--image", "busybox", "-c", "side"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^Error from server \(Invalid\): .*spec\.ephemeralContainers\[\d+\]\.name: Duplicate value: "side"/);
  });
});

describe("podscope attach", () => {
  it("streams the main process's output until interrupted", async () => {
    // The container printed before the attach; a new line shows it is attached.
    const f = join(dir, "ticker.yaml");
    writeFileSync(
      f,
      POD.replace("name: shell", "name: ticker").replace('"echo app-started; sleep 3600"', '"while true; do echo tick; sleep 0.3; done"'),
    );
    expect((await cli(["apply", "-f", f])).code).toBe(0);
    await until(
      "ticker running",
      async () => JSON.parse((await cli(["get", "pod", "ticker", "-o", "json"])).stdout).status?.containerStatuses?.[0]?.state?.running,
    );
    const { spawn } = await import("node:child_process");
    const { ROOT } = await import("./helpers");
    const p = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "packages/cli/src/main.ts"), "attach", "ticker", "-c", "app"], {
      env: { ...process.env, ...E },
    });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await until("ticks through attach", async () => out.includes("tick\ntick\n"), 20_000);
    p.kill("SIGINT");
    await new Promise((r) => p.once("close", r));
  }, 60_000);
});
