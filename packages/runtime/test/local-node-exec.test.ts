// exec and attach on real containerd: CRI Exec/Attach give a URL on containerd's streaming
// server; the channel.k8s.io WebSocket protocol carries stdin/stdout/stderr and the exit status.
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKubeError } from "@podscope/core";
import { runStreamSession, type StreamSessionOptions } from "../src/exec";
import { cs, pod, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";

let t: KubeletTestNode;
beforeAll(async () => {
  t = await startTestNode("exec");
  await t.node.createPod(
    pod("box", {
      containers: [
        sh("main", "echo started; while read line; do echo got:$line; done; sleep 3600", { stdin: true } as object),
        sh("side", "sleep 3600"),
      ],
    }),
  );
  await waitForPod(
    t.node,
    "box",
    "running",
    (p) => cs(p, "main").state?.running !== undefined && cs(p, "side").state?.running !== undefined,
  );
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** Runs one session and collects what came back. */
async function run(url: string, o: Omit<StreamSessionOptions, "stdout" | "stderr"> = {}) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on("data", (c: Buffer) => err.push(c));
  const r = await runStreamSession(url, { ...o, stdout, stderr });
  return { ...r, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const exec = (command: string[], extra: { container?: string; stdin?: boolean; tty?: boolean } = {}) =>
  t.node.streamUrl("default", "box", { kind: "exec", command, stdin: !!extra.stdin, tty: !!extra.tty, container: extra.container });

describe("exec through containerd's streaming server", () => {
  it("stdout, stderr and the exit code of the command", async () => {
    const target = await exec(["sh", "-c", "echo out; echo err >&2; exit 7"], { container: "main" });
    expect(target.container).toBe("main");
    const r = await run(target.url);
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toBe("err\n");
    expect(r.outcome).toEqual({ exitCode: 7 });
    expect(["v5.channel.k8s.io", "v4.channel.k8s.io"]).toContain(r.protocol);
  });

  it("exit 0 is success; a command that does not exist is an error message", async () => {
    expect((await run((await exec(["true"], { container: "side" })).url)).outcome).toEqual({ exitCode: 0 });
    const r = await run((await exec(["/no/such/cmd"], { container: "side" })).url);
    expect("error" in r.outcome ? r.outcome.error : `exit ${JSON.stringify(r.outcome)}`).toMatch(
      /no such file or directory|not found|exec failed/i,
    );
  });

  it("stdin reaches the command", async () => {
    const target = await exec(["sh", "-c", "read x; echo you said $x"], { container: "side", stdin: true });
    const r = await run(target.url, { stdin: Readable.from([Buffer.from("hello\n")]) });
    expect(r.stdout).toBe("you said hello\n");
    expect(r.outcome).toEqual({ exitCode: 0 });
  });

  // kubectl gives a terminal only with stdin (-it; SetupTTY drops -t alone), so does the CLI.
  it("the end of stdin reaches the command (SPDY's FIN): cat ends with its input", async () => {
    const target = await exec(["cat"], { container: "side", stdin: true });
    const r = await run(target.url, { stdin: Readable.from([Buffer.from("abc\n"), Buffer.from("def")]) });
    expect(r).toMatchObject({ stdout: "abc\ndef", outcome: { exitCode: 0 }, protocol: "v4.channel.k8s.io" });
  });

  it("a tty (with stdin): one stream, \\r\\n line ends, and the size sent reaches the terminal", async () => {
    const target = await exec(["sh", "-c", "sleep 0.5; stty size; echo done"], { container: "side", tty: true, stdin: true });
    const r = await run(target.url, { tty: true, size: { cols: 91, rows: 33 }, stdin: new PassThrough() });
    expect(r.stdout).toBe("33 91\r\ndone\r\n");
    expect(r.stderr).toBe("");
    expect(r.outcome).toEqual({ exitCode: 0 });
  });

  it("kubectl's and kubelet's refusals", async () => {
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
        return "no error";
      } catch (e) {
        return isKubeError(e) ? `${e.reason}: ${e.message}` : String(e);
      }
    };
    expect(await err(exec(["true"], { container: "nope" }))).toBe("BadRequest: container nope is not valid for pod box");
    expect(await err(t.node.streamUrl("default", "ghost", { kind: "exec", command: ["true"], stdin: false, tty: false }))).toBe(
      'NotFound: pods "ghost" not found',
    );
    expect(await err(exec([]))).toBe("BadRequest: you must specify at least one command for the container");
    const d = await exec(["true"]);
    expect(d.container).toBe("main");
    expect(d.defaultedFrom).toEqual(["main", "side"]);
  });
});

describe("attach", () => {
  it("attaches to the main process: its stdin in, its stdout out", async () => {
    const target = await t.node.streamUrl("default", "box", { kind: "attach", container: "main", stdin: true, tty: false });
    const stdin = new PassThrough();
    const out: string[] = [];
    const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c.toString()));
    const session = runStreamSession(target.url, { stdin, stdout });
    stdin.write("ping\n");
    const deadline = Date.now() + 10_000;
    while (!out.join("").includes("got:ping") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out.join("")).toContain("got:ping");
    // Detach: end the session from our side; the container keeps running.
    stdin.end();
    const r = await Promise.race([session, new Promise<"open">((r) => setTimeout(() => r("open"), 3000))]);
    expect(r === "open" || "outcome" in r).toBe(true);
  }, 30_000);
});

