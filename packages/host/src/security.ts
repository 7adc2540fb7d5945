// DNS-rebinding and cross-site protection. A page on another site can make the browser send requests
// to 127.0.0.1; the Host header then carries the attacker's host name and Origin its origin, so both
// are checked against the names this server is really reached by.
import { timingSafeEqual } from "node:crypto";

export interface AccessPolicy {
  /** Host names (without port) accepted in the Host header. */
  hosts: Set<string>;
  /** Origins (scheme://host:port) accepted in the Origin header. */
  origins: Set<string>;
  token: string;
  /** Listening beyond loopback: every call needs the token, not only changes. */
  tokenForReads: boolean;
}

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]", "::1"];

export function isLoopback(address: string): boolean {
  return LOOPBACK.includes(address) || address.startsWith("127.");
}

export function makePolicy(opts: { bind: string; ports: number[]; token: string; extraHosts?: string[] }): AccessPolicy {
  const names = new Set([...LOOPBACK, ...(isLoopback(opts.bind) ? [] : [opts.bind]), ...(opts.extraHosts ?? [])]);
  const origins = new Set<string>();
  for (const n of names) for (const p of opts.ports) if (n !== "::1") origins.add(`http://${n}:${p}`);
  return { hosts: names, origins, token: opts.token, tokenForReads: !isLoopback(opts.bind) };
}

/** The host name of a Host header value, without the port; IPv6 keeps its brackets. */
export function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const i = host.lastIndexOf(":");
  return i >= 0 ? host.slice(0, i) : host;
}

/**
 * Why a request must be refused, or undefined when it may go on. A request the web UI forwards (its /trpc proxy)
 * carries the browser's Host as X-Forwarded-Host and the browser's Origin: both are checked like a direct request's —
 * the proxy's own Host (127.0.0.1) says nothing about who asked. A direct caller can only add refusals with it.
 */
export function checkRequest(
  policy: AccessPolicy,
  headers: { host?: string; origin?: string; "x-forwarded-host"?: string | string[] },
): string | undefined {
  if (!headers.host) return "missing Host header";
  if (!policy.hosts.has(hostName(headers.host.toLowerCase()))) return `Host "${headers.host}" is not allowed`;
  const forwarded = headers["x-forwarded-host"];
  for (const h of forwarded === undefined ? [] : [forwarded].flat().flatMap((v) => v.split(",")))
    if (!policy.hosts.has(hostName(h.trim().toLowerCase()))) return `Host "${h.trim()}" is not allowed`;
  if (headers.origin !== undefined && headers.origin !== "null" && !policy.origins.has(headers.origin.toLowerCase())) {
    return `Origin "${headers.origin}" is not allowed`;
  }
  if (headers.origin === "null") return `Origin "null" is not allowed`;
  return undefined;
}

export function tokenMatches(policy: AccessPolicy, candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(policy.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearer(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  return m?.[1].trim();
}
