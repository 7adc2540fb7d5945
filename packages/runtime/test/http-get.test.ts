// httpGet and tcpSocket as kubelet runs them: the request (host, port by name, scheme, path,
// headers, User-Agent), the verdict (200–399, redirects), Go's error texts — pure functions, then
// against real sockets on loopback (a pod's HTTP server: local-node-probes.test.ts).
import { once } from "node:events";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHttpHook } from "../src/kubelet/hooks";
import {
  canonicalHeader,
  doHttpGet,
  doTcpConnect,
  goDialError,
  httpGetRequest,
  httpProbeVerdict,
  resolveContainerPort,
} from "../src/kubelet/http-get";

const container = {
  ports: [
    { name: "http", containerPort: 8080 },
    { name: "metrics", containerPort: 9090 },
  ],
};

describe("the request kubelet builds", () => {
  it("resolves a port by number, by name through the container's ports, or a number in a string", () => {
    expect(resolveContainerPort(80, container)).toEqual({ port: 80 });
    expect(resolveContainerPort("metrics", container)).toEqual({ port: 9090 });
    expect(resolveContainerPort("8081", container)).toEqual({ port: 8081 });
    expect(resolveContainerPort("nope", container)).toEqual({ error: 'strconv.Atoi: parsing "nope": invalid syntax' });
    expect(resolveContainerPort(0, container)).toEqual({ error: "invalid port number: 0" });
    expect(resolveContainerPort(70000, container)).toEqual({ error: "invalid port number: 70000" });
  });

  it("host defaults to the pod IP; scheme, path and headers as given; kube-probe/1.34 and Accept */* unless set", () => {
    const r = httpGetRequest(
      { port: "http", path: "/healthz?full=1", httpHeaders: [{ name: "x-trace", value: "1" }] },
      container,
      "10.217.0.7",
      "probe",
    );
    if ("error" in r) throw new Error(r.error);
    expect(r.url.href).toBe("http://10.217.0.7:8080/healthz?full=1");
    expect(r.display).toBe("http://10.217.0.7:8080/healthz?full=1");
    expect(r.headers).toEqual([
      ["X-Trace", "1"],
      ["User-Agent", "kube-probe/1.34"],
      ["Accept", "*/*"],
    ]);
    const h = httpGetRequest(
      {
        port: 443,
        scheme: "HTTPS",
        host: "example.test",
        httpHeaders: [
          { name: "user-agent", value: "mine" },
          { name: "Accept", value: "" },
        ],
      },
      container,
      "10.217.0.7",
      "lifecycle",
    );
    if ("error" in h) throw new Error(h.error);
    expect(h.display).toBe("https://example.test:443");
    expect(h.headers).toEqual([["User-Agent", "mine"]]);
    expect(httpGetRequest({ port: 1 }, container, "10.0.0.1", "lifecycle")).toMatchObject({
      headers: [
        ["User-Agent", "kube-lifecycle/1.34"],
        ["Accept", "*/*"],
      ],
    });
    expect(httpGetRequest({ port: "missing" }, container, "10.0.0.1", "probe")).toEqual({
      error: 'strconv.Atoi: parsing "missing": invalid syntax',
    });
    expect(canonicalHeader("x-request-ID")).toBe("X-Request-Id");
  });

  it("judges a response as DoHTTPProbe does", () => {
    expect(httpProbeVerdict(200, "ok")).toEqual({ result: "Success", output: "ok" });
    expect(httpProbeVerdict(399, "")).toEqual({ result: "Warning", output: "Probe terminated redirects, Response body: " });
    expect(httpProbeVerdict(302, "moved")).toEqual({ result: "Warning", output: "Probe terminated redirects, Response body: moved" });
    expect(httpProbeVerdict(199, "")).toEqual({ result: "Failure", output: "HTTP probe failed with statuscode: 199" });
    expect(httpProbeVerdict(500, "boom")).toEqual({ result: "Failure", output: "HTTP probe failed with statuscode: 500" });
    expect(httpProbeVerdict(404, "")).toEqual({ result: "Failure", output: "HTTP probe failed with statuscode: 404" });
  });

  it("words dial errors as Go's net package", () => {
    expect(goDialError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), "10.0.0.1:81", false)).toBe(
      "dial tcp 10.0.0.1:81: connect: connection refused",
    );
    expect(goDialError(undefined, "10.0.0.1:81", true)).toBe("dial tcp 10.0.0.1:81: i/o timeout");
  });
});

describe("on loopback sockets", () => {
  let server: http.Server;
  let port: number;
  const seen: http.IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === "/fail") {
        res.writeHead(500);
        res.end("boom");
        return;
      }
      if (req.url === "/here") {
        res.writeHead(302, { location: "/ok" });
        res.end();
        return;
      }
      if (req.url === "/away") {
        res.writeHead(301, { location: "http://localhost:1/elsewhere" });
        res.end("gone");
        return;
      }
      if (req.url === "/loop") {
        res.writeHead(302, { location: "/loop" });
        res.end();
        return;
      }
      if (req.url === "/slow") return; // never answers
      res.writeHead(200);
      res.end("fine");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const get = (path: string, timeoutMs = 2000, sameHost = true) => {
    const r = httpGetRequest({ port, path }, {}, "127.0.0.1", "probe");
    if ("error" in r) throw new Error(r.error);
    return doHttpGet(r, timeoutMs, sameHost);
  };

  it("gets, with kubelet's headers; follows same-host redirects, stops at another host", async () => {
    expect(await get("/ok")).toMatchObject({ status: 200, body: "fine" });
    expect(seen.at(-1)).toMatchObject({ "user-agent": "kube-probe/1.34", accept: "*/*" });
    expect(await get("/fail")).toMatchObject({ status: 500 });
    expect(await get("/here")).toMatchObject({ status: 200, body: "fine" });
    expect(await get("/away")).toMatchObject({ status: 301, body: "gone" });
    expect(await get("/loop")).toEqual({ error: `Get "http://127.0.0.1:${port}/loop": stopped after 10 redirects` });
  });

  it("a closed port is connection refused; a silent server times out awaiting headers", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = httpGetRequest({ port: closed, path: "/" }, {}, "127.0.0.1", "probe");
    if ("error" in r) throw new Error(r.error);
    expect(await doHttpGet(r, 2000, true)).toEqual({
      error: `Get "http://127.0.0.1:${closed}/": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
    expect(await get("/slow", 300)).toEqual({
      error: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
    expect(await doTcpConnect("127.0.0.1", port, 1000)).toEqual({ ok: true });
    expect(await doTcpConnect("127.0.0.1", closed, 1000)).toEqual({
      ok: false,
      error: `dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
    // A hook fails only when the request fails (a 500 is fine), in kubelet's words.
    const p = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", uid: "u" }, spec: { containers: [] } };
    expect(await runHttpHook({ port, path: "/fail" }, { name: "c" }, "127.0.0.1", 2, p)).toEqual({ ok: true, message: "" });
    expect(await runHttpHook({ port: closed, path: "/bye" }, { name: "c" }, "127.0.0.1", 2, p)).toEqual({
      ok: false,
      message: `HTTP lifecycle hook (/bye) for Container "c" in Pod "p_ns(u)" failed - error: Get "http://127.0.0.1:${closed}/bye": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });
});
