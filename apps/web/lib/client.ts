"use client";
// One tRPC client per browser tab: queries and mutations over HTTP through the Next rewrite (/trpc),
// subscriptions over one WebSocket straight to the API server's port.
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@podscope/api";
import { connection } from "./connection";
import { readToken } from "./token";

let client: TRPCClient<AppRouter> | null = null;

let apiPort: Promise<string> | null = null;

// The WebSocket goes straight to the API server; its port comes from the web server at runtime
// (/podscope-config), falling back to the build-time setting and then the default.
async function wsUrl(): Promise<string> {
  apiPort ??= fetch("/podscope-config", { cache: "no-store" })
    .then((r) => r.json() as Promise<{ apiPort: number }>)
    .then((c) => String(c.apiPort))
    .catch(() => process.env.NEXT_PUBLIC_PODSCOPE_API_PORT ?? "7700");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.hostname}:${await apiPort}/trpc`;
}

export function trpc(): TRPCClient<AppRouter> {
  if (client) return client;
  const ws = createWSClient({
    url: wsUrl,
    // Only open the socket when a view subscribes, and close it when the last one leaves.
    lazy: { enabled: true, closeMs: 5_000 },
    connectionParams: () => ({ token: readToken() ?? "" }),
    onOpen: () => connection.opened(),
    onClose: () => connection.closed(),
  });
  client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws }),
        false: httpBatchLink({
          url: "/trpc",
          headers: () => {
            const token = readToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return client;
}
