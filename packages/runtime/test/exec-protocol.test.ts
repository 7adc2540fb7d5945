// The pure parts of exec/attach: WebSocket frame coding, the channel.k8s.io messages, the exit
// code from the final Status, and the choice of container with kubectl's and kubelet's messages.
import { describe, expect, it } from "vitest";
import { isKubeError, type Pod } from "@podscope/core";
import {
  channelMessage,
  closeStdinMessage,
  defaultContainer,
  parseChannelMessage,
  resizeMessage,
  streamOutcome,
  streamTarget,
} from "../src/exec";
import { deflateSync, inflateSync } from "node:zlib";
import {
  CONTROL,
  controlFrame,
  dataFrame,
  DICTIONARY_SHA256,
  dictionarySha256,
  FLAG_FIN,
  headerBlock,
  headerDictionary,
  SpdyFrameDecoder,
} from "../src/exec/spdy";
import { acceptKey, encodeFrame, FrameDecoder, MessageAssembler, OPCODE } from "../src/exec/websocket";

describe("WebSocket frames", () => {
  it("the accept key of RFC 6455's example", () => {
    expect(acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });

  it("round-trips short, 16-bit and 64-bit lengths, masked and not, fed byte by byte", () => {
    for (const len of [0, 5, 125, 126, 65535, 65536, 70000]) {
      const payload = Buffer.alloc(len, 7);
      for (const mask of [undefined, Buffer.from([1, 2, 3, 4])]) {
        const wire = encodeFrame(OPCODE.binary, payload, mask);
        expect(wire[1] & 0x80).toBe(mask ? 0x80 : 0);
        const d = new FrameDecoder();
        const frames = [];
        // Split the frame at awkward places: every header byte, then the rest.
        for (let i = 0; i < Math.min(wire.length, 14); i++) frames.push(...d.push(wire.subarray(i, i + 1)));
        if (wire.length > 14) frames.push(...d.push(wire.subarray(14)));
        expect(frames).toHaveLength(1);
        expect(frames[0]).toMatchObject({ fin: true, opcode: OPCODE.binary });
        expect(frames[0].payload.equals(payload)).toBe(true);
      }
    }
  });

  it("masking hides the payload on the wire", () => {
    const wire = encodeFrame(OPCODE.binary, Buffer.from("abcd"), Buffer.from([0xff, 0xff, 0xff, 0xff]));
    expect(wire.subarray(6).toString("latin1")).not.toBe("abcd");
  });

  it("joins fragments; control frames pass between them", () => {
    const a = new MessageAssembler();
    expect(a.push({ fin: false, opcode: OPCODE.binary, payload: Buffer.from("ab") })).toBeUndefined();
    expect(a.push({ fin: true, opcode: OPCODE.ping, payload: Buffer.from("p") })).toEqual({ opcode: OPCODE.ping, data: Buffer.from("p") });
    expect(a.push({ fin: true, opcode: OPCODE.continuation, payload: Buffer.from("cd") })).toEqual({
      opcode: OPCODE.binary,
      data: Buffer.from("abcd"),
    });
  });

  it("rejects reserved bits (no extension negotiated)", () => {
    expect(() => new FrameDecoder().push(Buffer.from([0xc2, 0x00]))).toThrow(/reserved bits/);
  });
});

describe("channel.k8s.io messages", () => {
  it("a channel byte before the data", () => {
    expect([...channelMessage(0, "hi")]).toEqual([0, 104, 105]);
    expect(parseChannelMessage(Buffer.from([2, 65]))).toEqual({ channel: 2, data: Buffer.from("A") });
    // The server's opening message of a channel carries no data.
    expect(parseChannelMessage(Buffer.from([1]))).toEqual({ channel: 1, data: Buffer.alloc(0) });
    expect(parseChannelMessage(Buffer.alloc(0))).toBeUndefined();
  });

  it("resize on channel 4 as the server decodes it; v5's close of stdin", () => {
    expect(resizeMessage(80, 24).toString("latin1")).toBe('\x04{"Width":80,"Height":24}');
    expect([...closeStdinMessage()]).toEqual([255, 0]);
  });

  it("the exit code from the final Status, as kubectl reads it", () => {
    expect(streamOutcome('{"metadata":{},"status":"Success"}')).toEqual({ exitCode: 0 });
    expect(
      streamOutcome(
        JSON.stringify({
          status: "Failure",
          reason: "NonZeroExitCode",
          message: "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
          details: { causes: [{ reason: "ExitCode", message: "3" }] },
        }),
      ),
    ).toEqual({ exitCode: 3 });
    expect(
      streamOutcome(
        JSON.stringify({
          status: "Failure",
          message:
            'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH',
        }),
      ),
    ).toEqual({
      error: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH',
    });
    expect(
      streamOutcome(
        JSON.stringify({ status: "Failure", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "x" }] } }),
      ),
    ).toEqual({ error: 'error stream protocol error: invalid exit code value "x"' });
    expect(streamOutcome("")).toEqual({ exitCode: 0 });
    expect(streamOutcome("plain text error")).toEqual({ error: "plain text error" });
  });
});

