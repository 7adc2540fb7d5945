// The real API server on a loopback port, with a snapshot source (no local node needed): the
// Host/Origin checks, the token on mutations and on the WebSocket, and readable errors.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import WebSocket from "ws";
import { SourceRegistry } from "@podscope/api";
import { ensureToken, tokenPath } from "../src/home";
import { makePolicy } from "../src/security";
import { startApiServer, type ApiServer } from "../src/server";

const home = mkdtempSync(join(tmpdir(), "podscope-server-test-"));
let api: ApiServer;
let token: string;

const snapshot = {
  kind: "PodscopeSnapshot",
  version: 1,
  source: { id: "local", name: "local node", kind: "local" },
  takenAt: "2026-01-01T00:00:00Z",
  pod: {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: { containers: [{ name: "c", image: "busybox" }] },
    status: { phase: "Running" },
  },
  history: [],
  events: [],
};

function raw(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: api.port, path, method: opts.method ?? "GET", headers: opts.headers, setHost: !opts.headers?.host },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const mutate = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(`/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(input) });

beforeAll(async () => {
  token = ensureToken(home);
  api = await startApiServer({
    registry: new SourceRegistry(),
    policy: makePolicy({ bind: "127.0.0.1", ports: [0], token }),
    bind: "127.0.0.1",
    port: 0,
  });
});
afterAll(async () => {
  await api.close();
});

describe("API server", () => {
  it("stores the token with mode 0600 and reuses it", () => {
    expect(statSync(tokenPath(home)).mode & 0o777).toBe(0o600);
    expect(ensureToken(home)).toBe(token);
  });

  it("answers reads without a token on loopback", async () => {
    const r = await raw(`/trpc/sources.list`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).result.data).toEqual([]);
  });

  it("refuses a foreign Host (DNS rebinding) and a foreign Origin", async () => {
    expect((await raw(`/trpc/sources.list`, { headers: { host: "attacker.example:7700" } })).status).toBe(403);
    const r = await raw(`/trpc/sources.list`, { headers: { host: `127.0.0.1:${api.port}`, origin: "http://attacker.example" } });
    expect(r.status).toBe(403);
    expect(r.body).toContain(`Origin "http://attacker.example" is not allowed`);
  });

  it("refuses a state change without the token, with a readable message, and loses nothing", async () => {
    const r = await mutate("sources.openSnapshot", { json: JSON.stringify(snapshot) });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.message).toContain("needs the access token");
    expect(JSON.parse((await raw(`/trpc/sources.list`)).body).result.data).toEqual([]);
    const wrong = await mutate("sources.openSnapshot", { json: JSON.stringify(snapshot) }, { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
  });

  it("session.check says whether a token is this server's, without sending it back", async () => {
    const check = async (headers: Record<string, string>) => JSON.parse((await raw(`/trpc/session.check`, { headers })).body).result.data;
    expect(await check({ authorization: `Bearer ${token}` })).toEqual({ authenticated: true, tokenRequiredForReads: false });
    expect(await check({ authorization: "Bearer wrong" })).toEqual({ authenticated: false, tokenRequiredForReads: false });
    expect(await check({})).toEqual({ authenticated: false, tokenRequiredForReads: false });
  });

  it("opens a snapshot with the token and serves its pod read-only", async () => {
    const r = await mutate("sources.openSnapshot", { json: JSON.stringify(snapshot) }, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(200);
    const id = JSON.parse(r.body).result.data.source;
    const pod = await raw(`/trpc/pods.get?input=${encodeURIComponent(JSON.stringify({ source: id, namespace: "default", name: "web" }))}`);
    expect(JSON.parse(pod.body).result.data.metadata.uid).toBe("u1");
    const missing = await raw(
      `/trpc/pods.get?input=${encodeURIComponent(JSON.stringify({ source: id, namespace: "default", name: "nope" }))}`,
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.message).toBe(`pods "nope" not found`);
    expect(JSON.parse(missing.body).error.data.reason).toBe("NotFound");
    const del = await mutate("pods.delete", { source: id, namespace: "default", name: "web" }, { authorization: `Bearer ${token}` });
    expect(JSON.parse(del.body).error.message).toContain("cannot delete pods");
  });

  it("says clearly when a snapshot file is not one", async () => {
    const r = await mutate("sources.openSnapshot", { json: "{not json" }, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toBe("the file: line 1, column 2: not valid JSON: expected a property name in double quotes");
    expect(JSON.parse(r.body).error.data).toMatchObject({ line: 1, column: 2 });
  });

  it("names unknown sources", async () => {
    const r = await raw(`/trpc/pods.list?input=${encodeURIComponent(JSON.stringify({ source: "kube:nowhere" }))}`);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error.message).toContain(`no source "kube:nowhere"`);
  });

  it("refuses a WebSocket with a wrong token or a foreign Origin, accepts the right token", async () => {
    const open = (url: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on("open", () => {
          ws.close();
          resolve("open");
        });
        ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
        ws.on("error", () => resolve("error"));
      });
    const base = `ws://127.0.0.1:${api.port}/trpc`;
    expect(await open(`${base}?token=wrong`)).toBe("403");
    expect(await open(`${base}?token=${token}`, { origin: "http://attacker.example" })).toBe("403");
    expect(await open(`${base}?token=${token}`)).toBe("open");
  });
});
