import {
  defaultSource,
  isNotFound,
  notFound,
  parseManifest,
  podAtTime,
  existingPods,
  firstPodsInListOrder,
  podListRow,
  podsByNode,
  type NamedPod,
  type NodePods,
  type Pod,
  type PodListRow,
  type PodRowWatchMessage,
} from "@podscope/core";
import type { Wire } from "../wire";
import { z } from "zod";
import { requireCapability } from "../capabilities";
import { atTime } from "../time-travel";
import type { DeletedPod, Incarnation, PodDetail, PodsAt, Source, WatchEvent } from "../source";
import { mutatingProcedure, publicProcedure, router } from "../trpc";
import { podRef, sourceInput } from "./input";

export type PodWatchMessage = Wire<WatchEvent<Pod> | { type: "SYNC"; objects: Pod[] }>;

/** How many rows the pod list's first message holds: a screenful and some (a 1440×900 window shows ~30). */
export const FIRST_ROWS = 100;
/** How many rows each of the following SYNC_MORE messages holds (~700 KB of JSON). */
export const MORE_ROWS = 2_500;

export const podsRouter = router({
  list: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }): Promise<Wire<Pod[]>> => (await ctx.registry.get(input.source)).listPods()),

  /**
   * Every pod as its list row (core's PodListRow), once: for views that show names, counts and STATUS but not the
   * full objects — the Overview's node cards, a pod list polled without a token. Less than half of pods.list's bytes.
   */
  rows: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }): Promise<PodListRow[]> =>
      (await ctx.registry.get(input.source)).listPods().then((p) => p.map(podListRow)),
    ),

  /**
   * Each node's pod count with the first `sample` names, and which of the pods in `exists` still exist: what the
   * Overview's node cards and warning links need, without sending the list (at 30,000 pods, kilobytes instead of 8 MB).
   */
  summary: publicProcedure
    .input(
      sourceInput.extend({
        sample: z.number().int().min(0).max(100).default(20),
        exists: z
          .array(z.object({ namespace: z.string(), name: z.string(), uid: z.string().optional() }))
          .max(200)
          .default([]),
      }),
    )
    .query(async ({ ctx, input }): Promise<{ nodes: NodePods[]; existing: NamedPod[] }> => {
      const pods = await (await ctx.registry.get(input.source)).listPods();
      return { nodes: podsByNode(pods, input.sample), existing: existingPods(pods, input.exists) };
    }),

  get: publicProcedure
    .input(podRef)
    .query(async ({ ctx, input }): Promise<Wire<Pod>> => (await ctx.registry.get(input.source)).getPod(input.namespace, input.name)),

  /**
   * One incarnation's detail: the one `uid` names, else the live pod of that name, else (a recording
   * source) the name's most recent incarnation — a deleted pod's page shows its life, not "not found".
   */
  detail: publicProcedure
    .input(podRef.extend({ uid: z.string().min(1).optional(), at: z.string().min(1).optional() }))
    .query(async ({ ctx, input }): Promise<Wire<PodDetail>> => {
      const src = await ctx.registry.get(input.source);
      if (!input.at) return podDetail(src, input.namespace, input.name, input.uid);
      return podDetailAt(src, input.namespace, input.name, input.uid, atTime(input.at, src));
    }),

  /** Time travel: the source's pods as they were at `at` (RFC 3339 or -15m), rebuilt from recorded history. */
  at: publicProcedure
    .input(sourceInput.extend({ at: z.string().min(1) }))
    .query(async ({ ctx, input }): Promise<Wire<PodsAt & { at: string }>> => {
      const src = await ctx.registry.get(input.source);
      const t = atTime(input.at, src);
      const r = await requireCapability(src, "history").podsAt(new Date(t));
      return { ...r, at: new Date(t).toISOString() };
    }),

  /** Every recorded incarnation of a name (none for a source that records no history), oldest first. */
  incarnations: publicProcedure.input(podRef).query(async ({ ctx, input }): Promise<Wire<Incarnation[]>> => {
    const src = await ctx.registry.get(input.source);
    return src.history ? src.history.incarnations(input.namespace, input.name) : [];
  }),

  /** Pods seen deleted within the source's retention, most recently deleted first. */
  deleted: publicProcedure
    .input(sourceInput)
    .query(async ({ ctx, input }): Promise<Wire<DeletedPod[]>> =>
      requireCapability(await ctx.registry.get(input.source), "history").deletedPods(),
    ),

  /** The full list once, then every change: what the overview keeps itself current with. */
  watch: publicProcedure.input(sourceInput).subscription(async function* ({ ctx, input, signal }) {
    const src = await ctx.registry.get(input.source);
    yield* watchPods(
      src,
      signal,
      (objects): PodWatchMessage[] => [{ type: "SYNC", objects }],
      (e): PodWatchMessage => e,
    );
  }),

  /**
   * The same stream with each pod reduced to its list row (core's PodListRow): what the pod list reads. A
   * 30,000-pod list is ~8 MB of rows instead of ~18 MB of full Pods, and the browser no longer computes STATUS for
   * all. The list comes first-screenful first (core's PodRowWatchMessage): a SYNC with the first FIRST_ROWS rows in
   * the list's default order — of `namespace` when the list opens filtered by one — then SYNC_MORE messages with every
   * other row, so the first rows are on screen before the 8 MB are computed, sent and parsed.
   */
  watchRows: publicProcedure.input(sourceInput.extend({ namespace: z.string().optional() })).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const src = await ctx.registry.get(input.source);
    yield* watchPods(
      src,
      signal,
      (objects) => listAsRows(objects, input.namespace),
      (e): PodRowWatchMessage => ({ type: e.type, row: podListRow(e.object) }),
    );
  }),

  /**
   * watchRows's first message as one HTTP answer, for the pod list's first screenful before its scripts have run:
   * the page's boot script asks for it while they load (apps/web/lib/boot-script.ts), so the first rows wait
   * neither for hydration nor for the WebSocket. Without `source`, of the default source (core's defaultSource),
   * whose id the answer names.
   */
  firstRows: publicProcedure
    .input(z.object({ source: z.string().optional(), namespace: z.string().optional() }))
    .query(async ({ ctx, input }) => {
      const id = input.source ?? defaultSource(ctx.registry.list())?.id;
      if (!id) return null;
      const { message } = firstRowsOf(await (await ctx.registry.get(id)).listPods(), input.namespace);
      return { source: id, namespace: input.namespace ?? null, rows: message.rows, remaining: message.remaining };
    }),

  // "apply" is a reserved word in tRPC routers (Function.prototype.apply): kubectl's apply is `create` here.
  create: mutatingProcedure
    .input(sourceInput.extend({ yaml: z.string().max(8 * 1024 * 1024), fileName: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const src = await ctx.registry.get(input.source);
      const apply = requireCapability(src, "apply");
      const objects = parseManifest(input.yaml, input.fileName ?? "<input>").map((o) => o.object);
      return apply(objects);
    }),

  delete: mutatingProcedure
    .input(podRef.extend({ gracePeriodSeconds: z.number().int().min(0).optional() }))
    .mutation(async ({ ctx, input }) => {
      const src = await ctx.registry.get(input.source);
      await requireCapability(src, "deletePod")(input.namespace, input.name, input.gracePeriodSeconds);
      return { deleted: { namespace: input.namespace, name: input.name } };
    }),
});

