// Runtime settings for the browser. The API port is known only when `podscope up` starts us (it passes
// PODSCOPE_API_PORT), after the build, so it cannot be baked into the client bundle.
export const dynamic = "force-dynamic";

export function GET() {
  const apiPort = Number(process.env.PODSCOPE_API_PORT ?? process.env.NEXT_PUBLIC_PODSCOPE_API_PORT ?? 7700);
  return Response.json({ apiPort }, { headers: { "cache-control": "no-store" } });
}
