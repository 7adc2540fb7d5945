// hostPort through the CNI portmap plugin on real containerd: busybox httpd in a pod with a
// hostPort, reached from the host at 127.0.0.1:hostPort (portmap's DNAT in OUTPUT, with
// route_localnet on the bridge and SNAT of loopback-sourced connections) and at the host's own
// address; the rules go with the pod.
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostIPv4 } from "../src/kubelet/node-info";
import { podPortMappings } from "../src/ports/port-mappings";
import { cs, pod, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";

let t: KubeletTestNode;
beforeAll(async () => {
  t = await startTestNode("port");
});
afterAll(async () => {
  await t?.close();
});

/** A port nothing listens on now (the kernel picks it), for the hostPort. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/** GET with retries: the DNAT rules are in place when RunPodSandbox returns, httpd a moment later. */
async function get(url: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return `${r.status} ${await r.text()}`;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`GET ${url} failed: ${String((last as Error & { cause?: unknown })?.cause ?? last)}`);
}

const natRules = () => execFileSync("iptables", ["-t", "nat", "-S"], { encoding: "utf8" });

describe("hostPort through CNI portmap", () => {
  it("kubelet's port mappings: every declared port, hostPort 0 when none, duplicates once", () => {
    const p = pod("m", {
      containers: [
        {
          name: "a",
          image: "busybox",
          ports: [
            { containerPort: 80, hostPort: 8080 },
            { containerPort: 53, protocol: "UDP" },
          ],
        },
        { name: "b", image: "busybox", ports: [{ containerPort: 80, hostPort: 8080 }] },
      ],
    });
    expect(podPortMappings(p)).toEqual([
      { protocol: "TCP", container_port: 80, host_port: 8080, host_ip: "" },
      { protocol: "UDP", container_port: 53, host_port: 0, host_ip: "" },
    ]);
  });

  it("a pod's hostPort answers on 127.0.0.1 and on the host's address, and its rules go with it", async () => {
    const port = await freePort();
    await t.node.createPod(
      pod("hp", {
        containers: [
          sh("web", "mkdir -p /www && echo hostport-ok > /www/index.html && exec httpd -f -p 8080 -h /www", {
            ports: [{ name: "http", containerPort: 8080, hostPort: port }],
          }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "hp", "running", (p) => cs(p, "web").state?.running !== undefined);
    expect(await get(`http://${p.status!.podIP}:8080/`)).toBe("200 hostport-ok\n");
    expect(await get(`http://127.0.0.1:${port}/`)).toBe("200 hostport-ok\n");
    const host = hostIPv4();
    if (host !== "127.0.0.1") expect(await get(`http://${host}:${port}/`)).toBe("200 hostport-ok\n");
    expect(natRules()).toContain(`--dport ${port}`);

    await t.node.deletePod("default", "hp", { gracePeriodSeconds: 0 });
    expect(natRules()).not.toContain(`--dport ${port}`);
  }, 60_000);
});
