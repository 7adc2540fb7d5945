// Without root the local node cannot run pods: the server must still start, list the local source
// as unavailable with the reason, and serve everything else. Run for real as user nobody.
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RouterOutputs } from "@podscope/api";
import { podscope, startServer, type ServerProc } from "./helpers";

let server: ServerProc;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), "podscope-nobody-"));
  chmodSync(home, 0o777);
  server = await startServer({
    port: 17812,
    home,
    prefix: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", `HOME=${home}`],
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

it("lists the local node as unavailable, with the reason, and keeps serving", async () => {
  const r = await fetch(`http://127.0.0.1:17812/trpc/sources.list`);
  // tRPC's wire form of a query answer, as the web app receives it.
  const body = (await r.json()) as { result: { data: RouterOutputs["sources"]["list"] } };
  const local = body.result.data.find((s) => s.id === "local");
  expect(local?.available).toBe(false);
  expect(local?.reason).toMatch(/running pods needs root .* uid 65534/);
  const g = await podscope(["get", "pods"], { ...server.env });
  expect(g.code).toBe(1);
  expect(g.stderr).toMatch(/Error from server \(ServiceUnavailable\): local node is unavailable: .*needs root/);
  expect((await fetch(`http://127.0.0.1:17812/healthz`)).status).toBe(200);
}, 60_000);
