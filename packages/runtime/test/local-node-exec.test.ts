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
  await t.node.createPod(pod("box", {
    containers: [
      sh("main", "echo started; while read line; do echo got:$line; done; sleep 3600", { stdin: true } as object),
      sh("side", "sleep 3600"),
    ],
  }));
  await waitForPod(t.node, "box", "running", (p) => cs(p, "main").state?.running !== undefined && cs(p, "side").state?.running !== undefined);
}, 60_000);
afterAll(async () => { await t?.close(); });

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
    expect("error" in r.outcome ? r.outcome.error : `exit ${JSON.stringify(r.outcome)}`).toMatch(/no such file or directory|not found|exec failed/i);
  });

  it("stdin reaches the command", async () => {
    const target = await exec(["sh", "-c", "read x; echo you said $x"], { container: "side", stdin: true });
    const r = await run(target.url, { stdin: Readable.from([Buffer.from("hello\n")]) });
    expect(r.stdout).toBe("you said hello\n");
    expect(r.outcome).toEqual({ exitCode: 0 });
  });

  // kubectl gives a terminal only with stdin (-it; SetupTTY drops -t alone), so does the CLI.
  it("a tty (with stdin): one stream, \\r\\n line ends, and the size sent reaches the terminal", async () => {
    const target = await exec(["sh", "-c", "sleep 0.5; stty size; echo done"], { container: "side", tty: true, stdin: true });
    const r = await run(target.url, { size: { cols: 91, rows: 33 }, stdin: new PassThrough() });
    expect(r.stdout).toBe("33 91\r\ndone\r\n");
    expect(r.stderr).toBe("");
    expect(r.outcome).toEqual({ exitCode: 0 });
  });

  it("kubectl's and kubelet's refusals", async () => {
    const err = async (p: Promise<unknown>) => { try { await p; return "no error"; } catch (e) { return isKubeError(e) ? `${e.reason}: ${e.message}` : String(e); } };
    expect(await err(exec(["true"], { container: "nope" }))).toBe("BadRequest: container nope is not valid for pod box");
    expect(await err(t.node.streamUrl("default", "ghost", { kind: "exec", command: ["true"], stdin: false, tty: false }))).toBe('NotFound: pods "ghost" not found');
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