describe("ephemeral debug containers", () => {
  const psOf = async (container: string) => {
    const r = await run((await exec(["ps", "-o", "args"], { container })).url);
    return r.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && l !== "COMMAND");
  };

  it("with --target, it joins the target's pid namespace and sees its processes; shown in ephemeralContainerStatuses, never ready", async () => {
    const { container } = await t.node.debug("default", "box", {
      image: "busybox",
      target: "side",
      command: ["sleep", "3600"],
      name: "dbg",
    });
    expect(container).toBe("dbg");
    const p = await waitForPod(
      t.node,
      "box",
      "dbg running",
      (p) =>
        (p.status?.ephemeralContainerStatuses as { name: string; state?: { running?: object } }[] | undefined)?.find(
          (s) => s.name === "dbg",
        )?.state?.running !== undefined,
    );
    const st = (p.status!.ephemeralContainerStatuses as { name: string; ready: boolean; restartCount: number; containerID?: string }[])[0];
    expect(st).toMatchObject({ name: "dbg", ready: false, restartCount: 0 });
    expect(st.containerID).toMatch(/^containerd:\/\//);
    expect((p.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers).toEqual([
      expect.objectContaining({ name: "dbg", image: "busybox", targetContainerName: "side", command: ["sleep", "3600"] }),
    ]);
    // The target's own process (sleep 3600 as its PID 1) is visible from the debug container.
    const seen = await psOf("dbg");
    expect(seen.filter((a) => a === "sleep 3600")).toHaveLength(2); // side's and dbg's own
    expect(await psOf("side")).toContain("sleep 3600");
    const ev = t.node
      .listEvents({ name: "box" })
      .filter((e) => e.involvedObject.fieldPath === "spec.ephemeralContainers{dbg}")
      .map((e) => `${e.reason}: ${e.message}`);
    expect(ev).toEqual(expect.arrayContaining(["Created: Created container: dbg", "Started: Started container dbg"]));
  }, 30_000);

  it("without a target it has a pid namespace of its own; it runs once and stays terminated", async () => {
    const { container } = await t.node.debug("default", "box", {
      image: "busybox",
      command: ["sh", "-c", "ps -o args | grep -c sleep; exit 3"],
    });
    expect(container).toMatch(/^debugger-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const p = await waitForPod(
      t.node,
      "box",
      `${container} terminated`,
      (p) =>
        (p.status?.ephemeralContainerStatuses as { name: string; state?: { terminated?: object } }[]).find((s) => s.name === container)
          ?.state?.terminated !== undefined,
      15_000,
    );
    const st = (
      p.status!.ephemeralContainerStatuses as {
        name: string;
        state: { terminated: { exitCode: number; reason: string } };
        restartCount: number;
      }[]
    ).find((s) => s.name === container)!;
    expect(st.state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    // Its log is the container's like any other's (`podscope logs box -c debugger-…`).
    let log = "";
    for await (const l of t.node.logs("default", "box", container)) log += l;
    expect(log).toMatch(/^\d+\n$/);
    expect(st.restartCount).toBe(0);
    expect(p.status?.phase).toBe("Running");
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      (t.node.getPod("default", "box")!.status!.ephemeralContainerStatuses as { restartCount: number }[]).every(
        (s) => s.restartCount === 0,
      ),
    ).toBe(true);
  }, 30_000);

  it("the API server's refusals: a name in use, a target that is not a container of the pod", async () => {
    const err = async (p: Promise<unknown>) => {
      try {
        await p;
        return "no error";
      } catch (e) {
        return isKubeError(e) ? `${e.reason}: ${e.message}` : String(e);
      }
    };
    expect(await err(t.node.debug("default", "box", { image: "busybox", name: "side" }))).toMatch(
      /^Invalid: .*spec\.ephemeralContainers\[\d+\]\.name: Duplicate value: "side"/,
    );
    expect(await err(t.node.debug("default", "box", { image: "busybox", target: "nope" }))).toMatch(
      /^Invalid: .*spec\.ephemeralContainers\[\d+\]\.targetContainerName: Not found: "nope"/,
    );
  });
});
