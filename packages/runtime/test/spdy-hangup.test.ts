// A streaming server that accepts the SPDY upgrade and hangs up at once — what containerd's streaming
// server does for an attach to a container that has just exited. The real runtime only shows this by
// chance (podscope debug -i racing a short-lived container), so a loopback server provokes it here.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { PassThrough } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { runStreamSession } from "../src/exec";

let server: Server | undefined;
afterEach(() => server?.close());

function hangingUpServer(afterMs: number): Promise<string> {
  server = createServer((_req, res) => res.writeHead(400).end());
  server.on("upgrade", (_req, socket) => {
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n",
    );
    // A graceful hang-up (FIN), as a server closing its side does; destroy() would reset a connection with unread data.
    setTimeout(() => socket.end(), afterMs);
  });
  return new Promise((resolve) =>
    server!.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/attach/x`)),
  );
}

it.each([0, 5])(
  "a server that hangs up %i ms after the upgrade, while the streams are being opened, ends the session without an error",
  async (ms) => {
    const url = await hangingUpServer(ms);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const { outcome } = await runStreamSession(url, { stdin, stdout, stderr: new PassThrough() });
    // No "write after end": the session ends as one whose server said nothing (exit 0, no output).
    expect(outcome).toEqual({ exitCode: 0 });
    expect(stdout.read()).toBeNull();
  },
  10_000,
);

it("a server that resets the connection after the end of stdin (the process exited) ends the session with what it said", async () => {
  server = createServer((_req, res) => res.writeHead(400).end());
  server.on("upgrade", (_req, socket) => {
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n",
    );
    // Unread frames on the server's side make the close a reset (RST), as a runtime closing at once does.
    setTimeout(() => (socket as Socket).resetAndDestroy(), 100);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/attach/x`;
  const stdin = new PassThrough();
  stdin.end("exit 0\n");
  const { outcome } = await runStreamSession(url, { stdin, stdout: new PassThrough(), stderr: new PassThrough() });
  expect(outcome).toEqual({ exitCode: 0 });
}, 10_000);
