import { agentsRouter } from "./routers/agents";
import { drainRouter } from "./routers/drain";
import { drainLiveRouter } from "./routers/drain-live";
import { eventsRouter } from "./routers/events";
import { execRouter } from "./routers/exec";
import { imagesRouter } from "./routers/images";
import { inspectRouter } from "./routers/inspect";
import { logsRouter } from "./routers/logs";
import { nodesRouter } from "./routers/nodes";
import { podsRouter } from "./routers/pods";
import { sessionRouter } from "./routers/session";
import { snapshotsRouter } from "./routers/snapshots";
import { sourcesRouter } from "./routers/sources";
import { router } from "./trpc";

export const appRouter = router({
  sources: sourcesRouter,
  nodes: nodesRouter,
  pods: podsRouter,
  events: eventsRouter,
  logs: logsRouter,
  exec: execRouter,
  inspect: inspectRouter,
  agents: agentsRouter,
  snapshots: snapshotsRouter,
  images: imagesRouter,
  drain: drainRouter,
  drainLive: drainLiveRouter,
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;
