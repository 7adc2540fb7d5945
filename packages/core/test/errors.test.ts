import { describe, expect, it } from "vitest";
import {
  alreadyExists,
  invalid,
  isConflict,
  isForbidden,
  isGone,
  isKubeError,
  isNotFound,
  isTooManyRequests,
  KubeError,
  notFound,
  reasonOf,
} from "../src/errors";

describe("KubeError", () => {
  it("words NotFound and AlreadyExists as the API server does", () => {
    const e = alreadyExists("pods", "web");
    expect(e).toBeInstanceOf(KubeError);
    expect([e.code, e.reason, e.message]).toEqual([409, "AlreadyExists", 'pods "web" already exists']);
    expect(e.kubectlMessage()).toBe('Error from server (AlreadyExists): pods "web" already exists');
    expect(notFound("pods", "x").toStatus()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      message: 'pods "x" not found',
      reason: "NotFound",
      code: 404,
    });
  });

  it("lists field causes of Invalid", () => {
    expect(invalid("Pod", "p", [{ field: "spec.containers[0].image", message: "Required value" }]).message).toBe(
      'Pod "p" is invalid: spec.containers[0].image: Required value',
    );
    expect(
      invalid("Pod", "p", [
        { field: "a", message: "x" },
        { field: "b", message: "y" },
      ]).message,
    ).toBe('Pod "p" is invalid: [a: x, b: y]');
  });

  it("is recognised by reason", () => {
    expect(isKubeError(notFound("pods", "x"), "NotFound")).toBe(true);
    expect(isKubeError(notFound("pods", "x"), "AlreadyExists")).toBe(false);
    expect(isKubeError(new Error("x"))).toBe(false);
  });

  it("answers the predicates by Status reason, 410 Gone and Expired alike", () => {
    expect(isNotFound(notFound("pods", "x"))).toBe(true);
    expect(isNotFound(alreadyExists("pods", "x"))).toBe(false);
    expect(isForbidden(new KubeError("Forbidden", "no"))).toBe(true);
    expect(isConflict(new KubeError("Conflict", "again"))).toBe(true);
    expect(isTooManyRequests(new KubeError("TooManyRequests", "budget"))).toBe(true);
    expect(isGone(new KubeError("Gone", "too old"))).toBe(true);
    expect(isGone(new KubeError("Expired", "continue token"))).toBe(true);
    expect(isGone(new Error("Gone"))).toBe(false);
  });

  it("takes the server's reason when it names one, else the one its HTTP code implies", () => {
    expect(reasonOf(409, "AlreadyExists")).toBe("AlreadyExists");
    expect(reasonOf(409)).toBe("Conflict");
    expect(reasonOf(410, "Expired")).toBe("Expired");
    expect(reasonOf(422, "SomethingNew")).toBe("Invalid");
    expect(reasonOf(418)).toBe("Unknown");
    expect(new KubeError("Unknown", "teapot", { code: 418 }).kubectlMessage()).toBe("Error from server: teapot");
  });

  it("keeps the Status the server sent and its causes", () => {
    const status = {
      kind: "Status" as const,
      message: "namespace is terminating",
      reason: "Forbidden",
      code: 403,
      details: { causes: [{ reason: "NamespaceTerminating", message: "ns x is terminating" }] },
    };
    const e = new KubeError("Forbidden", "cannot evict", { status, context: "ctx" });
    expect([e.code, e.context, e.status?.message, e.causes[0].reason]).toEqual([
      403,
      "ctx",
      "namespace is terminating",
      "NamespaceTerminating",
    ]);
  });
});
