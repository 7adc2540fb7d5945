// tRPC initialisation: the request context and the two kinds of procedure. Reads are open on the
// loopback interface; anything that changes state needs the access token.
import { initTRPC, TRPCError } from "@trpc/server";
import { errorData, toTRPCError } from "./errors";
import type { SourceRegistry } from "./registry";

export interface Context {
  registry: SourceRegistry;
  /** The request carried the right token. */
  authenticated: boolean;
  /** The server listens beyond loopback: every call needs the token. */
  tokenRequiredForReads: boolean;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const d = errorData(error);
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        reason: d?.reason ?? null,
        line: d?.line ?? null,
        column: d?.column ?? null,
        agent: d?.agent ?? null,
      },
    };
  },
});

export const router = t.router;

const mapErrors = t.middleware(async ({ next }) => {
  const r = await next();
  // tRPC wraps a plain thrown error as INTERNAL_SERVER_ERROR with the original as cause: map the cause
  // (a KubeError, a ManifestError) to the code and message it deserves. Other codes are already right.
  if (!r.ok && r.error.code === "INTERNAL_SERVER_ERROR" && r.error.cause) throw toTRPCError(r.error.cause);
  return r;
});

const readAccess = t.middleware(({ ctx, next }) => {
  if (ctx.tokenRequiredForReads && !ctx.authenticated) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "this server needs the access token for every call (it listens beyond loopback)",
    });
  }
  return next();
});

const writeAccess = t.middleware(({ ctx, next }) => {
  if (!ctx.authenticated) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: "this action needs the access token: open the URL printed by `podscope up`, or pass it as `authorization: Bearer <token>`",
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(readAccess).use(mapErrors);
export const mutatingProcedure = t.procedure.use(writeAccess).use(mapErrors);
export const createCallerFactory = t.createCallerFactory;
