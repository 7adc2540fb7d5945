// Server and network errors in words a user understands, with what to do next.
import { TOKEN_NEEDED } from "./token";

export interface UserError {
  title: string;
  detail?: string;
  line?: number;
  column?: number;
}

interface ErrorLike {
  message?: string;
  data?: { code?: string; httpStatus?: number; line?: number; column?: number } | null;
  cause?: unknown;
}

export function toUserError(err: unknown): UserError {
  const e = (err ?? {}) as ErrorLike;
  const message = typeof e.message === "string" ? e.message : typeof err === "string" ? err : "";
  const code = e.data?.code;
  const at = e.data && typeof e.data.line === "number" ? { line: e.data.line, column: e.data.column } : {};
  if (code === "UNAUTHORIZED" || (code === "FORBIDDEN" && /token/i.test(message))) return { title: TOKEN_NEEDED, detail: message };
  if (/Failed to fetch|NetworkError|ECONNREFUSED|fetch failed|Unexpected token '<'|Internal Server Error$/.test(message) && !code) {
    return { title: "The podscope server is not reachable.", detail: "Is `podscope up` still running? The page retries on its own." };
  }
  if (code === "NOT_FOUND") return { title: message || "Not found.", ...at };
  if (code === "FORBIDDEN") return { title: "The cluster refused this request (RBAC).", detail: message };
  if (code === "PRECONDITION_FAILED" || code === "METHOD_NOT_SUPPORTED") return { title: message };
  return { title: message || "Something went wrong.", ...at };
}
