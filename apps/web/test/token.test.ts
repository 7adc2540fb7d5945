import { describe, expect, it } from "vitest";
import {
  canMutate,
  canSubscribe,
  changeRight,
  settleToken,
  TOKEN_CHECKING,
  TOKEN_NEEDED,
  type TokenState,
  type Verdict,
} from "../lib/token";

// The server's view: which tokens it accepts; "down" answers unknown to everything.
const server = (good: string | null, down = false) => {
  const asked: string[] = [];
  const verify = (t: string): Promise<Verdict> => {
    asked.push(t);
    return Promise.resolve(down ? "unknown" : t === good ? "accepted" : "refused");
  };
  return { verify, asked };
};

describe("which access token a tab keeps", () => {
  it("a wrong token in the link never replaces a working stored one, and the user is told", async () => {
    const s = server("good");
    const r = await settleToken("good", "wrong", s.verify);
    expect(r.keep).toBe("good");
    expect(r.status).toEqual({ state: "valid", linkRefused: true, linkUnchecked: false });
    expect(canMutate(r.status)).toBe(true);
  });

  it("a link token the server accepts replaces a stale stored one", async () => {
    const r = await settleToken("old", "new", server("new").verify);
    expect(r).toEqual({ keep: "new", status: { state: "valid", linkRefused: false, linkUnchecked: false } });
  });

  it("no token anywhere is 'missing': no changes, no live updates", async () => {
    const s = server("good");
    const r = await settleToken(null, null, s.verify);
    expect(r).toEqual({ keep: null, status: { state: "missing", linkRefused: false, linkUnchecked: false } });
    expect(s.asked).toEqual([]);
    expect(canMutate(r.status)).toBe(false);
    expect(canSubscribe(r.status)).toBe(false);
  });

  it("a refused link and nothing stored: nothing is stored", async () => {
    const r = await settleToken(null, "wrong", server("good").verify);
    expect(r).toEqual({ keep: null, status: { state: "missing", linkRefused: true, linkUnchecked: false } });
  });

  it("a stored token the server no longer accepts is 'refused'", async () => {
    const r = await settleToken("stale", null, server("good").verify);
    expect(r.status.state).toBe("refused");
    expect(canMutate(r.status)).toBe(false);
  });

  it("with the server down, a stored token is kept (unverified) over an unchecked link token", async () => {
    const r = await settleToken("good", "other", server("good", true).verify);
    expect(r).toEqual({ keep: "good", status: { state: "unverified", linkRefused: false, linkUnchecked: true } });
    const first = await settleToken(null, "other", server("good", true).verify);
    expect(first).toEqual({ keep: "other", status: { state: "unverified", linkRefused: false, linkUnchecked: false } });
  });

  it("the same token in the link as stored is checked once", async () => {
    const s = server("good");
    expect((await settleToken("good", "good", s.verify)).status.state).toBe("valid");
    expect(s.asked).toEqual(["good"]);
  });
});

describe("the right to change state, one answer for every control", () => {
  const of = (state: TokenState) => changeRight({ state, linkRefused: false, linkUnchecked: false });
  it("a token the server accepted (or could not be asked about) allows changes, with no reason", () => {
    expect(of("valid")).toEqual({ allowed: true, reason: undefined });
    expect(of("unverified")).toEqual({ allowed: true, reason: undefined });
  });
  it("no token or a refused one: disallowed, saying what is needed", () => {
    expect(of("missing")).toEqual({ allowed: false, reason: TOKEN_NEEDED });
    expect(of("refused")).toEqual({ allowed: false, reason: TOKEN_NEEDED });
  });
  it("while the token is being checked: disallowed for a moment, saying so", () => {
    expect(of("checking")).toEqual({ allowed: false, reason: TOKEN_CHECKING });
  });
});
