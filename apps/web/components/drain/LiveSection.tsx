"use client";
// The live half for one node of a cluster context: wires LiveDrainPanel to drainLive.check (no token: it
// changes nothing), drainLive.execute (a subscription; needs the token and the typed node name), stop and
// uncordon. The panel itself only draws; every call and its errors live here.
import { appendStream, LiveDrainPanel, type DrainProgressView, type LiveDrainResultView, type ServerCheckView } from "@podscope/ui";
import type { Unsubscribable } from "@trpc/server/observable";
import { useEffect, useRef, useState } from "react";
import { toUserError } from "@/lib/errors";
import { readToken, TOKEN_NEEDED } from "@/lib/token";
import { drainApi, type LiveFlags } from "./drain-api";

const say = (e: unknown) => { const u = toUserError(e); return u.detail && u.detail !== u.title ? `${u.title} (${u.detail})` : u.title; };

export function LiveSection({ source, node, flags }: { source: string; node: string; flags: LiveFlags }) {
  const [check, setCheck] = useState<ServerCheckView | null>(null);
  const [checking, setChecking] = useState(false);
  const [stream, setStream] = useState<{ progress: DrainProgressView[]; result: LiveDrainResultView | null }>({ progress: [], result: null });
  const [running, setRunning] = useState(false);
  const [uncordoned, setUncordoned] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sub = useRef<Unsubscribable | null>(null);

  // Leaving the page closes the subscription, which the server treats as Stop: no drain runs unwatched.
  useEffect(() => () => sub.current?.unsubscribe(), []);

  const onCheck = async () => {
    setError(null);
    setChecking(true);
    try { setCheck(await drainApi.check(source, node, flags)); } catch (e) { setError(say(e)); } finally { setChecking(false); }
  };

  const onDrain = (confirm: string) => {
    setError(null);
    if (!readToken()) { setError(TOKEN_NEEDED); return; }
    setStream({ progress: [], result: null });
    setUncordoned(false);
    setRunning(true);
    sub.current = drainApi.execute({ source, node, flags, confirm }, {
      onData: (m) => setStream((s) => appendStream(s, m)),
      onError: (e) => { setError(say(e)); setRunning(false); sub.current = null; },
      onComplete: () => { setRunning(false); sub.current = null; },
    });
  };

  const onStop = async () => {
    try { await drainApi.stop(source, node); } catch (e) { setError(say(e)); }
  };

  const onUncordon = async () => {
    setError(null);
    if (!readToken()) { setError(TOKEN_NEEDED); return; }
    try { await drainApi.uncordon(source, node); setUncordoned(true); } catch (e) { setError(say(e)); }
  };

  return (
    <LiveDrainPanel node={node} check={check} checking={checking} onCheck={onCheck} progress={stream.progress} result={stream.result}
      running={running} onDrain={onDrain} onStop={onStop} onUncordon={onUncordon} uncordoned={uncordoned} error={error} />
  );
}
