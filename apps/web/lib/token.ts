// The access token. `podscope up` prints http://127.0.0.1:7710/?token=…; the token is kept in localStorage and
// taken out of the address bar so it does not end up in screenshots or bookmarks. A token from a link is stored
// only once the server has accepted it: a stale or mistyped link must never replace a token that works. What the
// tab holds is then one of a few states, shown once in the header's notice (components/TokenNotice.tsx).
import { useSyncExternalStore } from "react";

import { TOKEN_KEY as KEY } from "./boot-script";

export const TOKEN_NEEDED = "This action needs the access token — open the URL printed by `podscope up`.";
/** Where the token lives, for the notice: the words a user needs to find it without us. */
export const TOKEN_WHERE = "The token is in $PODSCOPE_HOME/token (~/.podscope/token by default); `podscope up` prints the URL with it.";

/**
 * - checking: the server is being asked whether the token works (at most a moment after load);
 * - valid: the server accepted the token; changes are allowed and the view is live;
 * - unverified: a token is stored but the server could not be asked (it is down): assume it still works;
 * - missing: no token at all; reads work on loopback, changes and live updates do not;
 * - refused: the stored token is not this server's (a new $PODSCOPE_HOME, a regenerated token).
 */
export type TokenState = "checking" | "valid" | "unverified" | "missing" | "refused";

export interface TokenStatus {
  state: TokenState;
  /** A token given in the link was refused by the server and not stored. */
  linkRefused: boolean;
  /** A token given in the link could not be checked (server unreachable) and a stored one was kept. */
  linkUnchecked: boolean;
}

export type Verdict = "accepted" | "refused" | "unknown";

/** Whether the tab may offer actions that change state (create, delete, drain). */
export const canMutate = (s: TokenStatus): boolean => s.state === "valid" || s.state === "unverified";
/** What the tab may do about changing state: every control that creates, deletes, drains, uncordons or opens/closes
 * a source reads this one answer, so they are all enabled or disabled together and say the same why. */
export interface ChangeRight {
  allowed: boolean;
  /** Why not, for the control's title and any note beside it; undefined when allowed. */
  reason: string | undefined;
}

export const TOKEN_CHECKING = "Checking the access token with the server…";

export function changeRight(s: TokenStatus): ChangeRight {
  if (canMutate(s)) return { allowed: true, reason: undefined };
  return { allowed: false, reason: s.state === "checking" ? TOKEN_CHECKING : TOKEN_NEEDED };
}

/** Whether subscriptions (live updates) can work; "checking" waits for the answer instead of failing. */
export const canSubscribe = (s: TokenStatus): boolean => s.state !== "missing" && s.state !== "refused";

/**
 * Which token to keep, given the stored one and the one in the link, asking the server (`verify`) as little as
 * needed. Pure apart from `verify`, so the rule "never overwrite a working token with a refused one" is tested.
 */
export async function settleToken(
  stored: string | null,
  fromLink: string | null,
  verify: (token: string) => Promise<Verdict>,
): Promise<{ keep: string | null; status: TokenStatus }> {
  let linkRefused = false;
  let linkUnchecked = false;
  if (fromLink !== null && fromLink !== stored) {
    const v = fromLink === "" ? "refused" : await verify(fromLink);
    if (v === "accepted") return { keep: fromLink, status: { state: "valid", linkRefused, linkUnchecked } };
    if (v === "unknown") {
      // Nothing to lose without a stored token; with one, keep it rather than trust a token nobody vouched for.
      if (stored === null) return { keep: fromLink, status: { state: "unverified", linkRefused, linkUnchecked } };
      linkUnchecked = true;
    } else {
      linkRefused = true;
    }
  }
  if (stored === null) return { keep: null, status: { state: "missing", linkRefused, linkUnchecked } };
  const v = await verify(stored);
  const state: TokenState = v === "accepted" ? "valid" : v === "refused" ? "refused" : "unverified";
  return { keep: stored, status: { state, linkRefused, linkUnchecked } };
}

