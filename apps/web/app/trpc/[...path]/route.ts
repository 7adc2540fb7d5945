// HTTP tRPC calls from the browser are forwarded to the API server. A route handler rather than a
// next.config rewrite: rewrites are frozen into the build, but the API port is only known when
// `podscope up --port N` starts us (PODSCOPE_API_PORT).
import { webApiPort } from "@podscope/env";

export const dynamic = "force-dynamic";

// origin: the API server refuses a foreign one (cross-site requests) — forwarded so that holds through this proxy too.
const FORWARDED = ["authorization", "content-type", "accept", "trpc-accept", "x-trpc-source", "origin"];

function target(req: Request, path: string[]): string {
  const port = webApiPort();
  const search = new URL(req.url).search;
  return `http://127.0.0.1:${port}/trpc/${path.map(encodeURIComponent).join("/")}${search}`;
}

async function forward(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await ctx.params;
  const headers = new Headers();
  for (const h of FORWARDED) {
    const v = req.headers.get(h);
    if (v !== null) headers.set(h, v);
  }
  // The API server checks Host/Origin against the addresses podscope listens on: the browser's Host goes as
  // X-Forwarded-Host (a DNS-rebinding page's Host names the attacker's domain and is refused there).
  const host = req.headers.get("host");
  if (host) headers.set("x-forwarded-host", host);
  try {
    const res = await fetch(target(req, path), {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer(),
      redirect: "manual",
    });
    const out = new Headers();
    for (const h of ["content-type", "cache-control"]) {
      const v = res.headers.get(h);
      if (v !== null) out.set(h, v);
    }
    return new Response(res.body, { status: res.status, headers: out });
  } catch (e) {
    // Same shape as a tRPC error, so the client shows it like any other server error.
    const message = `the podscope API server is not reachable on port ${webApiPort()} (${(e as Error).message})`;
    const isBatch = new URL(req.url).searchParams.has("batch");
    const one = { error: { message, code: -32603, data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } };
    const count = isBatch ? Math.max(1, path.join("/").split(",").length) : 1;
    return Response.json(isBatch ? Array.from({ length: count }, () => one) : one, { status: 503 });
  }
}

export const GET = forward;
export const POST = forward;
