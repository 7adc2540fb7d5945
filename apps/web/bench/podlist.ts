// Pod list benchmark: the real web UI (next start, production build) against a real API server whose
// only source is synthetic — 30,000 pods, and a switch that makes 100 of them change per second. A
// synthetic source is the point here: we measure the browser, not a node. Figures are printed, never
// asserted. Run: pnpm bench (or `pnpm exec tsx apps/web/bench/podlist.ts` after `pnpm build`).
import type { Source, SourceFacts, WatchEvent } from "@podscope/api";
import { SourceRegistry } from "@podscope/api";
import type { KubeEvent, Node, Pod } from "@podscope/core";
import { chromiumLaunchOptions } from "@podscope/env/chromium";
import { makePolicy, startApiServer } from "@podscope/host";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const PODS = Number(process.env.BENCH_PODS ?? 30_000);
const CHANGES_PER_SECOND = 100;
const API_PORT = Number(process.env.BENCH_PORT ?? 7950);
const WEB_PORT = API_PORT + 10;
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHOTS = resolve(webDir, "../../artifacts/screenshots");

const STATUSES = ["Running", "Running", "Running", "Running", "Pending", "CrashLoopBackOff", "Completed"] as const;

function makePod(i: number, rv: number): Pod {
  const kind = STATUSES[i % STATUSES.length];
  const created = new Date(Date.now() - (i % 5000) * 60_000).toISOString();
  const waiting = kind === "CrashLoopBackOff" ? { waiting: { reason: "CrashLoopBackOff" } } : undefined;
  const terminated = kind === "Completed" ? { terminated: { exitCode: 0, reason: "Completed" } } : undefined;
  return {
    metadata: {
      name: `pod-${i}`,
      namespace: `ns-${i % 40}`,
      uid: `uid-${i}`,
      resourceVersion: String(rv),
      creationTimestamp: created,
      labels: { app: `app-${i % 300}`, tier: i % 2 ? "web" : "db" },
    },
    spec: { nodeName: `node-${i % 100}`, containers: [{ name: "app", image: "busybox" }] },
    status: {
      phase: kind === "Pending" ? "Pending" : kind === "Completed" ? "Succeeded" : "Running",
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      podIPs: [{ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }],
      qosClass: "BestEffort",
      containerStatuses: [
        {
          name: "app",
          image: "busybox",
          imageID: "",
          ready: kind === "Running",
          restartCount: (rv + i) % 7,
          state:
            waiting ??
            terminated ??
            (kind === "Pending" ? { waiting: { reason: "ContainerCreating" } } : { running: { startedAt: created } }),
          lastState: (rv + i) % 7 ? { terminated: { exitCode: 1, reason: "Error", finishedAt: new Date().toISOString() } } : {},
        },
      ],
    },
  };
}

/** The synthetic source: a fixed pod population and a churn switch. */
class BenchSource implements Source {
  readonly id = "bench";
  private pods = Array.from({ length: PODS }, (_, i) => makePod(i, 1));
  private listeners = new Set<(e: WatchEvent<Pod>) => void>();
  private timer: NodeJS.Timeout | null = null;
  private rv = 1;
  readonly traits = { isRecording: false, isLive: true, syncsOnOpen: false };
  info(): SourceFacts {
    return { id: this.id, kind: "kube", name: `benchmark (${PODS} pods)`, available: true };
  }
  async listPods() {
    return this.pods;
  }
  async getPod(_ns: string, name: string) {
    return this.pods[Number(name.slice(4))];
  }
  async podDetail(ns: string, name: string) {
    return { pod: await this.getPod(ns, name), history: [], events: [] };
  }
  watchPods(on: (e: WatchEvent<Pod>) => void) {
    this.listeners.add(on);
    return () => this.listeners.delete(on);
  }
  async listEvents(): Promise<KubeEvent[]> {
    return [];
  }
  async listNodes(): Promise<Node[]> {
    return [];
  }
  async clusterObjects() {
    return [];
  }
  /** 100 changes per second, in 10 batches of 10 (as a busy cluster's watch delivers them). */
  churn(on: boolean) {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!on) return;
    this.timer = setInterval(() => {
      for (let k = 0; k < CHANGES_PER_SECOND / 10; k++) {
        const i = Math.floor(Math.random() * PODS);
        this.pods[i] = makePod(i, ++this.rv);
        for (const l of this.listeners) l({ type: "MODIFIED", object: this.pods[i] });
      }
    }, 100);
  }
}

