import { describe, expect, it } from "vitest";
import { bearer, checkRequest, hostName, makePolicy, tokenMatches } from "../src/security";

const policy = makePolicy({ bind: "127.0.0.1", ports: [7700, 7710], token: "t".repeat(48) });

describe("Host and Origin checks", () => {
  it.each([
    [{ host: "127.0.0.1:7700" }, undefined],
    [{ host: "localhost:7700", origin: "http://localhost:7710" }, undefined],
    [{ host: "[::1]:7700" }, undefined],
    [{ host: "127.0.0.1:7700", origin: "http://127.0.0.1:7700" }, undefined],
    [{}, "missing Host header"],
    [{ host: "evil.example:7700" }, `Host "evil.example:7700" is not allowed`],
    [{ host: "127.0.0.1.nip.io:7700" }, `Host "127.0.0.1.nip.io:7700" is not allowed`],
    [{ host: "127.0.0.1:7700", origin: "http://evil.example" }, `Origin "http://evil.example" is not allowed`],
    [{ host: "127.0.0.1:7700", origin: "http://localhost:3000" }, `Origin "http://localhost:3000" is not allowed`],
    [{ host: "127.0.0.1:7700", origin: "null" }, `Origin "null" is not allowed`],
    // Through the web UI's proxy: the browser's Host comes as X-Forwarded-Host, its Origin as is.
    [{ host: "127.0.0.1:7700", "x-forwarded-host": "127.0.0.1:7710", origin: "http://127.0.0.1:7710" }, undefined],
    [{ host: "127.0.0.1:7700", "x-forwarded-host": "evil.example:7710" }, `Host "evil.example:7710" is not allowed`],
    [{ host: "127.0.0.1:7700", "x-forwarded-host": "localhost:7710, evil.example" }, `Host "evil.example" is not allowed`],
    [
      { host: "127.0.0.1:7700", "x-forwarded-host": "localhost:7710", origin: "http://evil.example" },
      `Origin "http://evil.example" is not allowed`,
    ],
  ])("%j → %s", (headers, why) => expect(checkRequest(policy, headers)).toBe(why));

  it("accepts the bound address when listening beyond loopback, and then wants the token for reads", () => {
    const p = makePolicy({ bind: "192.0.2.10", ports: [7700], token: "x".repeat(48) });
    expect(checkRequest(p, { host: "192.0.2.10:7700", origin: "http://192.0.2.10:7700" })).toBeUndefined();
    expect(p.tokenForReads).toBe(true);
    expect(policy.tokenForReads).toBe(false);
  });

  it("parses host names and bearer tokens", () => {
    expect(hostName("[::1]:80")).toBe("[::1]");
    expect(hostName("localhost")).toBe("localhost");
    expect(bearer("Bearer abc")).toBe("abc");
    expect(bearer("Basic abc")).toBeUndefined();
  });

  it("compares tokens exactly", () => {
    expect(tokenMatches(policy, "t".repeat(48))).toBe(true);
    expect(tokenMatches(policy, "t".repeat(47))).toBe(false);
    expect(tokenMatches(policy, undefined)).toBe(false);
  });
});