async function podDetail(src: Source, namespace: string, name: string, uid?: string): Promise<PodDetail> {
  if (uid) {
    const d = await requireCapability(src, "history").podDetailByUid(uid);
    // A uid of another pod is not this pod's incarnation.
    if (d.pod.metadata.namespace !== namespace || d.pod.metadata.name !== name) throw notFound("pods", name);
    return d;
  }
  try {
    return await src.podDetail(namespace, name);
  } catch (e) {
    if (!isNotFound(e) || !src.history) throw e;
    const last = (await src.history.incarnations(namespace, name)).at(-1);
    if (!last) throw e;
    return src.history.podDetailByUid(last.uid);
  }
}

/** One incarnation as it was at t: its state then, and only the statuses and events recorded by then. */
async function podDetailAt(src: Source, namespace: string, name: string, uid: string | undefined, t: number): Promise<PodDetail> {
  const history = requireCapability(src, "history");
  if (!uid) {
    // The name's incarnation alive at t.
    const alive = (await history.incarnations(namespace, name))
      .filter((i) => Date.parse(i.createdAt) <= t && (!i.deletedAt || Date.parse(i.deletedAt) > t))
      .at(-1);
    if (!alive) throw notFound("pods", name);
    uid = alive.uid;
  }
  const d = await podDetail(src, namespace, name, uid);
  const pod = podAtTime(d.pod, d.history, t, d.deletedAt);
  if (!pod) throw notFound("pods", name);
  // Events as they were then: an event that kept repeating after t has its count and last time of t.
  const events = await history.eventsAt(new Date(t), { namespace, name, uid });
  return { pod, history: d.history.filter((h) => Date.parse(h.time) <= t), events };
}

/** A list's first message: its first FIRST_ROWS rows in the list's default order (of `namespace` when given). */
function firstRowsOf(pods: Pod[], namespace: string | undefined): { first: Pod[]; message: PodRowWatchMessage & { type: "SYNC" } } {
  const first = firstPodsInListOrder(pods, FIRST_ROWS, namespace);
  return { first, message: { type: "SYNC", rows: first.map(podListRow), remaining: pods.length - first.length } };
}

/** A list as pod list rows, first screenful first (see watchRows). */
async function* listAsRows(pods: Pod[], namespace: string | undefined): AsyncGenerator<PodRowWatchMessage> {
  const { first, message } = firstRowsOf(pods, namespace);
  yield message;
  if (first.length === pods.length) return;
  const sent = new Set(first);
  const rest = pods.filter((p) => !sent.has(p));
  // The rest in chunks, each computed after the previous has left: one 8 MB message would hold the browser's main
  // thread (receive, parse, apply) long enough that the first rows, though in the DOM, are not painted before it.
  for (let i = 0; i < rest.length; i += MORE_ROWS) {
    await new Promise<void>((r) => setImmediate(r));
    const rows = rest.slice(i, i + MORE_ROWS).map(podListRow);
    yield { type: "SYNC_MORE", rows, remaining: Math.max(0, rest.length - i - MORE_ROWS) };
  }
}

/** The source's pods once (`sync`), then each change (`change`) until the client goes away. */
async function* watchPods<M>(
  src: Source,
  signal: AbortSignal | undefined,
  /** The list's messages: one SYNC, or a SYNC followed by the rest of the list. */
  sync: (objects: Pod[]) => Iterable<M> | AsyncIterable<M>,
  change: (e: WatchEvent<Pod>) => M,
): AsyncGenerator<M> {
  const queue: WatchEvent<Pod>[] = [];
  let wake: (() => void) | undefined;
  // One abort listener for the whole subscription (not one per wait: they would pile up).
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  // Subscribe before listing so no change falls between the list and the watch.
  const stop = src.watchPods((e) => {
    queue.push(e);
    wake?.();
  });
  try {
    yield* sync(await src.listPods());
    while (!signal?.aborted) {
      while (queue.length) yield change(queue.shift()!);
      if (signal?.aborted) break;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = undefined;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stop();
  }
}
