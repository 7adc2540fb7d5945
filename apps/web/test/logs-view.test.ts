// The logs viewer's choices: the container it opens on (the URL's, else the one that logged last), one line count
// for follow and non-follow, and the exported text with times and stderr marked.
import type { Pod } from "@podscope/core";
import { exportFileName } from "@podscope/ui";
import { describe, expect, it } from "vitest";
import { defaultLogContainer, logText, TAIL_LINES } from "../components/pod/logs-view";

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop" },
  spec: {
    initContainers: [{ name: "init", image: "x" }],
    containers: [
      { name: "app", image: "x" },
      { name: "sidecar", image: "x" },
    ],
  },
} as Pod;

describe("logs viewer", () => {
  it("opens on the container the URL names, else the one that logged last, else the first container", () => {
    expect(defaultLogContainer(pod, "init", "sidecar", false)).toBe("init");
    expect(defaultLogContainer(pod, "", "sidecar", false)).toBe("sidecar");
    expect(defaultLogContainer(pod, "gone", "sidecar", false)).toBe("sidecar");
    expect(defaultLogContainer(pod, "", null, false)).toBe("app");
    expect(defaultLogContainer(pod, "", null, true)).toBe(""); // waits for the answer instead of flashing the first
  });

  it("asks for as many lines when following as when not", async () => {
    const src = (await import("node:fs")).readFileSync(new URL("../components/pod/LogsViewer.tsx", import.meta.url), "utf8");
    expect(src.match(/tailLines: (\w+)/g)).toEqual(["tailLines: TAIL_LINES", "tailLines: TAIL_LINES"]);
    expect(TAIL_LINES).toBe(500);
  });

  it("exports times when shown and marks stderr; the file is named with namespace, pod, container and time", () => {
    const lines = [
      { time: "2026-01-01T10:00:05.1Z", stream: "stdout" as const, line: "up" },
      { time: "2026-01-01T10:00:06Z", stream: "stderr" as const, line: "oops" },
    ];
    expect(logText(lines, false)).toBe("up\n[stderr] oops\n");
    expect(logText(lines, true)).toBe("2026-01-01T10:00:05.1Z up\n2026-01-01T10:00:06Z [stderr] oops\n");
    expect(exportFileName(["shop", "web", "app", "", "2026-01-01T10:00:06.000Z"], "log")).toBe("shop_web_app_2026-01-01T10-00-06.000Z.log");
  });
});
