import { publicProcedure, router } from "../trpc";

export const sessionRouter = router({
  /**
   * Whether this request carried the right token — the cheap check the web UI makes before storing a token from a
   * link, so a stale or mistyped link never replaces a token that works. Answers only yes or no: the token itself
   * is never sent back.
   */
  check: publicProcedure.query(({ ctx }) => ({ authenticated: ctx.authenticated, tokenRequiredForReads: ctx.tokenRequiredForReads })),
});
