// Wraps a command body: connects, runs, prints failures as kubectl does, returns the exit status.
import { connect, describeError, type Api } from "./client";
import { UsageError } from "./flags";
import { err } from "./print";

export async function withClient(body: (c: Api) => Promise<number | void>): Promise<number> {
  const c = connect();
  try {
    return (await body(c.api)) ?? 0;
  } catch (e) {
    err(e instanceof UsageError ? `error: ${e.message}` : describeError(e));
    return 1;
  } finally {
    c.close();
  }
}

export async function guarded(body: () => Promise<number | void>): Promise<number> {
  try {
    return (await body()) ?? 0;
  } catch (e) {
    err(e instanceof UsageError ? `error: ${e.message}` : describeError(e));
    return 1;
  }
}