describe("which container a stream reaches", () => {
  const running = (name: string, id: string) => ({
    name,
    ready: true,
    restartCount: 0,
    image: "busybox",
    imageID: "",
    containerID: `containerd://${id}`,
    state: { running: {} },
    lastState: {},
  });
  const base = (phase: "Running" | "Succeeded" | "Failed" = "Running"): Pod => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns" },
    spec: {
      containers: [
        { name: "a", image: "busybox" },
        { name: "b", image: "busybox" },
      ],
      initContainers: [{ name: "i", image: "busybox" }],
    },
    status: {
      phase,
      containerStatuses: [running("a", "id-a"), { ...running("b", "id-b"), state: { waiting: { reason: "CrashLoopBackOff" } } }],
    },
  });
  const refusal = (f: () => unknown) => {
    try {
      f();
      return "no error";
    } catch (e) {
      return isKubeError(e) ? `${e.reason}: ${e.message}` : String(e);
    }
  };

  it("defaults to the first container and says so when there are several (kubectl's list)", () => {
    expect(streamTarget(base(), "exec")).toEqual({ container: "a", containerId: "id-a", defaultedFrom: ["a", "b", "i (init)"] });
    const annotated = base();
    annotated.metadata.annotations = { "kubectl.kubernetes.io/default-container": "b" };
    expect(refusal(() => streamTarget(annotated, "exec"))).toBe('BadRequest: unable to upgrade connection: container not found ("b")');
  });

  it("defaults as kubectl 1.34 does: the annotation's container without a note, a missing one falls back with both notes", () => {
    const annotated = base();
    annotated.metadata.annotations = { "kubectl.kubernetes.io/default-container": "b" };
    expect(defaultContainer(annotated)).toEqual({ container: "b" });
    annotated.metadata.annotations = { "kubectl.kubernetes.io/default-container": "zz" };
    expect(defaultContainer(annotated)).toEqual({ container: "a", defaultedFrom: ["a", "b", "i (init)"], missingDefault: "zz" });
    const single = base();
    single.spec = { containers: [{ name: "only", image: "busybox" }] };
    expect(defaultContainer(single)).toEqual({ container: "only" });
  });

  it("refuses a completed pod, an unknown container and one not running, in upstream's words", () => {
    expect(refusal(() => streamTarget(base("Succeeded"), "exec"))).toBe(
      "BadRequest: cannot exec into a container in a completed pod; current phase is Succeeded",
    );
    expect(refusal(() => streamTarget(base("Failed"), "attach"))).toBe(
      "BadRequest: cannot attach a container in a completed pod; current phase is Failed",
    );
    expect(refusal(() => streamTarget(base(), "exec", "zz"))).toBe("BadRequest: container zz is not valid for pod p");
    expect(refusal(() => streamTarget(base(), "exec", "b"))).toBe('BadRequest: unable to upgrade connection: container not found ("b")');
    expect(refusal(() => streamTarget(base(), "attach", "i"))).toBe(
      "BadRequest: unable to upgrade connection: container i not found in pod p_ns",
    );
  });
});

describe("SPDY/3.1 frames", () => {
  it("the header dictionary is the spec's, byte for byte", () => {
    expect(headerDictionary()).toHaveLength(1423);
    expect(dictionarySha256()).toBe(DICTIONARY_SHA256);
  });

  it("control and data frames: version 3, type, flags, 24-bit length; stream id in a data frame", () => {
    const c = controlFrame(CONTROL.ping, 0, Buffer.from([0, 0, 0, 1]));
    expect([...c.subarray(0, 8)]).toEqual([0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04]);
    const d = dataFrame(5, FLAG_FIN, Buffer.from("hi"));
    expect([...d]).toEqual([0, 0, 0, 5, 0x01, 0, 0, 2, 104, 105]);
    const dec = new SpdyFrameDecoder();
    const wire = Buffer.concat([c, d]);
    const frames = [...dec.push(wire.subarray(0, 5)), ...dec.push(wire.subarray(5, 13)), ...dec.push(wire.subarray(13))];
    expect(frames).toEqual([
      { control: true, type: CONTROL.ping, flags: 0, payload: Buffer.from([0, 0, 0, 1]) },
      { control: false, streamId: 5, flags: FLAG_FIN, payload: Buffer.from("hi") },
    ]);
  });

  it("a header block: pair count, then length-prefixed lower-case names and values (zlib with the dictionary on the wire)", () => {
    const b = headerBlock({ streamType: "stdin" });
    expect([...b.subarray(0, 4)]).toEqual([0, 0, 0, 1]);
    expect(b.subarray(8, 18).toString()).toBe("streamtype");
    expect(b.subarray(22).toString()).toBe("stdin");
    // The dictionary round-trips through zlib as a preset dictionary, as the server inflates it.
    const z = deflateSync(b, { dictionary: headerDictionary() });
    expect(inflateSync(z, { dictionary: headerDictionary() }).equals(b)).toBe(true);
  });
});
