// The agent's paths (built by the client, read by the agent) and its command line.
import { describe, expect, it } from "vitest";
import { agentPodPath, parseAgentPath } from "../src/paths";
import { AgentUsageError, parseAgentArgs, parseListen } from "../src/options";

describe("paths", () => {
  it("a pod path round-trips, names with odd characters included", () => {
    expect(agentPodPath("default", "web", "cgroups")).toBe("/v1/pods/default/web/cgroups");
    expect(agentPodPath("default", "web", "runtime", "u-1")).toBe("/v1/pods/default/web/runtime?uid=u-1");
    expect(parseAgentPath(agentPodPath("a b", "x/y", "namespaces", "u 2"))).toEqual({
      kind: "pod",
      view: "namespaces",
      namespace: "a b",
      name: "x/y",
      uid: "u 2",
    });
  });

  it("fixed routes, a trailing slash, and what is not a route", () => {
    expect(parseAgentPath("/healthz")).toEqual({ kind: "health" });
    expect(parseAgentPath("/v1/version/")).toEqual({ kind: "version" });
    expect(parseAgentPath("/v1/cgroups?x=1")).toEqual({ kind: "node-cgroups" });
    expect(parseAgentPath("/v1/pods/default/web/processes/")).toMatchObject({ kind: "pod", view: "processes" });
    for (const p of [
      "/",
      "/v1",
      "/v1/pods/default/web",
      "/v1/pods/default/web/logs",
      "/v2/pods/default/web/cgroups",
      "/v1/pods/%zz/web/cgroups",
      "/v1/pods//web/cgroups",
    ])
      expect(parseAgentPath(p), p).toBeNull();
  });
});

describe("command line", () => {
  it("defaults: all interfaces on 7701, the host itself, containerd's socket, $NODE_NAME", () => {
    expect(parseAgentArgs([], { NODE_NAME: "n1" }, "host1")).toEqual({
      help: false,
      listen: { host: "0.0.0.0", port: 7701 },
      fsRoot: "",
      criSocket: "/run/containerd/containerd.sock",
      nodeName: "n1",
    });
    expect(parseAgentArgs([], {}, "host1").nodeName).toBe("host1");
  });

  it("flags, with = or a separate value; the socket follows --fs-root unless given", () => {
    expect(parseAgentArgs(["--fs-root", "/host/", "--node-name=x", "--listen=127.0.0.1:8000"], { NODE_NAME: "n1" }, "h")).toMatchObject({
      fsRoot: "/host",
      criSocket: "/host/run/containerd/containerd.sock",
      nodeName: "x",
      listen: { host: "127.0.0.1", port: 8000 },
    });
    expect(parseAgentArgs(["--fs-root=/host", "--cri-socket=/s.sock"], {}, "h").criSocket).toBe("/s.sock");
    expect(parseAgentArgs(["--cgroup-root", "/podscope-kubelet"], {}, "h").cgroupRoot).toBe("/podscope-kubelet");
    expect(parseAgentArgs([], {}, "h")).not.toHaveProperty("cgroupRoot");
  });

  it("listen forms and bad input", () => {
    expect(parseListen(":7701")).toEqual({ host: "0.0.0.0", port: 7701 });
    expect(parseListen("[::]:7701")).toEqual({ host: "::", port: 7701 });
    expect(parseListen("9000")).toEqual({ host: "0.0.0.0", port: 9000 });
    expect(() => parseListen("host:99999")).toThrow(AgentUsageError);
    expect(() => parseListen("nope")).toThrow(/invalid --listen "nope"/);
    expect(() => parseAgentArgs(["--bogus"], {}, "h")).toThrow(AgentUsageError);
  });
});
