// agents.list on a source that has no podscope agents: refused in the user's words (the capability's), before
// anything is asked of the source. The cluster path is tested for real by the CLI (packages/cli/test/agent-status.test.ts).
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry, UnavailableSource } from "../src";

describe("agents.list", () => {
  it("a source without agents: METHOD_NOT_SUPPORTED, saying which sources have them", async () => {
    const registry = new SourceRegistry();
    registry.add(new UnavailableSource("local", "local", "local node", "running pods needs root"));
    const call = createCallerFactory(appRouter)({ registry, authenticated: false, tokenRequiredForReads: false });
    const e = await call.agents.list({ source: "local" }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(TRPCError);
    expect(e).toMatchObject({
      code: "METHOD_NOT_SUPPORTED",
      message:
        'source "local" has no podscope agents: only a cluster context (a kube:<context> source, --context NAME) runs them on its nodes',
    });
  });
});