interface Timeline {
  asked: number | null;
  sources?: number;
  sourcesAsked?: number;
  early?: { asked: number; answered: number };
  html: number;
  domContentLoaded: number;
  scripts: { n: number; bytes: number; end: number };
  messages: { at: number; bytes: number }[];
  parses: { at: number; ms: number; bytes: number }[];
  longTasks: { at: number; ms: number }[];
}

/** Runs in the page before its own scripts: records the pod rows subscription's timeline in window.__podlist. */
const TIMELINE_PROBE = `(() => {
  const t = { asked: null, messages: [], parses: [], longTasks: [] };
  window.__podlist = t;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) t.longTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    if (typeof text !== "string" || text.length < 20000) return parse.call(this, text, reviver);
    const at = performance.now();
    const v = parse.call(this, text, reviver);
    t.parses.push({ at, ms: performance.now() - at, bytes: text.length });
    return v;
  };
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        const n = typeof e.data === "string" ? e.data.length : 0;
        if (n >= 20000) t.messages.push({ at: performance.now(), bytes: n });
      });
    }
    send(data) {
      if (t.asked === null && typeof data === "string" && data.includes("watchRows")) t.asked = performance.now();
      return super.send(data);
    }
  };
})();`;

function describeTimeline(t: Timeline): string {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const msgs = t.messages.map((m, i) => `#${i + 1} ${kb(m.bytes)} at ${ms(m.at)}`).join(", ");
  const parses = t.parses.map((p) => `${kb(p.bytes)} in ${ms(p.ms)}`).join(", ");
  const long = t.longTasks.map((l) => `${ms(l.at)}+${ms(l.ms)}`).join(", ");
  const page = `HTML at ${ms(t.html)}, ${t.scripts.n} scripts (${kb(t.scripts.bytes)} compressed) in by ${ms(t.scripts.end)}, DOMContentLoaded at ${ms(t.domContentLoaded)}, sources.list asked at ${t.sourcesAsked === undefined ? "?" : ms(t.sourcesAsked)}`;
  const early = t.early ? `; first rows asked early at ${ms(t.early.asked)}, answered at ${ms(t.early.answered)}` : "; no early first rows";
  return `${page}${early}\n  main thread busy (tasks > 50 ms): ${long || "none"}\n  sources.list answered at ${t.sources === undefined ? "?" : ms(t.sources)}; watchRows asked at ${t.asked === null ? "?" : ms(t.asked)}; large messages: ${msgs || "none"}; JSON.parse: ${parses || "none"}`;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}

