// The Reflector's list+watch logic against a fake ListerWatcher and a fake clock: paging, resuming the watch
// from the last resourceVersion, bookmarks, relist on 410 Gone (as a watch ERROR event and as an HTTP 410), back-off,
// stop. No cluster: the real-cluster behaviour stays covered by watch.test.ts and restart.test.ts.
import { describe, expect, it } from "vitest";
import { isForbidden } from "@podscope/core";
import { type ChangeType, Reflector, type ReflectorOptions } from "../src/reflector";
import { RESOURCES } from "../src/resources";
import { connectionLost, FakeClock, FakeListerWatcher, httpError, pod, until } from "./fake-lister-watcher";

const OPTS: ReflectorOptions = { pageSize: 500, backoffBaseMs: 100, backoffMaxMs: 1000, watchTimeoutSeconds: [300, 600] };

function setup(opts: Partial<ReflectorOptions> = {}, onForbidden?: () => Promise<boolean>) {
  const lw = new FakeListerWatcher();
  const clock = new FakeClock();
  const changes: [ChangeType, string, string | undefined][] = [];
  const states: string[] = [];
  const errors: string[] = [];
  const r = new Reflector(
    lw,
    RESOURCES.pods,
    undefined,
    { ...OPTS, ...opts },
    {
      onChange: (t, o) => changes.push([t, o.metadata.name!, o.metadata.resourceVersion]),
      onState: () => {
        states.push(r.state);
        if (r.error) errors.push(r.error.message);
      },
      onForbidden,
    },
    clock,
  );
  const watching = (n: number) => until(`watch #${n} open`, () => lw.watches.length === n && !lw.watches[n - 1].closed);
  return { lw, clock, r, changes, states, errors, watching };
}

const names = (changes: [ChangeType, string, string | undefined][], type: ChangeType) =>
  changes.filter((c) => c[0] === type).map((c) => c[1]);

