// The API server: tRPC over HTTP (queries, mutations) and WebSocket (subscriptions) on one port.
// Every request passes the Host/Origin check first; the token decides what it may change.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { TRPCError } from "@trpc/server";
import { WebSocketServer } from "ws";
import { appRouter, type Context, type SourceRegistry } from "@podscope/api";
import { bearer, checkRequest, tokenMatches, type AccessPolicy } from "./security";

export interface ApiServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startApiServer(opts: {
  registry: SourceRegistry;
  policy: AccessPolicy;
  bind: string;
  port: number;
}): Promise<ApiServer> {
  const { registry, policy } = opts;
  const context = (req: IncomingMessage, connectionToken?: string | null): Context => ({
    registry,
    authenticated:
      tokenMatches(policy, bearer(req.headers.authorization)) ||
      tokenMatches(policy, connectionToken) ||
      tokenMatches(policy, queryToken(req)),
    tokenRequiredForReads: policy.tokenForReads,
  });

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    createContext: ({ req }) => context(req),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") process.stderr.write(`[api] ${path}: ${error.stack ?? error.message}\n`);
    },
  });

  const server = createServer((req, res) => {
    const refused = checkRequest(policy, req.headers);
    if (refused) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`forbidden: ${refused}\n`);
      return;
    }
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (path.startsWith("/trpc/")) {
      trpc(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found: the API lives under /trpc/\n");
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => {
      const ctx = context(req, info.connectionParams?.token);
      if (!ctx.authenticated) {
        throw new TRPCError({
          code: "UNAUTHORIZED",
          message: "the live connection needs the access token: open the URL printed by `podscope up`",
        });
      }
      return ctx;
    },
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
  });

  server.on("upgrade", (req, socket, head) => {
    const refused = checkRequest(policy, req.headers);
    const path = (req.url ?? "/").split("?")[0];
    // The WebSocket is where live data flows: it needs the token always, given in the URL
    // (?token=) or in tRPC's connection parameters, which are checked per call below.
    const urlToken = queryToken(req);
    const why =
      refused ??
      (path !== "/trpc" && path !== "/trpc/" ? "not found" : undefined) ??
      (urlToken !== undefined && !tokenMatches(policy, urlToken) ? "wrong token" : undefined);
    if (why) {
      socket.end(
        `HTTP/1.1 ${why === "not found" ? 404 : 403} Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nforbidden: ${why}\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.bind.includes(":") ? `[${opts.bind}]` : opts.bind;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    async close() {
      wsHandler.broadcastReconnectNotification();
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function queryToken(req: IncomingMessage): string | undefined {
  const q = (req.url ?? "").split("?")[1];
  if (!q) return undefined;
  return new URLSearchParams(q).get("token") ?? undefined;
}
