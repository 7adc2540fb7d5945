// The access token: `podscope up` prints http://127.0.0.1:7710/?token=…; we read it once, keep it in
// localStorage, and strip it from the address bar so it does not end up in screenshots or bookmarks.
const KEY = "podscope.token";

/** Stores `?token=` from the address bar; returns the URL without it, or null when there was none. */
export function captureTokenFromUrl(): string | null {
  if (typeof window === "undefined") return null;
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return null;
  window.localStorage.setItem(KEY, token);
  url.searchParams.delete("token");
  return url.pathname + url.search + url.hash;
}

export function readToken(): string | null {
  if (typeof window === "undefined") return null;
  return window.localStorage.getItem(KEY);
}

export const TOKEN_NEEDED = "This action needs the access token — open the URL printed by `podscope up`.";