function topSelfTime(p: CpuProfile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (p.samples ?? []).forEach((id, i) => {
    const c = byId.get(id)!.callFrame;
    const name = `${c.functionName || "(anonymous)"} ${c.url.split("/").pop() ?? ""}:${c.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([n, ms]) => `  ${ms.toFixed(0).padStart(5)} ms  ${n}`)
    .join("\n");
}

function stats(intervals: number[]) {
  const s = [...intervals].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  const budget = 1000 / 60;
  // A frame interval of n budgets means n-1 frames were not produced.
  const dropped = intervals.reduce((sum, d) => sum + Math.max(0, Math.round(d / budget) - 1), 0);
  return {
    frames: intervals.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: s[s.length - 1] ?? NaN,
    over16: intervals.filter((d) => d > budget * 1.25).length,
    dropped,
  };
}

const f = (n: number) => n.toFixed(1);

async function main() {
  if (!existsSync(join(webDir, ".next", "BUILD_ID"))) throw new Error("the web UI is not built: run `pnpm build` first");
  const registry = new SourceRegistry();
  const source = new BenchSource();
  registry.add(source);
  const api = await startApiServer({
    registry,
    policy: makePolicy({ bind: "127.0.0.1", ports: [API_PORT, WEB_PORT], token: "bench" }),
    bind: "127.0.0.1",
    port: API_PORT,
  });
  // A web server left on the port (an interrupted run) would answer instead of this build: measure nothing stale.
  const stale = await fetch(`http://127.0.0.1:${WEB_PORT}/podscope-config`).then(
    () => true,
    () => false,
  );
  if (stale) {
    await api.close();
    throw new Error(`port ${WEB_PORT} already answers: stop what listens there or set BENCH_PORT`);
  }
  const nextBin = join(dirname(createRequire(join(webDir, "package.json")).resolve("next/package.json")), "dist", "bin", "next");
  const web = spawn(process.execPath, [nextBin, "start", "-p", String(WEB_PORT), "-H", "127.0.0.1"], {
    cwd: webDir,
    env: { ...process.env, PODSCOPE_API_PORT: String(API_PORT), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    // Its own process group: `next start` runs the server in a child that a signal to the wrapper alone leaves behind.
    detached: true,
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${WEB_PORT}/podscope-config`)).ok) break;
      } catch {
        // next start is not listening yet: wait and ask again (bounded below).
      }
      if (i > 150) throw new Error("next start did not answer");
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("response", (r) => {
      if (r.status() >= 400) console.log(`browser: ${r.status()} ${r.url()}`);
    });
    // tsx keeps function names with a helper the page does not have; give the page a no-op one.
    await page.addInitScript("window.__name = (f) => f");
    // Where the time to first rows goes: when the subscription was asked for, when each large WebSocket
    // message arrived, and how long parsing it took (tRPC parses every message with JSON.parse).
    await page.addInitScript(TIMELINE_PROBE);
    page.on("pageerror", (e) => console.log(`browser error: ${e.stack ?? e.message}`));
    // The token travels as `podscope up` prints it; the live WebSocket needs it.
    await page.goto(`http://127.0.0.1:${WEB_PORT}/?token=bench`);
    // Kept once the server has accepted it: measured before that, the list would load without live updates (polled).
    await page.waitForFunction(() => localStorage.getItem("podscope.token") === "bench", null, { timeout: 30_000 });
    // The list is opened from an empty tab, as a link or a bookmark opens it: the Overview (whose own 30,000-pod
    // queries would still be running) is left first, and the servers are given a second to finish its work.
    await page.goto("about:blank");
    await new Promise((r) => setTimeout(r, 1000));
    // BENCH_PROFILE=1: a CPU profile of the page from navigation to the first rows, its top functions by self time.
    const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${WEB_PORT}/pods?source=bench`);
    await page
      .waitForFunction(() => performance.getEntriesByName("podscope:podlist-first-rows").length > 0, null, { timeout: 30_000 })
      .catch(async (e) => {
        await page.screenshot({ path: "/tmp/podscope-bench-failure.png" });
        throw new Error(`the pod list never showed rows (screenshot /tmp/podscope-bench-failure.png): ${(e as Error).message}`);
      });
    const firstRows = await page.evaluate(() => performance.getEntriesByName("podscope:podlist-first-rows")[0].startTime);
    // BENCH_SCREENSHOT=FILE: what the user sees at that moment (the first rows while the rest still loads).
    if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
    if (cdp) console.log(topSelfTime((await cdp.send("Profiler.stop")).profile));
    const timeline = await page.evaluate(() => ({
      ...(window as unknown as { __podlist: Timeline }).__podlist,
      // The table waits for the source list too (which clock its ages are measured from).
      sources: performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("sources.list"))
        .map((e) => (e as PerformanceResourceTiming).responseEnd)[0],
      // The boot script's early request for the first rows (and the source list), made before the scripts ran.
      early: performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("pods.firstRows"))
        .map((e) => ({ asked: e.startTime, answered: (e as PerformanceResourceTiming).responseEnd }))[0],
      sourcesAsked: performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("sources.list"))
        .map((e) => e.startTime)[0],
      // Before any of that: the HTML, and the scripts the page must run before it can ask anything.
      html: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd,
      domContentLoaded: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      scripts: performance
        .getEntriesByType("resource")
        .filter((e) => e.name.endsWith(".js"))
        .reduce(
          (a, e) => ({
            n: a.n + 1,
            bytes: a.bytes + (e as PerformanceResourceTiming).encodedBodySize,
            end: Math.max(a.end, (e as PerformanceResourceTiming).responseEnd),
          }),
          {
            n: 0,
            bytes: 0,
            end: 0,
          },
        ),
    }));
    console.log(`  ${describeTimeline(timeline)}`);
    if (process.env.BENCH_PROFILE)
      console.log(
        await page.evaluate(() =>
          performance
            .getEntriesByType("resource")
            .map(
              (e) =>
                `    ${e.startTime.toFixed(0).padStart(5)}–${(e as PerformanceResourceTiming).responseEnd.toFixed(0).padStart(5)} ms  ${e.name.split("/").pop()}`,
            )
            .join("\n"),
        ),
      );
    const count = await page.evaluate(() => document.querySelector('[aria-live="polite"]')?.textContent);
    console.log(`pods: ${PODS}; table shows "${count}"`);
    console.log(`time to first rows: ${f(firstRows)} ms after navigation start (wall ${Date.now() - t0} ms incl. page load)`);
    console.log(`DOM rows rendered: ${await page.locator("[data-pod]").count()} (virtualized)`);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `podlist-${PODS}.png`) });

    // The rest of the list, then the figures of a loaded list (scrolling while chunks still arrive measures the load).
    const loadedAt = await page
      .waitForFunction(() => !/loading/.test(document.querySelector('[aria-live="polite"]')?.textContent ?? "loading"), null, {
        timeout: 60_000,
      })
      .then(() => page.evaluate(() => performance.now()));
    console.log(`whole list in: ${f(loadedAt)} ms after navigation start`);
    // Scrolling: 3 s of steady scrolling through the list, one step per animation frame.
    // BENCH_PROFILE=1: where the scrolling frames' time goes, too.
    if (cdp) await cdp.send("Profiler.start");
    const scroll = await page.evaluate(async () => {
      const el = document.querySelector<HTMLElement>("[data-testid=pod-scroll]")!;
      const out: number[] = [];
      let last = performance.now();
      const end = last + 3000;
      await new Promise<void>((done) => {
        const step = (t: number) => {
          out.push(t - last);
          last = t;
          el.scrollTop += 400;
          if (t < end) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      return { intervals: out.slice(1), scrollTop: el.scrollTop };
    });
    if (cdp) console.log(`scrolling, top functions by self time:\n${topSelfTime((await cdp.send("Profiler.stop")).profile)}`);
    const s1 = stats(scroll.intervals);
    console.log(
      `scrolling 3 s (${scroll.scrollTop} px): frames ${s1.frames}, frame time p50 ${f(s1.p50)} ms, p95 ${f(s1.p95)} ms, p99 ${f(s1.p99)} ms, max ${f(s1.max)} ms, frames > 20.8 ms: ${s1.over16}, dropped ≈ ${s1.dropped}`,
    );

    // Idle baseline, then 100 pod changes per second for 5 s while the list is on screen.
    const measure = (ms: number) =>
      page.evaluate(async (dur) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + dur;
        await new Promise<void>((done) => {
          const step = (t: number) => {
            out.push(t - last);
            last = t;
            if (t < end) requestAnimationFrame(step);
            else done();
          };
          requestAnimationFrame(step);
        });
        return out.slice(1);
      }, ms);
    const idle = stats(await measure(2000));
    console.log(`idle 2 s: frames ${idle.frames}, p95 ${f(idle.p95)} ms, dropped ≈ ${idle.dropped}`);
    source.churn(true);
    await page.waitForTimeout(500);
    const live = stats(await measure(5000));
    source.churn(false);
    console.log(
      `${CHANGES_PER_SECOND} changes/s for 5 s: frames ${live.frames} (of ~300), p50 ${f(live.p50)} ms, p95 ${f(live.p95)} ms, max ${f(live.max)} ms, dropped ≈ ${live.dropped} (${f((100 * live.dropped) / (live.frames + live.dropped))} %)`,
    );
    // Filtering: from a keystroke to the table showing the narrowed list (30,000 rows filtered per change).
    const filterMs: number[] = [];
    for (const q of ["pod-1", "pod-12", "pod-123", "CrashLoop", ""]) {
      const before = await page.evaluate(() => document.querySelector('[aria-live="polite"]')?.textContent ?? "");
      const t = Date.now();
      await page.getByLabel("Filter pods").fill(q);
      await page
        .waitForFunction((b) => (document.querySelector('[aria-live="polite"]')?.textContent ?? "") !== b, before, { timeout: 30_000 })
        .catch(() => {});
      filterMs.push(Date.now() - t);
    }
    console.log(
      `filter → table updated: ${filterMs.map((m) => `${m} ms`).join(", ")} (queries pod-1, pod-12, pod-123, CrashLoop, cleared)`,
    );
    const heap = await page.evaluate(
      () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );
    if (heap) console.log(`JS heap after the run: ${f(heap / 1024 / 1024)} MiB`);
  } finally {
    await browser.close();
    if (web.pid) process.kill(-web.pid, "SIGTERM");
    await api.close();
  }
}

await main();
