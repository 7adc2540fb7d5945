"use client";
// The one door to the podscope API for views: `const trpc = useTRPC()`, then
// `useQuery(trpc.pods.list.queryOptions({ source }))`, `useMutation(trpc.pods.create.mutationOptions())` and
// `useSubscription(trpc.pods.watch.subscriptionOptions(…))`. Inputs and outputs are inferred from the router
// (RouterInputs/RouterOutputs of @podscope/api), never restated here.
import type { AppRouter } from "@podscope/api";
import { createTRPCContext } from "@trpc/tanstack-react-query";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
