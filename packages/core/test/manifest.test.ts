import { describe, expect, it } from "vitest";
import { ManifestError, parseManifest, validatePod } from "../src/manifest";

const pod = (name: string, extra = "") => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: busybox${extra}
`;

function error(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error("expected a ManifestError");
}

describe("parseManifest", () => {
  it("reads one object", () => {
    const objs = parseManifest(pod("web"));
    expect(objs).toHaveLength(1);
    expect(objs[0].object.metadata.name).toBe("web");
    expect(objs[0].position).toEqual({ line: 1, column: 1 });
  });

  it("reads several documents and skips empty ones", () => {
    const objs = parseManifest(`${pod("a")}---\n---\n${pod("b")}`);
    expect(objs.map((o) => o.object.metadata.name)).toEqual(["a", "b"]);
    expect(objs[1].position.line).toBe(11);
  });

  it("unwraps a v1 List", () => {
    const list = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        JSON.parse(
          JSON.stringify({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "x" },
            spec: { containers: [{ name: "c", image: "busybox" }] },
          }),
        ),
      ],
    });
    expect(parseManifest(list).map((o) => o.object.metadata.name)).toEqual(["x"]);
  });

  it("reports malformed YAML with line and column", () => {
    const e = error(() => parseManifest("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n", "bad.yaml"));
    expect(e.position?.line).toBeGreaterThanOrEqual(4);
    expect(e.message).toMatch(/^error parsing bad\.yaml: line \d+, column \d+: /);
  });

  it("reports a duplicate key where it is", () => {
    const e = error(() => parseManifest("apiVersion: v1\nkind: Pod\nkind: Pod\n"));
    expect(e.position).toEqual({ line: 3, column: 1 });
  });

  it("rejects an unknown field with its path and position, as strict decoding does", () => {
    const e = error(() => parseManifest(pod("web").replace("    image:", "    imagee:"), "pod.yaml"));
    expect(e.message).toContain(`strict decoding error: unknown field "spec.containers[0].imagee"`);
    expect(e.position).toEqual({ line: 8, column: 5 });
  });

  it("rejects a document without kind", () => {
    expect(error(() => parseManifest("apiVersion: v1\nmetadata: {name: x}\n")).message).toContain("Object 'Kind' is missing");
  });

  it("rejects an empty input", () => {
    expect(error(() => parseManifest("")).message).toContain("no objects passed to apply");
  });
});

describe("validatePod", () => {
  const one = (text: string) => validatePod(parseManifest(text)[0].object);

  it("fills in the API server's defaults", () => {
    const p = one(pod("web"));
    expect(p.metadata.namespace).toBe("default");
    expect(p.spec.restartPolicy).toBe("Always");
    expect(p.spec.terminationGracePeriodSeconds).toBe(30);
  });

  it("rejects an invalid name in the API server's words", () => {
    const e = error(() => one(pod("Web_1")));
    expect(e.reason).toBe("Invalid");
    expect(e.message).toContain(`The Pod "Web_1" is invalid`);
    expect(e.message).toContain(`metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain`);
  });

  it("rejects duplicate container names and a missing image", () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: busybox}\n  - {name: a}\n`;
    const e = error(() => one(text));
    expect(e.message).toContain(`spec.containers[1].name: Duplicate value: "a"`);
    expect(e.message).toContain(`spec.containers[1].image: Required value`);
  });

  it("rejects a kind that is not a Pod", () => {
    const e = error(() => one("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"));
    expect(e.message).toContain(`got apps/v1 Deployment "d"`);
  });

  it("rejects an unsupported restartPolicy", () => {
    expect(error(() => one(pod("p") + "  restartPolicy: Sometimes\n")).message).toContain(
      `spec.restartPolicy: Unsupported value: "Sometimes"`,
    );
  });
});
