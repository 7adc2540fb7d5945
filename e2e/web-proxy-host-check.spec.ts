// The web UI's /trpc proxy is the browser's way to the API: a DNS-rebinding page (Host: the attacker's name) or a
// cross-site page (a foreign Origin) reaching it must be refused as the API server refuses them directly — reads on
// loopback need no token, so the Host/Origin check is all that keeps another site from reading the pods.
// node:http, not the browser: a browser never lets a page set Host.
import { request } from "node:http";
import { expect, test } from "@playwright/test";

const web = new URL(process.env.PODSCOPE_E2E_WEB!);

function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: web.hostname, port: web.port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the web UI's /trpc proxy refuses a foreign Host or Origin, in words, and serves its own", async () => {
  const own = await get("/trpc/sources.list", { host: web.host });
  expect(own.status).toBe(200);
  expect(own.body).toContain('"id":"local"');

  const rebound = await get("/trpc/sources.list", { host: `evil.example:${web.port}` });
  expect(rebound.status).toBe(403);
  expect(rebound.body).toContain(`Host "evil.example:${web.port}" is not allowed`);
  expect(rebound.body).not.toContain('"id":"local"');

  const crossSite = await get("/trpc/sources.list", { host: web.host, origin: "http://evil.example" });
  expect(crossSite.status).toBe(403);
  expect(crossSite.body).toContain('Origin "http://evil.example" is not allowed');

  // The page's own origin is fine (a browser sends it with every change).
  const sameSite = await get("/trpc/sources.list", { host: web.host, origin: web.origin });
  expect(sameSite.status).toBe(200);
});
