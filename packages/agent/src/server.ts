// The agent on HTTP: a plain node:http server around handleAgentRequest. No auth of its own: it listens in the
// pod network and is reached through the API server's pods/proxy, which authenticates and authorizes the caller.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connectCri } from "./cri";
import { handleAgentRequest, type AgentContext } from "./handler";
import type { AgentOptions } from "./options";

export { handleAgentRequest, statusOf, AgentPodNotFoundError, type AgentContext, type AgentResponse } from "./handler";
export { connectCri, readOnlyCri, READ_ONLY_CRI_METHODS, type ReadOnlyCri } from "./cri";
export { podsFromCri, readCriPods, findCriPods, type CriPod } from "./pod-map";
export { readPodRuntime } from "./runtime-info";
export { parseAgentArgs, AGENT_USAGE, type AgentOptions } from "./options";

export interface RunningAgent {
  /** http://host:port of the listening socket (the port the OS chose when asked for 0). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `ctx` on host:port; resolves once listening. */
export async function serveAgent(ctx: AgentContext, listen: { host: string; port: number }): Promise<RunningAgent & { server: Server }> {
  const server = createServer((req, res) => {
    handleAgentRequest(ctx, req.method ?? "GET", req.url ?? "/").then(
      (r) => {
        res.writeHead(r.status, { "Content-Type": r.contentType, "Cache-Control": "no-store", ...r.headers });
        res.end(r.body);
      },
      (e: unknown) => {
        // handleAgentRequest turns every failure into a Status; this is the last guard against a bug in it.
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(e instanceof Error ? e.message : String(e));
      },
    );
  });
  // A pod page's requests come one after another through the proxy; idle keep-alive sockets must not hold close().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(":") ? `[${listen.host}]` : listen.host;
  return {
    server,
    port,
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The whole agent from its options: the runtime connection and the server; close() ends both. */
export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const runtime = connectCri(opts.criSocket);
  try {
    const running = await serveAgent(
      {
        cri: runtime.cri,
        criSocket: opts.criSocket,
        nodeName: opts.nodeName,
        inspect: { fsRoot: opts.fsRoot, ...(opts.cgroupRoot !== undefined && { cgroupRoot: opts.cgroupRoot }) },
      },
      opts.listen,
    );
    return {
      url: running.url,
      port: running.port,
      close: async () => {
        await running.close();
        runtime.close();
      },
    };
  } catch (e) {
    runtime.close();
    throw e;
  }
}
