"use client";
// The tRPC client of a browser tab: queries and mutations over HTTP through the Next proxy (/trpc),
// subscriptions over one WebSocket straight to the API server's port. Views reach it through useTRPC()
// (lib/trpc.ts); Providers creates it once.
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCClient,
  type TRPCLink,
} from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { AppRouter } from "@podscope/api";
import { DEFAULT_PORT } from "@podscope/env/defaults";
import { connection } from "./connection";
import { canSubscribe, tokenBeforeCheck, tokenForReads, tokenReady, tokenStatus } from "./token";

let apiPort: Promise<string> | null = null;

// The WebSocket goes straight to the API server; its port comes from the web server at runtime
// (/podscope-config), falling back to the build-time setting and then the default.
function askApiPort(): Promise<string> {
  apiPort ??= fetch("/podscope-config", { cache: "no-store" })
    .then((r) => r.json() as Promise<{ apiPort: number }>)
    .then((c) => String(c.apiPort))
    .catch(() => process.env.NEXT_PUBLIC_PODSCOPE_API_PORT ?? String(DEFAULT_PORT));
  return apiPort;
}

async function wsUrl(): Promise<string> {
  await askApiPort();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.hostname}:${await apiPort}/trpc`;
}

/**
 * Subscriptions go over a WebSocket made on the first one: the client is also created while the page renders on
 * the server, where no WebSocket exists (and none is needed: nothing subscribes there).
 */
function lazyWsLink(): TRPCLink<AppRouter> {
  let link: ReturnType<TRPCLink<AppRouter>> | null = null;
  return (runtime) => (op) => {
    link ??= wsLink<AppRouter>({
      client: createWSClient({
        url: wsUrl,
        // Only open the socket when a view subscribes, and close it when the last one leaves.
        lazy: { enabled: true, closeMs: 5_000 },
        connectionParams: async () => ({ token: tokenBeforeCheck() ?? (await tokenReady()) ?? "" }),
        onOpen: () => connection.opened(),
        onClose: () => connection.closed(),
      }),
    })(runtime);
    return link(op);
  };
}

/**
 * Counts the subscriptions in flight, so the header can tell "live" from "reconnecting…": one place for every
 * subscription, however a view starts it. A subscription stays in flight while the socket reconnects; it ends when
 * the view unsubscribes or the server ends or fails it.
 */
const countSubscriptions: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) => {
    if (op.type !== "subscription") return next(op);
    return observable((observer) => {
      connection.subscribed();
      const sub = next(op).subscribe(observer);
      return () => {
        sub.unsubscribe();
        connection.unsubscribed();
      };
    });
  };

/**
 * The WebSocket refuses a tab without a working token; retrying would only spin on "reconnecting…". So a
 * subscription waits for the token check and, when the tab has no token the server accepts, fails at once with
 * UNAUTHORIZED (views fall back to polling; the header's notice says what is missing, once).
 */
const subscriptionsNeedToken: TRPCLink<AppRouter> =
  () =>
  ({ op, next }) => {
    if (op.type !== "subscription") return next(op);
    return observable((observer) => {
      let sub: { unsubscribe(): void } | null = null;
      let done = false;
      // With a stored token and no other to weigh against it, the subscription goes out now (its first data is what a
      // list waits for) and the check, when it answers, can still end it.
      if (tokenBeforeCheck() !== null) sub = next(op).subscribe(observer);
      void tokenReady().then(() => {
        if (done) return;
        if (!canSubscribe(tokenStatus())) {
          sub?.unsubscribe();
          sub = null;
          observer.error(
            TRPCClientError.from({
              error: {
                message: "live updates need the access token: open the URL printed by `podscope up`",
                code: -32001,
                data: { code: "UNAUTHORIZED", httpStatus: 401 },
              },
            }),
          );
          return;
        }
        sub ??= next(op).subscribe(observer);
      });
      return () => {
        done = true;
        sub?.unsubscribe();
      };
    });
  };

export function createPodscopeClient(): TRPCClient<AppRouter> {
  // The API port is needed by the first subscription: asked now, beside the page's first queries, not after them.
  if (typeof window !== "undefined") void askApiPort();
  return createTRPCClient<AppRouter>({
    links: [
      subscriptionsNeedToken,
      countSubscriptions,
      splitLink({
        condition: (op) => op.type === "subscription",
        true: lazyWsLink(),
        false: httpBatchLink({
          url: "/trpc",
          // Changes wait for the token check (a moment, once per tab) so none goes out with a token the server refuses;
          // reads go at once with the best token known (tokenForReads), so loading does not queue behind the check.
          headers: async ({ opList }) => {
            const token = opList.every((o) => o.type === "query") ? tokenForReads() : await tokenReady();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
}
