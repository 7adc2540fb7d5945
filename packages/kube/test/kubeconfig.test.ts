// Bad kubeconfigs, unknown contexts, an unreachable server and bad credentials must all turn
// into readable errors — and a source with a broken context must keep running (state "error").
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KubeError } from "@podscope/core";
import { ConnectionError, KubeClient, KubeconfigError, KubeSource, KubeSources, kubeconfigPaths, loadKubeConfig } from "../src";
import { eventually, kubeconfigPath } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "podscope-kubeconfig-"));
const sources: KubeSource[] = [];
afterAll(async () => {
  await Promise.all(sources.map((s) => s.stop()));
});

/** The sandbox kubeconfig with the server or token of its contexts replaced. */
function variant(name: string, edit: (text: string) => string): string {
  const file = join(dir, name);
  writeFileSync(file, edit(readFileSync(kubeconfigPath(), "utf8")));
  return file;
}

describe("kubeconfig loading", () => {
  it("follows KUBECONFIG (a path list) and falls back to ~/.kube/config", () => {
    expect(kubeconfigPaths(undefined, { KUBECONFIG: "/a:/b" } as NodeJS.ProcessEnv)).toEqual(["/a", "/b"]);
    expect(kubeconfigPaths(undefined, { HOME: "/home/x" } as NodeJS.ProcessEnv)).toEqual(["/home/x/.kube/config"]);
  });

  it("lists the contexts of the sandbox kubeconfig", () => {
    const loaded = loadKubeConfig({ path: kubeconfigPath() });
    expect(loaded.contexts.map((c) => c.name)).toEqual(["podscope-sandbox", "podscope-limited"]);
    expect(loaded.currentContext).toBe("podscope-sandbox");
    expect(loaded.contexts[0].server).toBe("https://127.0.0.1:16443");
  });

  it("says where it looked when there is no kubeconfig", () => {
    const missing = join(dir, "nope");
    expect(() => loadKubeConfig({ path: missing })).toThrow(`no kubeconfig found: looked at ${missing}`);
  });

  it("names the file when the kubeconfig is malformed", () => {
    const bad = join(dir, "malformed");
    writeFileSync(bad, "apiVersion: v1\nclusters: [unclosed\n");
    const err = (() => {
      try {
        loadKubeConfig({ path: bad });
      } catch (e) {
        return e as KubeconfigError;
      }
    })();
    expect(err).toBeInstanceOf(KubeconfigError);
    expect(err?.missing).toBe(false);
    expect(err?.message).toMatch(new RegExp(`^kubeconfig ${bad} is not valid: `));
  });

  it("lists the known contexts when asked for an unknown one", () => {
    const loaded = loadKubeConfig({ path: kubeconfigPath() });
    expect(() => new KubeClient(loaded, "prod")).toThrow('context "prod" not found in kubeconfig');
    expect(() => new KubeClient(loaded, "prod")).toThrow("known contexts: podscope-sandbox, podscope-limited");
  });
});

describe("connection failures against the real control plane", () => {
  it("reports an unreachable server with its address and keeps the source alive", async () => {
    const file = variant("unreachable", (t) => t.replace("https://127.0.0.1:16443", "https://127.0.0.1:1"));
    const src = new KubeSource({ kubeconfig: file, resources: ["pods"], backoffBaseMs: 200, backoffMaxMs: 1000 });
    sources.push(src);
    await expect(src.version()).rejects.toThrow(
      /cannot reach the API server https:\/\/127\.0\.0\.1:1 of context "podscope-sandbox" \(ECONNREFUSED\)/,
    );
    src.start();
    const st = await eventually("pods state error", () => src.syncStates().find((s) => s.state === "error"));
    expect(st.error).toMatchObject({ reason: "ConnectionError" });
    expect(st.error?.message).toMatch(/ECONNREFUSED/);
  });

  it("reports an invalid/expired token as 401 with the context name", async () => {
    const file = variant("badtoken", (t) => t.replace(/token: [0-9a-f]+/g, "token: 0123456789abcdef0123456789abcdef"));
    const src = new KubeSource({ kubeconfig: file, resources: ["pods", "nodes"], backoffBaseMs: 200, backoffMaxMs: 1000 });
    sources.push(src);
    const err = await src.version().catch((e) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect(err.reason).toBe("Unauthorized");
    expect(err.code).toBe(401);
    expect(err.message).toBe(
      'the API server https://127.0.0.1:16443 rejected the credentials of context "podscope-sandbox" (401 Unauthorized): the token or certificate is expired or invalid',
    );
    src.start();
    await eventually("both resources in error", () => src.syncStates().every((s) => s.state === "error"));
    expect(src.syncStates()[0].error).toMatchObject({ reason: "Unauthorized", code: 401 });
    expect(src.syncStates()[0].error?.message).toMatch(/401 Unauthorized/);
  });

  it("rejects a server whose certificate the kubeconfig's CA did not sign", async () => {
    // Same server, but a CA that is not the one that signed the API server's certificate.
    const otherCa = Buffer.from(
      readFileSync("/etc/ssl/certs/ca-certificates.crt", "utf8").split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n",
    ).toString("base64");
    const file = variant("wrongca", (t) => t.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${otherCa}`));
    const src = new KubeSource({ kubeconfig: file, resources: ["pods"] });
    sources.push(src);
    const tls = await src.version().catch((e) => e);
    expect(tls).toBeInstanceOf(ConnectionError);
    expect(tls.message).toMatch(/TLS verification failed/);
  });

  it("works with the good kubeconfig (control for the cases above)", async () => {
    const src = new KubeSource({ kubeconfig: kubeconfigPath(), resources: ["nodes"] });
    sources.push(src);
    expect((await src.version()).gitVersion).toMatch(/^v1\.\d+\.\d+/);
    src.start();
    await src.whenSynced();
    expect(src.syncStates()[0]).toMatchObject({ resource: "nodes", state: "synced", scope: "cluster" });
    expect(src.list("nodes").length).toBeGreaterThanOrEqual(3);
  });
});

describe("KubeSources registry", () => {
  it("hands out one started source per context, so every subscriber shares its watches", async () => {
    const reg = new KubeSources({ kubeconfig: kubeconfigPath(), defaults: { resources: ["nodes"] } });
    try {
      expect(reg.contexts().map((c) => c.name)).toEqual(["podscope-sandbox", "podscope-limited"]);
      const a = reg.get();
      expect(reg.get("podscope-sandbox")).toBe(a);
      expect(reg.get("podscope-limited")).not.toBe(a);
      await a.whenSynced();
      const seenA: string[] = [];
      const seenB: string[] = [];
      reg.get().subscribe("nodes", (e) => e.type !== "STATE" && seenA.push(e.object.metadata.name as string));
      reg.get("podscope-sandbox").subscribe("nodes", (e) => e.type !== "STATE" && seenB.push(e.object.metadata.name as string));
      expect(a.informer("nodes").listenerCount).toBe(2);
      await a.cordon("kwok-node-1");
      await a.uncordon("kwok-node-1");
      await eventually("both subscribers saw the node change", () => seenA.includes("kwok-node-1") && seenB.includes("kwok-node-1"));
      expect(seenB).toEqual(seenA);
      expect(() => reg.get("nope")).toThrow('context "nope" not found in kubeconfig');
    } finally {
      await reg.stopAll();
    }
  });
});
