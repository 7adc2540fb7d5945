import { describe, expect, it } from "vitest";
import { lineColumn, locateJsonError, parseWindowFile, WindowFileError } from "../src";
import { windowFile, windowPod } from "./window-fixture";

const pod = windowPod("crash", "u1");

const window = windowFile({
  objects: { pods: [pod], nodes: [{ apiVersion: "v1", kind: "Node", metadata: { name: "n1" } }] },
  history: { u1: [{ time: "2024-05-01T10:00:01Z", status: { phase: "Pending" } }] },
  logs: { u1: { app: { current: ["hello"], previous: ["boom"] } } },
});

function refusal(text: string): WindowFileError {
  try {
    parseWindowFile(text, "w.json");
  } catch (e) {
    if (e instanceof WindowFileError) return e;
    throw e;
  }
  throw new Error("accepted");
}

describe("window file", () => {
  it("reads what it writes", () => {
    expect(parseWindowFile(JSON.stringify(window, null, 2))).toEqual(window);
  });

  it("converts an older single-pod snapshot into the one-pod window", () => {
    const snap = {
      kind: "PodscopeSnapshot",
      version: 1,
      source: window.source,
      takenAt: "2024-05-01T11:00:00Z",
      pod,
      history: window.history.u1,
      events: [],
      inspection: { cgroups: { path: "/x" } },
    };
    const w = parseWindowFile(JSON.stringify(snap));
    expect(w.kind).toBe("PodscopeWindow");
    expect(w.scope).toEqual({ namespace: "default", pod: "crash" });
    expect(w.objects.pods).toEqual([pod]);
    expect(w.history).toEqual({ u1: window.history.u1 });
    expect(w.from).toBe("2024-05-01T10:00:00Z");
    expect(w.takenAt).toBe("2024-05-01T11:00:00Z");
    expect(w.inspection).toEqual({ u1: { cgroups: { path: "/x" } } });
  });

  it("refuses a truncated file with the line and column where it ends", () => {
    const text = JSON.stringify(window, null, 2);
    const cut = text.slice(0, 200);
    const e = refusal(cut);
    const end = lineColumn(cut, cut.length);
    expect(e.position).toEqual(end);
    expect(e.message).toBe(
      `w.json: line ${end.line}, column ${end.column}: not valid JSON: expected ${locateJsonError(cut).expected} — the file ends there: it looks truncated`,
    );
  });

  it("points at a broken character inside the file", () => {
    const e = refusal('{\n  "kind": "PodscopeWindow",\n  "version": 1,,\n}');
    expect(e.position).toEqual({ line: 3, column: 16 });
    expect(e.message).toBe(`w.json: line 3, column 16: not valid JSON: expected a property name in double quotes`);
  });

  it("refuses a newer version, a foreign file, an empty one and a wrong shape, saying where", () => {
    expect(refusal(JSON.stringify({ ...window, version: 3 })).message).toBe("window file version 3 is newer than this podscope reads (1)");
    expect(refusal(JSON.stringify({ kind: "PodscopeSnapshot", version: 2 })).message).toBe(
      "snapshot file version 2 is newer than this podscope reads (1)",
    );
    expect(refusal(JSON.stringify({ apiVersion: "v1", kind: "List", items: [] })).message).toBe(
      `w.json is not a podscope window file: kind is "List", expected "PodscopeWindow" (or an older "PodscopeSnapshot")`,
    );
    expect(refusal("[1,2]").message).toBe("w.json is not a podscope window file: expected a JSON object, got an array");
    expect(refusal("  \n").message).toBe("w.json is empty: expected a podscope window file (JSON)");
    const badPod = { ...window, objects: { ...window.objects, pods: [pod, { ...pod, metadata: { namespace: "x" } }] } };
    expect(refusal(JSON.stringify(badPod)).message).toBe("w.json: objects.pods[1].metadata.name: expected a string, got nothing");
    const badLog = { ...window, logs: { u1: { app: { current: "hello" } } } };
    expect(refusal(JSON.stringify(badLog)).message).toBe(`w.json: logs["u1"]["app"].current: expected an array, got string "hello"`);
    expect(refusal(JSON.stringify({ ...window, takenAt: "yesterday" })).message).toBe(
      `w.json: takenAt: expected an RFC 3339 time, got string "yesterday"`,
    );
  });
});
