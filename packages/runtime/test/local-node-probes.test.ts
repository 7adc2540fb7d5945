// httpGet and tcpSocket probes and httpGet hooks on real containerd: busybox httpd in a pod,
// reached from the node on the pod IP, with kubelet's events and messages.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Container } from "@podscope/core";
import { cond, cs, pod, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";

let t: KubeletTestNode;
beforeAll(async () => {
  t = await startTestNode("prob");
});
afterAll(async () => {
  await t?.close();
});

/** busybox httpd on 8080 serving /www/index.html; -vv logs every request line to the container's log. */
const httpd = (name: string, extra: Partial<Container> = {}): Container =>
  sh(name, "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -vv -p 8080 -h /www", {
    ports: [{ name: "http", containerPort: 8080 }],
    ...extra,
  });
const events = (name: string) => t.node.listEvents({ name }).map((e) => `${e.type} ${e.reason}: ${e.message}`);

describe("httpGet and tcpSocket probes", () => {
  it("a pod serving HTTP becomes Ready through httpGet (port by name) and stays live by tcpSocket; startup gates both", async () => {
    await t.node.createPod(
      pod("web", {
        containers: [
          httpd("web", {
            startupProbe: { httpGet: { port: 8080, path: "/index.html" }, periodSeconds: 1, failureThreshold: 30 },
            readinessProbe: { httpGet: { port: "http", path: "/", httpHeaders: [{ name: "x-probe", value: "1" }] }, periodSeconds: 1 },
            livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 1 },
          }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "web", "Ready", (p) => cond(p, "Ready")?.status === "True");
    expect(cs(p, "web")).toMatchObject({ ready: true, started: true, restartCount: 0 });
    await new Promise((r) => setTimeout(r, 2500));
    // Startup gates the others: no readiness or liveness failure ever. The startup probe itself may fail while httpd is
    // still starting (a loaded machine) — kubelet records those too — but only as a refused connection.
    const unhealthy = events("web").filter((e) => /Unhealthy|ProbeWarning/.test(e));
    expect(unhealthy.filter((e) => !/Startup probe failed: .*connect: connection refused$/.test(e))).toEqual([]);
    // The probes came from the node with kubelet's User-Agent (httpd logs each request).
    const log = readFileSync(await logPathOf("web"), "utf8");
    expect(log).toMatch(/url:\/index\.html/);
    expect(log).toMatch(/url:\//);
  }, 60_000);

  it("a 404 fails readiness with kubelet's message; a closed port fails liveness and restarts the container", async () => {
    await t.node.createPod(
      pod("sick", {
        containers: [
          httpd("sick", {
            readinessProbe: { httpGet: { port: 8080, path: "/missing" }, periodSeconds: 1, failureThreshold: 1 },
            livenessProbe: { tcpSocket: { port: 81 }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 2 },
          }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "sick", "restarted by liveness", (p) => cs(p, "sick").restartCount >= 1, 45_000);
    const ip = p.status!.podIP!;
    expect(cond(p, "Ready")?.status).toBe("False");
    const ev = events("sick");
    expect(ev).toContain("Warning Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 404");
    expect(ev).toContain(`Warning Unhealthy: Liveness probe failed: dial tcp ${ip}:81: connect: connection refused`);
    expect(ev).toContain("Normal Killing: Container sick failed liveness probe, will be restarted");
  }, 60_000);
});

describe("httpGet lifecycle hooks", () => {
  it("preStop httpGet reaches the pod before SIGTERM", async () => {
    await t.node.createPod(
      pod("hooked", {
        terminationGracePeriodSeconds: 2,
        containers: [httpd("hooked", { lifecycle: { preStop: { httpGet: { port: "http", path: "/prestop" } } } })],
      }),
    );
    await waitForPod(t.node, "hooked", "running", (p) => cs(p, "hooked").state?.running !== undefined);
    const file = await logPathOf("hooked");
    // The log goes with the pod: read it while the deletion runs.
    let seen = "";
    const poll = setInterval(() => {
      try {
        seen = readFileSync(file, "utf8");
      } catch {
        /* gone */
      }
    }, 50);
    await t.node.deletePod("default", "hooked");
    clearInterval(poll);
    expect(seen).toMatch(/url:\/prestop/);
    expect(events("hooked").some((e) => e.includes("FailedPreStopHook"))).toBe(false);
  }, 60_000);

  it("a postStart httpGet to a closed port fails the hook as kubelet words it, and the container is killed", async () => {
    const { pod: created } = await t.node.createPod(
      pod("badhook", {
        restartPolicy: "Never",
        containers: [httpd("badhook", { lifecycle: { postStart: { httpGet: { port: 81, path: "/started" } } } })],
      }),
    );
    const p = await waitForPod(
      t.node,
      "badhook",
      "hook failed",
      (p) => events("badhook").some((e) => e.includes("FailedPostStartHook")) && cs(p, "badhook").state?.terminated !== undefined,
      30_000,
    );
    expect(events("badhook")).toContain("Warning FailedPostStartHook: PostStartHook failed");
    expect(p.metadata.uid).toBe(created.metadata.uid);
  }, 60_000);
});

/** The CRI log file of the pod's (single) container, named like the pod. */
async function logPathOf(name: string): Promise<string> {
  const id = cs(t.node.getPod("default", name)!, name).containerID!.replace("containerd://", "");
  const path = (await t.cri.containerStatus(id)).status?.log_path;
  if (!path) throw new Error(`no log path for ${name}`);
  return path;
}
