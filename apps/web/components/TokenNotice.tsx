"use client";
// Says once, at the top of every page, what this tab is missing when it has no token the server accepts — and how
// to get one — instead of each view failing on its own (a Delete that is refused, a list spinning on
// "reconnecting…"). Also tells the user when a link's token was refused and the working one kept.
import { TOKEN_WHERE, useTokenStatus } from "@/lib/token";

export function TokenNotice() {
  const s = useTokenStatus();
  const lines: string[] = [];
  if (s.state === "missing")
    lines.push(
      "No access token in this tab: you can look, but not create, delete or drain, and lists refresh every few seconds instead of live.",
    );
  if (s.state === "refused")
    lines.push(
      "The stored access token is not this server's (podscope was restarted with another home, or the token changed): you can look, but not create, delete or drain, and lists are not live.",
    );
  if (s.linkRefused)
    lines.unshift(
      s.state === "valid" || s.state === "unverified"
        ? "The token in the link was refused by this podscope server; the token you had still works and was kept."
        : "The token in the link was refused by this podscope server, so it was not stored.",
    );
  if (s.linkUnchecked)
    lines.unshift(
      "The token in the link could not be checked (the server did not answer); the token you had was kept. Open the link again once `podscope up` is running.",
    );
  if (lines.length === 0) return null;
  const needsToken = s.state === "missing" || s.state === "refused";
  return (
    <div
      role="status"
      data-testid="token-notice"
      className={`border-b px-4 py-2 text-sm ${needsToken ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100" : "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100"}`}
    >
      <div className="mx-auto max-w-[1600px]">
        {lines.map((l) => (
          <p key={l} className="font-medium">
            {l}
          </p>
        ))}
        {needsToken && (
          <p>
            {TOKEN_WHERE} Open that URL (or <code className="font-mono">http://…/?token=&lt;token&gt;</code>) in this browser.
          </p>
        )}
      </div>
    </div>
  );
}
