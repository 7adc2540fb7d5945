import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { Explanations } from "../components/pod/Explanations";

// The countdown beside the explanation reads as the explanation itself does (kubectl's durations), not "181s".
describe("explanation panel", () => {
  it("shows the crash-loop countdown and the back-off wait in kubectl's words", () => {
    const pod: Pod = {
      metadata: { name: "web", namespace: "default", uid: "u1" },
      spec: { containers: [{ name: "app" }] },
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "app",
            ready: false,
            restartCount: 9,
            image: "busybox",
            imageID: "",
            state: {
              waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=app pod=web_default(u1)" },
            },
            lastState: { terminated: { exitCode: 1, finishedAt: "2026-01-10T11:58:01Z" } },
          },
        ],
      },
    };
    const html = renderToStaticMarkup(<Explanations pod={pod} now={Date.parse("2026-01-10T12:00:00Z")} />);
    expect(html).toContain("next restart in 3m1s");
    expect(html).toContain("back-off step 6 (5m)");
    expect(html).toContain("Next restart in 3m1s.");
    expect(html).not.toMatch(/\b181s\b/);
  });
});
