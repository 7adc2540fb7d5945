// Runtime settings for the browser. The API port is known only when `podscope up` starts us (it passes
// PODSCOPE_API_PORT), after the build, so it cannot be baked into the client bundle.
import { webApiPort } from "@podscope/env";

export const dynamic = "force-dynamic";

export function GET() {
  const apiPort = webApiPort();
  return Response.json({ apiPort }, { headers: { "cache-control": "no-store" } });
}
