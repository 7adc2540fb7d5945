// The logs router: lines with their time and stream where the source keeps them (the local node's CRI files),
// plain lines elsewhere, the same lines when following, and which container logged last.
import { describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, SourceRegistry, type LogOptions, type LogRecord, type Source } from "../src";

// A seam for the CRI-backed source: the records a local node's files would hold, per container.
const RECORDS: Record<string, LogRecord[]> = {
  init: [{ time: "2026-01-01T10:00:00.000000001Z", stream: "stdout", line: "migrated" }],
  app: [
    { time: "2026-01-01T10:00:05.100000000Z", stream: "stdout", line: "listening on :80" },
    { time: "2026-01-01T10:00:06.250000000Z", stream: "stderr", line: "warning: cache cold" },
  ],
  sidecar: [{ time: "2026-01-01T10:00:06.200000000Z", stream: "stdout", line: "tick" }],
};
const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "default" },
  spec: {
    initContainers: [{ name: "init", image: "x" }],
    containers: [
      { name: "sidecar", image: "x" },
      { name: "app", image: "x" },
      { name: "idle", image: "x" },
    ],
  },
};

const source = {
  id: "cri",
  traits: { isLive: true, syncsOnOpen: false },
  info: () => ({ id: "cri", name: "cri", kind: "local", available: true }),
  getPod: () => Promise.resolve(pod),
  async *logs(_ns: string, _name: string, opts: LogOptions) {
    for (const r of RECORDS[opts.container!] ?? []) yield r.line;
  },
  async *logRecords(_ns: string, _name: string, opts: LogOptions) {
    const all = RECORDS[opts.container!];
    if (!all) throw new Error(`container "${opts.container}" is waiting to start`);
    yield* opts.tailLines ? all.slice(-opts.tailLines) : all;
  },
} as unknown as Source;

function setup() {
  const registry = new SourceRegistry();
  registry.add(source);
  return createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false });
}
const ref = { source: "cri", namespace: "default", name: "web" };

describe("logs router", () => {
  it("gives each line its time and stream, and the same lines when following", async () => {
    const call = setup();
    const lines = await call.logs.lines({ ...ref, container: "app" });
    expect(lines).toEqual([
      { time: "2026-01-01T10:00:05.100000000Z", stream: "stdout", line: "listening on :80" },
      { time: "2026-01-01T10:00:06.250000000Z", stream: "stderr", line: "warning: cache cold" },
    ]);
    const followed: unknown[] = [];
    for await (const l of await call.logs.follow({ ...ref, container: "app" })) followed.push(l);
    expect(followed).toEqual(lines);
    expect(await call.logs.get({ ...ref, container: "app" })).toBe("listening on :80\nwarning: cache cold");
  });

  it("passes --since and --since-time on to the source, and refuses both at once or a time that is not one", async () => {
    const seen: LogOptions[] = [];
    const registry = new SourceRegistry();
    registry.add({
      ...source,
      async *logs(_ns: string, _name: string, opts: LogOptions) {
        seen.push(opts);
        yield "x";
      },
    } as unknown as Source);
    const call = createCallerFactory(appRouter)({ registry, authenticated: true, tokenRequiredForReads: false });
    await call.logs.get({ ...ref, container: "app", sinceSeconds: 30 });
    await call.logs.get({ ...ref, container: "app", sinceTime: "2026-01-01T10:00:06Z" });
    expect(seen.map((o) => [o.sinceSeconds, o.sinceTime])).toEqual([
      [30, undefined],
      [undefined, "2026-01-01T10:00:06Z"],
    ]);
    await expect(call.logs.get({ ...ref, sinceSeconds: 30, sinceTime: "2026-01-01T10:00:06Z" })).rejects.toThrow(
      "at most one of `sinceTime` or `sinceSeconds` may be specified",
    );
    await expect(call.logs.get({ ...ref, sinceTime: "yesterday" })).rejects.toThrow("sinceTime: not an RFC 3339 time");
    await expect(call.logs.get({ ...ref, sinceSeconds: 0 })).rejects.toThrow();
  });

  it("names the container whose last line is newest; a container not started yet is passed over", async () => {
    expect(await setup().logs.latest(ref)).toEqual({ container: "app" });
  });
});
