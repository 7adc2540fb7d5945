// Identity by UID on the real local node (real server, real containerd): one name created, deleted
// and re-created three times with different specs is three incarnations; each one's timeline
// history and events are its own, and the deleted ones stay reachable (`get pods --deleted`,
// `describe --uid`, `events --uid`, pods.detail by uid). Runs as root, as CI does.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeEvent, Pod } from "@podscope/core";
import { connect, type Client } from "../src/client";
import { podscope, startServer, until, type ServerProc } from "./helpers";

const env = { PODSCOPE_BRIDGE: "pscliJ0", PODSCOPE_POD_SUBNET: "10.231.0.0/24" };
const dir = mkdtempSync(join(tmpdir(), "podscope-incarnations-"));
let server: ServerProc;
let E: Record<string, string>;
let client: Client;
const cli = (...args: string[]) => podscope(args, E);

const manifest = (gen: string) => {
  const f = join(dir, `${gen}.yaml`);
  writeFileSync(
    f,
    `apiVersion: v1
kind: Pod
metadata:
  name: again
  labels: { gen: ${gen} }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app-${gen}
    image: busybox
    command: ["sh", "-c", "echo ${gen}; exec sleep 3600"]
`,
  );
  return f;
};

async function createRunning(gen: string): Promise<string> {
  const r = await cli("apply", "-f", manifest(gen));
  expect(r.code, r.stderr).toBe(0);
  const pod = await until(
    `again (${gen}) Running`,
    async () => {
      const p = JSON.parse((await cli("get", "pod", "again", "-o", "json")).stdout || "{}") as Pod;
      return p.metadata?.labels?.gen === gen && p.status?.phase === "Running" && p;
    },
    60_000,
  );
  return pod.metadata.uid!;
}

beforeAll(async () => {
  expect(process.getuid?.(), "these tests run real pods and need root (CI runs as root)").toBe(0);
  server = await startServer({ port: 18100, env });
  E = { ...server.env, ...env };
  Object.assign(process.env, server.env); // the in-process client reads home (token) and port from the environment
  client = connect();
}, 120_000);

