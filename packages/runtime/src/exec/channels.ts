// The channel.k8s.io stream protocols of exec and attach (what kubectl, the API server and every
// CRI streaming server speak over WebSocket): each binary message is one channel byte and its
// data. v4 adds the Status object on the error channel; v5 adds the close signal, which is how
// a client says its stdin has ended. Pure: bytes and objects in and out.

export const EXEC_PROTOCOLS = { v5: "v5.channel.k8s.io", v4: "v4.channel.k8s.io" } as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** One message: the channel byte, then the data. */
export function channelMessage(channel: number, data: Uint8Array | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const out = Buffer.alloc(1 + body.length);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

export function parseChannelMessage(msg: Buffer): { channel: number; data: Buffer } | undefined {
  // The server opens every channel with a message of the channel byte alone; nothing to deliver.
  if (msg.length === 0) return undefined;
  return { channel: msg[0], data: msg.subarray(1) };
}

/** The terminal size message (channel 4), in the field names the server's decoder reads. */
export function resizeMessage(cols: number, rows: number): Buffer {
  return channelMessage(CHANNEL.resize, JSON.stringify({ Width: cols, Height: rows }));
}

/** v5: "my stdin has ended" (the server closes the process's stdin). */
export function closeStdinMessage(): Buffer {
  return Buffer.from([CHANNEL.close, CHANNEL.stdin]);
}

/** What the error channel carries (metav1.Status, the fields that matter here). */
export interface StreamStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** How a stream ended: the command's exit code, or an error to print (kubectl exits 1 then). */
export type StreamOutcome = { exitCode: number } | { error: string };

/**
 * kubectl's reading of the final Status: Success → 0; NonZeroExitCode with an ExitCode cause → that
 * code; any other Failure → its message. No Status at all (the connection just closed) counts as
 * success, as kubectl counts a stream that ended without an error.
 */
export function streamOutcome(raw: string): StreamOutcome {
  if (!raw.trim()) return { exitCode: 0 };
  let s: StreamStatus;
  try {
    s = JSON.parse(raw) as StreamStatus;
  } catch {
    // Not JSON: a pre-v4 server's plain-text error, shown as it is.
    return { error: raw.trim() };
  }
  if (s.status === "Success") return { exitCode: 0 };
  if (s.reason === "NonZeroExitCode") {
    const cause = s.details?.causes?.find((c) => c.reason === "ExitCode");
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return { exitCode: code };
    return { error: `error stream protocol error: invalid exit code value ${JSON.stringify(cause?.message ?? "")}` };
  }
  return { error: s.message || "unknown error" };
}
