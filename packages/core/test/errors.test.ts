import { describe, expect, it } from "vitest";
import { alreadyExists, invalid, isKubeError, KubeError, notFound } from "../src/errors";

describe("KubeError", () => {
  it("words NotFound and AlreadyExists as the API server does", () => {
    const e = alreadyExists("pods", "web");
    expect(e).toBeInstanceOf(KubeError);
    expect([e.code, e.reason, e.message]).toEqual([409, "AlreadyExists", 'pods "web" already exists']);
    expect(e.kubectlMessage()).toBe('Error from server (AlreadyExists): pods "web" already exists');
    expect(notFound("pods", "x").toStatus()).toEqual({ kind: "Status", apiVersion: "v1", status: "Failure", message: 'pods "x" not found', reason: "NotFound", code: 404 });
  });

  it("lists field causes of Invalid", () => {
    expect(invalid("Pod", "p", [{ field: "spec.containers[0].image", message: "Required value" }]).message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(invalid("Pod", "p", [{ field: "a", message: "x" }, { field: "b", message: "y" }]).message).toBe('Pod "p" is invalid: [a: x, b: y]');
  });

  it("is recognised by reason", () => {
    expect(isKubeError(notFound("pods", "x"), "NotFound")).toBe(true);
    expect(isKubeError(notFound("pods", "x"), "AlreadyExists")).toBe(false);
    expect(isKubeError(new Error("x"))).toBe(false);
  });
});