/**
 * Asks the API server (through the web server's /trpc proxy) whether it accepts `token`: session.check says whether
 * the request was authenticated. A 401 (a server that needs the token even for reads) is a refusal too; anything
 * else — the server down, an older server without session.check — is "unknown".
 */
export async function verifyWithServer(token: string): Promise<Verdict> {
  try {
    const res = await fetch("/trpc/session.check", { headers: { authorization: `Bearer ${token}` }, cache: "no-store" });
    if (res.status === 401) return "refused";
    if (!res.ok) return "unknown";
    const body = (await res.json()) as { result?: { data?: { authenticated?: boolean } } };
    const ok = body.result?.data?.authenticated;
    return ok === true ? "accepted" : ok === false ? "refused" : "unknown";
  } catch {
    return "unknown"; // network failure: the server cannot be asked now
  }
}

// The tab's one token status, shared by the client links, the header's notice and the views' buttons.
let status: TokenStatus = { state: "checking", linkRefused: false, linkUnchecked: false };
let settled: Promise<void> | null = null;
let checkedLink: string | null = null;
const listeners = new Set<() => void>();

function publish(next: TokenStatus) {
  status = next;
  for (const l of listeners) l();
}

function store(): Storage | null {
  return typeof window === "undefined" ? null : window.localStorage;
}

export function readToken(): string | null {
  return store()?.getItem(KEY) ?? null;
}

/** Starts (once per link token) the check of the stored token and the link's; resolves when settled. */
function check(fromLink: string | null): Promise<void> {
  if (settled && (fromLink === null || fromLink === checkedLink)) return settled;
  checkedLink = fromLink;
  publish({ ...status, state: "checking" });
  settled = settleToken(readToken(), fromLink, verifyWithServer).then(({ keep, status: next }) => {
    if (keep !== null && keep !== readToken()) store()?.setItem(KEY, keep);
    publish(next);
  });
  return settled;
}

/**
 * Takes `?token=` out of the address bar and starts checking it; returns the URL without it, or null when there
 * was none. Called as early as possible (Providers) so requests wait for the answer (tokenReady) and no view
 * starts with a token the server refuses.
 */
export function captureTokenFromUrl(): string | null {
  if (typeof window === "undefined") return null;
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  void check(token);
  if (token === null) return null;
  url.searchParams.delete("token");
  return url.pathname + url.search + url.hash;
}

/**
 * The token to send with a read, without waiting for the check: a read changes nothing, and on loopback it works
 * with or without a token, so the first queries (sources.list, the page's lists) go out beside session.check instead
 * of after it. The stored token first (it is the one kept unless the link's is accepted), else the link's while it
 * is being checked — on a server that needs a token for reads, that is the only one that could work.
 */
export function tokenForReads(): string | null {
  if (typeof window === "undefined") return null;
  return readToken() ?? (status.state === "checking" ? checkedLink : null);
}

/**
 * The token a subscription may open with before the check is over: the stored one, when no link token is being
 * checked beside it (a plain page load — the common case). It is the token the check keeps unless the server now
 * refuses it; then the check's answer ends the subscription (see the client's subscriptionsNeedToken).
 */
export function tokenBeforeCheck(): string | null {
  if (typeof window === "undefined") return null;
  if (status.state === "checking" && checkedLink !== null) return null;
  return status.state === "checking" || canSubscribe(status) ? readToken() : null;
}

/** The token to send, once the check is over (immediately after the first moment). */
export async function tokenReady(): Promise<string | null> {
  if (typeof window === "undefined") return null;
  await check(null);
  return readToken();
}

export function tokenStatus(): TokenStatus {
  return status;
}

const serverStatus: TokenStatus = { state: "checking", linkRefused: false, linkUnchecked: false };

export function useTokenStatus(): TokenStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
    () => serverStatus,
  );
}

/** The tab's right to change state (see changeRight), live: it follows the token check. */
export function useChangeRight(): ChangeRight {
  return changeRight(useTokenStatus());
}
