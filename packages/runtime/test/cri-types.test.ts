// The CRI shapes in src/cri/types.ts are written by hand. protobufjs silently drops a key the
// message does not have, so a misspelt field would just vanish on the wire: check every field
// of every interface named after a CRI message against the proto we load.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as protoLoader from "@grpc/proto-loader";
import { describe, expect, it } from "vitest";
import { criProtoPath, PROTO_LOADER_OPTIONS } from "../src/cri/proto";

const definition = protoLoader.loadSync(criProtoPath(), PROTO_LOADER_OPTIONS);
const source = readFileSync(fileURLToPath(new URL("../src/cri/types.ts", import.meta.url)), "utf8");

/** interface name → its top-level field names, from the TypeScript source (nested inline types skipped). */
function interfaces(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = source.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  for (const m of text.matchAll(/export interface (\w+) \{/g)) {
    let depth = 1;
    let top = "";
    for (let i = m.index! + m[0].length; depth > 0 && i < text.length; i++) {
      const ch = text[i];
      if (ch === "{") depth++;
      else if (ch === "}") depth--;
      else if (depth === 1) top += ch;
      if (depth === 2 && ch === "{") top += " ";
    }
    out.set(
      m[1],
      [...top.matchAll(/(?:^|[;\n])\s*(\w+)\??:/g)].map((f) => f[1]),
    );
  }
  return out;
}

function protoFields(message: string): string[] | undefined {
  const def = definition[`runtime.v1.${message}`] as { type?: { field?: { name: string }[] } } | undefined;
  return def?.type?.field?.map((f) => f.name);
}

describe("CRI types match the proto", () => {
  const all = interfaces();
  const checked = [...all.keys()].filter((name) => protoFields(name));

  it("covers the messages the client sends and reads", () => {
    for (const m of [
      "PodSandboxConfig",
      "ContainerConfig",
      "LinuxContainerResources",
      "NamespaceOption",
      "ContainerStatus",
      "PodSandboxStatus",
      "Image",
      "ExecSyncResponse",
      "Mount",
    ]) {
      expect(checked, m).toContain(m);
    }
  });

  it.each([...all.keys()].filter((name) => protoFields(name)))("%s: every field exists in the message", (name) => {
    const known = protoFields(name)!;
    expect(all.get(name)!.filter((f) => !known.includes(f))).toEqual([]);
  });
});

describe("CRI enum unions match the proto", () => {
  const unions = [...source.matchAll(/export type (\w+) = ((?:\s*\|?\s*"[\w]+")+);/g)].map((m) => ({
    name: m[1],
    values: [...m[2].matchAll(/"(\w+)"/g)].map((v) => v[1]),
  }));
  const enumValues = (name: string) =>
    (definition[`runtime.v1.${name}`] as { type?: { value?: { name: string }[] } } | undefined)?.type?.value?.map((v) => v.name);

  it("finds the unions", () => {
    expect(unions.map((u) => u.name)).toEqual(
      expect.arrayContaining(["NamespaceMode", "PodSandboxState", "ContainerState", "Protocol", "MountPropagation"]),
    );
  });

  it.each(unions.filter((u) => enumValues(u.name)).map((u) => [u.name, u.values] as const))(
    "%s has exactly the proto's values",
    (name, values) => {
      expect([...values].sort()).toEqual([...enumValues(name)!].sort());
    },
  );
});
