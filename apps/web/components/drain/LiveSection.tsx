"use client";
// The live half for one node of a cluster context: wires LiveDrainPanel to drainLive.check (no token: it
// changes nothing), drainLive.execute (a subscription; needs the token and the typed node name), stop and
// uncordon. The panel itself only draws; every call and its errors live here.
import type { RouterInputs } from "@podscope/api";
import { appendStream, LiveDrainPanel, type DrainProgressView, type LiveDrainResultView, type ServerCheckView } from "@podscope/ui";
import { skipToken, useMutation } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { toUserError } from "@/lib/errors";
import { useChangeRight } from "@/lib/token";
import { useTRPC } from "@/lib/trpc";

/** kubectl's flags as the live endpoints take them (without the rolling extension: their schema is strict). */
export type LiveFlags = NonNullable<RouterInputs["drainLive"]["check"]["flags"]>;

const say = (e: unknown) => {
  const u = toUserError(e);
  return u.detail && u.detail !== u.title ? `${u.title} (${u.detail})` : u.title;
};

export function LiveSection({ source, node, flags }: { source: string; node: string; flags: LiveFlags }) {
  const trpc = useTRPC();
  const check = useMutation(trpc.drainLive.check.mutationOptions());
  const stop = useMutation(trpc.drainLive.stop.mutationOptions());
  const uncordon = useMutation(trpc.drainLive.uncordon.mutationOptions());
  // The last answer stays on screen when a later check fails (the error shows beside it).
  const [checked, setChecked] = useState<ServerCheckView | null>(null);
  const [stream, setStream] = useState<{ progress: DrainProgressView[]; result: LiveDrainResultView | null }>({
    progress: [],
    result: null,
  });
  // The drain being watched: set by "Drain for real", cleared by its result or its error. Leaving the page
  // closes the subscription, which the server treats as Stop: no drain runs unwatched.
  const [drain, setDrain] = useState<RouterInputs["drainLive"]["execute"] | null>(null);
  const [uncordoned, setUncordoned] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Drain, Stop and Uncordon need a token the server accepts: the panel disables them and says why.
  const right = useChangeRight();

  useSubscription(
    trpc.drainLive.execute.subscriptionOptions(drain ?? skipToken, {
      onData: (m) => {
        setStream((s) => appendStream(s, m));
        // The result is the drain's last message: the server ends the subscription after it.
        if (m.type === "result") setDrain(null);
      },
      onError: (e) => {
        setError(say(e));
        setDrain(null);
      },
    }),
  );

  const onCheck = async () => {
    setError(null);
    try {
      setChecked(await check.mutateAsync({ source, node, flags }));
    } catch (e) {
      setError(say(e));
    }
  };

  const onDrain = (confirm: string) => {
    setError(null);
    setStream({ progress: [], result: null });
    setUncordoned(false);
    setDrain({ source, node, flags, confirm });
  };

  const onStop = async () => {
    try {
      await stop.mutateAsync({ source, node });
    } catch (e) {
      setError(say(e));
    }
  };

  const onUncordon = async () => {
    setError(null);
    try {
      await uncordon.mutateAsync({ source, node });
      setUncordoned(true);
    } catch (e) {
      setError(say(e));
    }
  };

  return (
    <LiveDrainPanel
      node={node}
      check={checked}
      checking={check.isPending}
      onCheck={onCheck}
      progress={stream.progress}
      result={stream.result}
      running={drain !== null}
      onDrain={onDrain}
      onStop={onStop}
      onUncordon={onUncordon}
      uncordoned={uncordoned}
      changeRefused={right.reason}
      error={error}
    />
  );
}
