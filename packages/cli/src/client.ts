// The CLI talks to the running podscope server like kubectl talks to an API server: over HTTP for
// requests, over a WebSocket for streams (logs -f). The token comes from $PODSCOPE_HOME/token.
import { createTRPCClient, createWSClient, httpLink, splitLink, wsLink, TRPCClientError } from "@trpc/client";
import WebSocket from "ws";
import type { AppRouter } from "@podscope/api";
import { apiPort, read } from "@podscope/env";
import { readToken } from "@podscope/host/home";

export function apiUrl(): string {
  const port = apiPort();
  const host = read(process.env, "PODSCOPE_HOST") ?? "127.0.0.1";
  return `http://${host}:${port}`;
}

export type Api = ReturnType<typeof createTRPCClient<AppRouter>>;
/** The tRPC proxy and a way to close its WebSocket (kept apart: every property of the proxy is a procedure path). */
export interface Client {
  api: Api;
  close(): void;
}

export function connect(): Client {
  const url = apiUrl();
  const token = read(process.env, "PODSCOPE_TOKEN") ?? readToken();
  let ws: ReturnType<typeof createWSClient> | undefined;
  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({
          client: (ws ??= createWSClient({
            url: `${url.replace(/^http/, "ws")}/trpc`,
            WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
            connectionParams: () => ({ token: token ?? "" }),
            retryDelayMs: () => 500,
            // Only `logs -f` streams: other commands must not open (and wait on) a WebSocket at all.
            lazy: { enabled: true, closeMs: 0 },
          })),
        }),
        false: httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
  return { api, close: () => void ws?.close() };
}

/**
 * No HTTP answer at all: fetch rejects with a TypeError ("fetch failed") whose cause is the socket's error
 * (ECONNREFUSED …); the tRPC link keeps it as the cause. An answer the server sent never has one.
 */
function unreachable(err: TRPCClientError<never>): boolean {
  for (let c: unknown = err.cause; c; c = (c as { cause?: unknown }).cause) {
    if (c instanceof TypeError || (c as NodeJS.ErrnoException).code === "ECONNREFUSED") return true;
  }
  return false;
}

/** kubectl's way of printing a failure, plus a plain sentence when the server is simply not there. */
export function describeError(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (unreachable(err)) {
      return `error: the podscope server is not running at ${apiUrl()}: start it with \`pnpm podscope up\``;
    }
    const data = (err.data ?? {}) as { reason?: string | null; code?: string };
    if (data.reason) return `Error from server (${data.reason}): ${err.message}`;
    if (data.code === "UNAUTHORIZED") return `error: You must be logged in to the server (Unauthorized): ${err.message}`;
    return `error: ${err.message}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}