afterAll(async () => {
  client?.close();
  await server?.stop();
  const r = await podscope(["down"], E);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe("pod incarnations on the local node", () => {
  it("keeps three lives of one name apart, the deleted ones reachable by UID", async () => {
    const uids: string[] = [];
    let whileTwo = "";
    for (const gen of ["one", "two", "three"]) {
      uids.push(await createRunning(gen));
      if (gen === "two") {
        await new Promise((r) => setTimeout(r, 1100));
        whileTwo = new Date().toISOString();
        await new Promise((r) => setTimeout(r, 1100));
      }
      if (gen !== "three") {
        const d = await cli("delete", "pod", "again");
        expect(d.code, d.stderr).toBe(0);
      }
    }
    expect(new Set(uids).size).toBe(3);
    const [uid1, uid2, uid3] = uids;

    // get pods --deleted: NAME, UID, DELETED; most recently deleted first.
    const table = await cli("get", "pods", "--deleted");
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+UID\s+DELETED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ["again", uid2],
      ["again", uid1],
    ]);
    expect(lines[1]).toMatch(/ ago$/);
    const json = JSON.parse((await cli("get", "pods", "--deleted", "-o", "json")).stdout) as { kind: string; items: Pod[] };
    expect(json.kind).toBe("List");
    expect(json.items.map((p) => [p.kind, p.metadata.uid, p.spec.containers[0].name])).toEqual([
      ["Pod", uid2, "app-two"],
      ["Pod", uid1, "app-one"],
    ]);
    for (const p of json.items) expect(Date.parse(p.metadata.deletionTimestamp ?? "")).toBeGreaterThan(0);

    // Each incarnation: its own spec, history and events (by UID, never by name).
    for (const [uid, gen] of [
      [uid1, "one"],
      [uid2, "two"],
      [uid3, "three"],
    ] as const) {
      const d = await client.api.pods.detail.query({ source: "local", namespace: "default", name: "again", uid });
      expect(d.pod.metadata.uid).toBe(uid);
      expect(d.pod.spec.containers.map((c) => c.name)).toEqual([`app-${gen}`]);
      expect(d.history.length).toBeGreaterThan(1);
      // Every recorded status names only this incarnation's container.
      expect(d.history.every((h) => (h.status.containerStatuses ?? []).every((c) => c.name === `app-${gen}`))).toBe(true);
      expect(d.events.length).toBeGreaterThan(0);
      expect(d.events.every((e: KubeEvent) => e.involvedObject.uid === uid)).toBe(true);
      expect(d.events.filter((e) => e.reason === "Scheduled")).toHaveLength(1);
      if (gen === "three") expect(d.deletedAt).toBeUndefined();
      else {
        expect(Date.parse(d.deletedAt ?? "")).toBeGreaterThan(0);
        // The termination was recorded and stays: Killing, and a last status with the container terminated.
        expect(d.events.some((e) => e.reason === "Killing")).toBe(true);
        expect(d.history.at(-1)!.status.containerStatuses?.[0].state?.terminated).toBeTruthy();
        expect(d.pod.metadata.deletionTimestamp).toBeTruthy();
      }
    }
    const incs = await client.api.pods.incarnations.query({ source: "local", namespace: "default", name: "again" });
    expect(incs.map((i) => [i.uid, !!i.deletedAt])).toEqual([
      [uid1, true],
      [uid2, true],
      [uid3, false],
    ]);

    // The CLI by name is the live pod; --uid names a deleted one.
    const live = await cli("events", "again", "-o", "json");
    const liveEvents = (JSON.parse(live.stdout) as { items: KubeEvent[] }).items;
    expect(liveEvents.length).toBeGreaterThan(0);
    expect(liveEvents.every((e) => e.involvedObject.uid === uid3)).toBe(true);
    const old = JSON.parse((await cli("events", "again", "--uid", uid1, "-o", "json")).stdout) as { items: KubeEvent[] };
    expect(old.items.length).toBeGreaterThan(0);
    expect(old.items.every((e) => e.involvedObject.uid === uid1)).toBe(true);
    expect(old.items.map((e) => e.reason)).toContain("Killing");

    const described = await cli("describe", "pod", "again");
    expect(described.stdout).toContain("app-three:");
    expect(described.stdout).not.toContain("app-one");
    expect(described.stdout).toMatch(/Status:\s+Running/);
    const describedOld = await cli("describe", "pod", "again", "--uid", uid1);
    expect(describedOld.code, describedOld.stderr).toBe(0);
    expect(describedOld.stdout).toContain("app-one:");
    expect(describedOld.stdout).toMatch(/Status:\s+Deleted .* ago/);
    expect(describedOld.stdout).not.toContain("app-three");
    // A UID of another name is not this pod's.
    const wrong = await cli("describe", "pod", "other", "--uid", uid1);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('pods "other" not found');

    // Time travel: the node as it was while "two" ran, rebuilt from recorded history.
    const then = JSON.parse((await cli("get", "pods", "--at", whileTwo, "-o", "json")).stdout) as { items: Pod[] };
    const againThen = then.items.filter((p) => p.metadata.name === "again");
    expect(againThen.map((p) => [p.metadata.uid, p.spec.containers[0].name, p.status?.phase, p.metadata.deletionTimestamp])).toEqual([
      [uid2, "app-two", "Running", undefined],
    ]);
    const describedThen = await cli("describe", "pod", "again", "--at", whileTwo);
    expect(describedThen.code, describedThen.stderr).toBe(0);
    expect(describedThen.stdout).toContain("app-two:");
    expect(describedThen.stdout).toMatch(/Status:\s+Running/);
    const tooEarly = await cli("get", "pods", "--at", "2001-01-01T00:00:00Z");
    expect(tooEarly.code).toBe(1);
    expect(tooEarly.stderr).toMatch(/history of source "local" reaches back to \d{4}-.*; 2001-01-01T00:00:00.000Z is outside it/);
    expect((await cli("get", "pods", "--at", "soon")).stderr).toContain('invalid time "soon"');

    // Once the live one is deleted too, the name's page and describe show its last life, deleted.
    expect((await cli("delete", "pod", "again")).code).toBe(0);
    const gone = await client.api.pods.detail.query({ source: "local", namespace: "default", name: "again" });
    expect(gone.pod.metadata.uid).toBe(uid3);
    expect(gone.deletedAt).toBeTruthy();
    expect((await cli("get", "pods", "--deleted", "-o", "json")).stdout).toContain(uid3);
  }, 300_000);
});