describe("Reflector (fake ListerWatcher)", () => {
  it("lists in pages following continue tokens, fills apiVersion/kind, drops managedFields, then watches from the list's resourceVersion", async () => {
    const { lw, r, changes, watching } = setup();
    for (let i = 0; i < 1200; i++) lw.put(pod(`p-${String(i).padStart(4, "0")}`));
    const listRv = lw.resourceVersion;
    r.start();
    await watching(1);
    expect(lw.lists.map((l) => l.continue)).toEqual([undefined, "token-1", "token-2"]);
    expect(lw.lists.every((l) => l.limit === 500)).toBe(true);
    expect(r.store.size).toBe(1200);
    expect(names(changes, "ADDED")).toHaveLength(1200);
    const one = r.store.get("default/p-0042")!;
    expect([one.apiVersion, one.kind]).toEqual(["v1", "Pod"]);
    expect(one.metadata.managedFields).toBeUndefined();
    expect([r.state, r.everSynced, r.relists]).toEqual(["synced", true, 0]);
    expect(lw.watchCalls[0]).toMatchObject({ resourceVersion: listRv, allowWatchBookmarks: true });
    // The fake clock's random() is 0: the low end of the timeout range.
    expect(lw.watchCalls[0].timeoutSeconds).toBe(300);
    await r.stop();
  });

  it("starts the list over when a continue token expires (410) mid-list, without duplicate or lost objects", async () => {
    const { lw, r, changes, watching } = setup({ pageSize: 2 });
    for (const n of ["a", "b", "c", "d", "e"]) lw.put(pod(n));
    const realList = lw.list.bind(lw);
    let expired = false;
    lw.list = async (opts) => {
      const page = await realList(opts);
      if (opts.continue === "token-1" && !expired) {
        // While the second page was served, the snapshot was compacted and "c" deleted.
        expired = true;
        lw.expireContinueTokens();
        lw.quietly(() => lw.remove("c"));
      }
      return page;
    };
    r.start();
    await watching(1);
    // token-2 (from the expired snapshot) answers 410: the list restarts from the first page.
    expect(lw.lists.map((l) => l.continue)).toEqual([undefined, "token-1", "token-2", undefined, "token-3"]);
    expect([...r.store.keys()].sort()).toEqual(["default/a", "default/b", "default/d", "default/e"]);
    expect(names(changes, "ADDED").sort()).toEqual(["a", "b", "d", "e"]);
    await r.stop();
  });

  it("applies watch events in order and resumes a cleanly ended watch from the last event's resourceVersion, without relisting", async () => {
    const { lw, clock, r, changes, watching } = setup();
    lw.put(pod("a"));
    r.start();
    await watching(1);
    lw.put(pod("b"));
    lw.put({ ...pod("a"), spec: { nodeName: "n1" } });
    lw.remove("b");
    await until("3 changes", () => changes.length === 4);
    expect(changes.slice(1).map((c) => `${c[0]} ${c[1]}`)).toEqual(["ADDED b", "MODIFIED a", "DELETED b"]);
    expect(r.store.get("default/a")?.spec).toEqual({ nodeName: "n1" });
    expect(r.store.has("default/b")).toBe(false);
    const last = lw.resourceVersion;
    expect(r.resourceVersion).toBe(last);
    // The server's timeoutSeconds after a long watch: resume at once, from where we were.
    clock.t += 60_000;
    lw.endWatch();
    await watching(2);
    expect(lw.watchCalls[1].resourceVersion).toBe(last);
    expect(lw.lists).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    await r.stop();
  });

  it("a BOOKMARK moves the resourceVersion without an event", async () => {
    const { lw, clock, r, changes, watching } = setup();
    lw.put(pod("a"));
    r.start();
    await watching(1);
    const before = changes.length;
    lw.bookmark();
    const bookmarked = lw.resourceVersion;
    await until("bookmark applied", () => r.resourceVersion === bookmarked);
    expect(changes).toHaveLength(before);
    clock.t += 60_000;
    lw.endWatch();
    await watching(2);
    expect(lw.watchCalls[1].resourceVersion).toBe(bookmarked);
  });

  it("410 Gone as a watch ERROR event: relists and reports what changed while the watch was lost", async () => {
    const { lw, r, changes, watching } = setup();
    lw.put(pod("keep"));
    lw.put(pod("edit"));
    lw.put(pod("drop"));
    r.start();
    await watching(1);
    changes.length = 0;
    lw.quietly(() => {
      lw.put({ ...pod("edit"), spec: { nodeName: "n2" } });
      lw.remove("drop");
      lw.put(pod("new"));
    });
    lw.sendError(410, "Expired");
    await watching(2);
    expect(lw.lists).toHaveLength(2);
    expect(lw.lists[1].continue).toBeUndefined();
    expect(r.relists).toBe(1);
    expect(changes.map((c) => `${c[0]} ${c[1]}`).sort()).toEqual(["ADDED new", "DELETED drop", "MODIFIED edit"]);
    expect(lw.watchCalls[1].resourceVersion).toBe(lw.resourceVersion);
    expect(r.state).toBe("synced");
    await r.stop();
  });

  it("410 Gone when opening the watch (HTTP 410): relists", async () => {
    const { lw, clock, r, watching } = setup();
    lw.put(pod("a"));
    r.start();
    await watching(1);
    lw.failNextWatch(httpError(410, "Gone", "too old resource version"));
    clock.t += 60_000;
    lw.endWatch();
    await watching(2);
    expect(lw.watchCalls).toHaveLength(3); // the refused one in between
    expect(lw.lists).toHaveLength(2);
    expect(r.relists).toBe(1);
    expect(clock.sleeps).toEqual([]); // a relist is not an error: no back-off
    await r.stop();
  });

  it("another watch ERROR (500) is an error: back off, then resume from the same resourceVersion without relisting", async () => {
    const { lw, r, states, clock, watching } = setup();
    lw.put(pod("a"));
    r.start();
    await watching(1);
    const rv = r.resourceVersion;
    lw.sendError(500, "InternalError");
    await watching(2);
    expect(states).toContain("error");
    expect(clock.sleeps).toEqual([100]);
    expect(lw.lists).toHaveLength(1);
    expect(lw.watchCalls[1].resourceVersion).toBe(rv);
    expect(r.state).toBe("synced");
    await r.stop();
  });

  it("backs off exponentially up to the maximum while the API server fails, and recovers", async () => {
    const { lw, r, clock, watching, errors } = setup();
    lw.put(pod("a"));
    lw.failNextList(...Array.from({ length: 6 }, () => httpError(503, "ServiceUnavailable")));
    r.start();
    await watching(1);
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/503 ServiceUnavailable/);
    expect(clock.sleeps).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(lw.lists).toHaveLength(7);
    expect([r.state, r.error, r.store.size]).toEqual(["synced", undefined, 1]);
    await r.stop();
  });

  it("adds jitter of up to a fifth of the delay", async () => {
    const lw = new FakeListerWatcher();
    const clock = new FakeClock(0.5);
    const r = new Reflector(lw, RESOURCES.pods, undefined, OPTS, { onChange: () => undefined, onState: () => undefined }, clock);
    lw.failNextList(httpError(500, "InternalError"), httpError(500, "InternalError"));
    r.start();
    await until("watch", () => lw.watches.length === 1);
    expect(clock.sleeps).toEqual([110, 220]);
    // and picks the watch timeout inside the range
    expect(lw.watchCalls[0].timeoutSeconds).toBe(450);
    await r.stop();
  });

  it("a watch that keeps ending at once is treated like an error so it never spins", async () => {
    const { lw, r, clock, watching } = setup();
    r.start();
    for (let n = 1; n <= 3; n++) {
      await watching(n);
      lw.endWatch(); // within a second of opening (the fake clock does not move on its own)
    }
    await watching(4);
    expect(clock.sleeps).toEqual([200, 400, 800]);
    await r.stop();
  });

  it("a broken connection resumes the watch from the last resourceVersion after a back-off", async () => {
    const { lw, r, clock, watching, states } = setup();
    lw.put(pod("a"));
    r.start();
    await watching(1);
    lw.put(pod("b"));
    await until("b seen", () => r.store.has("default/b"));
    const rv = lw.resourceVersion;
    lw.breakWatch(connectionLost());
    await watching(2);
    expect(states.slice(-2)).toEqual(["error", "synced"]);
    expect(r.error).toBeUndefined();
    expect(lw.watchCalls[1].resourceVersion).toBe(rv);
    expect(clock.sleeps).toEqual([100]);
    expect(lw.lists).toHaveLength(1);
    await r.stop();
  });

  it("forbidden before the first sync asks the owner, which may take over (namespace fallback)", async () => {
    let asked = 0;
    const { lw, r, clock } = setup({}, async () => (++asked, true));
    lw.failNextList(httpError(403, "Forbidden", 'pods is forbidden: User "u" cannot list resource "pods"'));
    r.start();
    await until("asked", () => asked === 1);
    await r.stop();
    expect(isForbidden(r.error)).toBe(true);
    expect(lw.lists).toHaveLength(1);
    expect(lw.watchCalls).toHaveLength(0);
    expect(clock.sleeps).toEqual([]);
  });

  describe("stop cleans up", () => {
    it("closes the open watch and makes no further calls", async () => {
      const { lw, r, watching } = setup();
      r.start();
      await watching(1);
      await r.stop();
      expect(lw.watches[0].closed).toBe(true);
      lw.put(pod("late"));
      await until("settle", () => true);
      expect(r.store.has("default/late")).toBe(false);
      expect([lw.lists.length, lw.watchCalls.length]).toEqual([1, 1]);
    });

    it("ends a back-off sleep at once", async () => {
      const { lw, r, clock } = setup();
      clock.auto = false;
      lw.failNextList(httpError(500, "InternalError"));
      r.start();
      await until("sleeping", () => clock.asleep === 1);
      await r.stop();
      expect(clock.asleep).toBe(0);
      expect(lw.lists).toHaveLength(1);
    });

    it("closes a watch that opens after stop was asked", async () => {
      const { lw, r } = setup();
      lw.holdNextWatch = true;
      r.start();
      await until("watch requested", () => lw.watchCalls.length === 1);
      const stopped = r.stop();
      lw.releaseWatch();
      await stopped;
      expect(lw.watches[0].closed).toBe(true);
      expect(lw.watchCalls).toHaveLength(1);
    });
  });
});
