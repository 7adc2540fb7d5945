// The local node on real containerd: namespaces, cgroups per QoS, phases per restart policy,
// OOM kills, init containers, readiness probes, logs, and readable errors for bad requests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKubeError, type Pod } from "@podscope/core";
import { nsInode, procCgroups, subnetPrefix } from "./cri-fixture";
import { cond, containerPid, cs, pod, sandboxPid, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";

let t: KubeletTestNode;
beforeAll(async () => {
  t = await startTestNode("kube");
});
afterAll(async () => {
  await t?.close();
});

const running = (p: Pod) => p.status?.phase === "Running" && !!p.status.containerStatuses?.every((c) => c.state?.running);

describe("sandbox and namespaces", () => {
  it("two containers share net, ipc and uts with pause; mnt and pid are private", async () => {
    await t.node.createPod(pod("ns-private", { containers: [sh("a", "sleep 3600"), sh("b", "sleep 3600")] }));
    const p = await waitForPod(t.node, "ns-private", "both running", running);
    const pause = await sandboxPid(t.cri, p);
    const a = await containerPid(t.cri, p, "a");
    const b = await containerPid(t.cri, p, "b");
    for (const ns of ["net", "ipc", "uts"]) {
      expect(nsInode(a, ns)).toBe(nsInode(pause, ns));
      expect(nsInode(b, ns)).toBe(nsInode(pause, ns));
    }
    for (const ns of ["mnt", "pid"]) {
      expect(nsInode(a, ns)).not.toBe(nsInode(pause, ns));
      expect(nsInode(a, ns)).not.toBe(nsInode(b, ns));
    }
    expect(p.status?.podIP?.startsWith(`${subnetPrefix(t.opts)}.`)).toBe(true);
    expect(p.status?.qosClass).toBe("BestEffort");
    // The container is PID 1 of its own pid namespace.
    const out = await t.cri.execSync(cs(p, "a").containerID!.replace("containerd://", ""), ["cat", "/proc/1/cmdline"], 5);
    expect(out.stdout.toString()).toContain("sleep");
  });

  it("shareProcessNamespace: one pid namespace with pause as PID 1", async () => {
    await t.node.createPod(pod("ns-shared", { shareProcessNamespace: true, containers: [sh("a", "sleep 3600"), sh("b", "sleep 3600")] }));
    const p = await waitForPod(t.node, "ns-shared", "both running", running);
    const pause = await sandboxPid(t.cri, p);
    const a = await containerPid(t.cri, p, "a");
    const b = await containerPid(t.cri, p, "b");
    expect(nsInode(a, "pid")).toBe(nsInode(pause, "pid"));
    expect(nsInode(b, "pid")).toBe(nsInode(pause, "pid"));
    const out = await t.cri.execSync(cs(p, "b").containerID!.replace("containerd://", ""), ["cat", "/proc/1/cmdline"], 5);
    expect(out.stdout.toString()).toContain("pause");
  });
});

describe("sandbox replacement and hooks", () => {
  it("a killed pause process gets a new sandbox, and the containers run again in it", async () => {
    await t.node.createPod(pod("sandbox-dies", { containers: [sh("app", "sleep 3600")] }));
    const before = await waitForPod(t.node, "sandbox-dies", "running", running);
    process.kill(await sandboxPid(t.cri, before), "SIGKILL");
    const after = await waitForPod(t.node, "sandbox-dies", "running again", (p) => running(p) && cs(p, "app").restartCount === 1, 30_000);
    expect(cs(after, "app").lastState?.terminated).toBeDefined();
    expect(cs(after, "app").containerID).not.toBe(cs(before, "app").containerID);
    const changed = t.node.listEvents({ name: "sandbox-dies" }).find((e) => e.reason === "SandboxChanged");
    expect(changed?.message).toBe("Pod sandbox changed, it will be killed and re-created.");
    const sandboxes = await t.cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": before.metadata.uid! } });
    expect(sandboxes.map((s) => s.state).sort()).toEqual(["SANDBOX_NOTREADY", "SANDBOX_READY"]);
    await t.node.deletePod("default", "sandbox-dies", { gracePeriodSeconds: 0 });
    expect(await t.cri.listPodSandbox({ label_selector: { "io.kubernetes.pod.uid": before.metadata.uid! } })).toEqual([]);
  });

  it("a new sandbox runs the init containers again before the app", async () => {
    await t.node.createPod(
      pod("sandbox-init", {
        initContainers: [sh("setup", "true")],
        containers: [sh("app", "sleep 3600")],
      }),
    );
    const before = await waitForPod(t.node, "sandbox-init", "running", running);
    process.kill(await sandboxPid(t.cri, before), "SIGKILL");
    const after = await waitForPod(t.node, "sandbox-init", "running again", (p) => running(p) && cs(p, "app").restartCount === 1, 30_000);
    expect(cs(after, "setup")).toMatchObject({ restartCount: 1, state: { terminated: { exitCode: 0, reason: "Completed" } } });
    const created = t.node
      .listEvents({ name: "sandbox-init" })
      .filter((e) => e.reason === "Created")
      .map((e) => [e.message, e.count]);
    expect(created).toEqual([
      ["Created container: setup", 2],
      ["Created container: app", 2],
    ]);
  });

  it("postStart runs in the started container; a failing postStart kills it and says why", async () => {
    await t.node.createPod(
      pod("hooks", {
        restartPolicy: "Never",
        containers: [
          sh("good", "sleep 3600", { lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo hooked > /tmp/h"] } } } }),
          sh("bad", "sleep 3600", { lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo nope; exit 7"] } } } }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "hooks", "bad stopped", (p) => !!cs(p, "bad").state?.terminated && !!cs(p, "good").state?.running);
    const out = await t.cri.execSync(cs(p, "good").containerID!.replace("containerd://", ""), ["cat", "/tmp/h"], 5);
    expect(out.stdout.toString()).toBe("hooked\n");
    // The event does not carry the hook's output (kubelet keeps it out: it may hold secrets).
    const failed = t.node.listEvents({ name: "hooks" }).find((e) => e.reason === "FailedPostStartHook");
    expect(failed).toMatchObject({ type: "Warning", message: "PostStartHook failed" });
    expect(t.node.listEvents({ name: "hooks" }).find((e) => e.reason === "Killing")?.message).toBe("FailedPostStartHook");
  });

  it("a failed postStart under OnFailure shows PostStartHookError with the hook's output while it waits", async () => {
    await t.node.createPod(
      pod("hook-retry", {
        restartPolicy: "OnFailure",
        containers: [sh("bad", "sleep 3600", { lifecycle: { postStart: { exec: { command: ["sh", "-c", "echo nope; exit 7"] } } } })],
      }),
    );
    const p = await waitForPod(
      t.node,
      "hook-retry",
      "waiting with the hook error",
      (p) => ["PostStartHookError", "CrashLoopBackOff"].includes(cs(p, "bad").state?.waiting?.reason ?? ""),
      20_000,
    );
    const seen = t.node
      .history("default", "hook-retry")
      .map((h) => h.status.containerStatuses?.[0]?.state?.waiting)
      .find((w) => w?.reason === "PostStartHookError");
    expect(seen?.message).toContain('Exec lifecycle hook ([sh -c echo nope; exit 7]) for Container "bad" in Pod "hook-retry_default(');
    expect(seen?.message).toContain("exited with 7: nope");
    expect(p.status?.phase).toBe("Running");
  });

  it("termination messages: the file the container wrote, or its log's tail with FallbackToLogsOnError", async () => {
    await t.node.createPod(
      pod("last-words", {
        restartPolicy: "Never",
        containers: [
          sh("file", "echo 'disk full' > /dev/termination-log; exit 3"),
          sh("custom", "echo bye > /tmp/msg; exit 0", { terminationMessagePath: "/tmp/msg" }),
          sh("logs", "echo one; echo two >&2; exit 4", { terminationMessagePolicy: "FallbackToLogsOnError" }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "last-words", "Failed", (p) => p.status?.phase === "Failed");
    expect(cs(p, "file").state?.terminated).toMatchObject({ exitCode: 3, message: "disk full\n" });
    expect(cs(p, "custom").state?.terminated).toMatchObject({ exitCode: 0, message: "bye\n" });
    // The log tail holds both streams; their order is not fixed (separate pipes), so compare as a set.
    const last = cs(p, "logs").state?.terminated;
    expect(last?.exitCode).toBe(4);
    expect(last?.message?.split("\n").filter(Boolean).sort()).toEqual(["one", "two"]);
    expect(last?.message?.endsWith("\n")).toBe(true);
  });
});

describe("cgroups per QoS class", () => {
  it.each([
    ["qos-guaranteed", { limits: { cpu: "250m", memory: "32Mi" } }, "Guaranteed", "/kubepods/pod"],
    ["qos-burstable", { requests: { cpu: "100m" }, limits: { memory: "48Mi" } }, "Burstable", "/kubepods/burstable/pod"],
    ["qos-besteffort", undefined, "BestEffort", "/kubepods/besteffort/pod"],
  ] as const)("%s → %s under %s<uid>", async (name, resources, qos, prefix) => {
    await t.node.createPod(pod(name, { containers: [sh("c", "sleep 3600", resources ? { resources: structuredClone(resources) } : {})] }));
    const p = await waitForPod(t.node, name, "running", running);
    expect(p.status?.qosClass).toBe(qos);
    const pid = await containerPid(t.cri, p, "c");
    const mem = procCgroups(pid).get("memory")!;
    expect(mem.startsWith(`${prefix}${p.metadata.uid}/`)).toBe(true);
    const spid = await sandboxPid(t.cri, p);
    expect(procCgroups(spid).get("memory")!.startsWith(`${prefix}${p.metadata.uid}/`)).toBe(true);
    const limit = Number(readFileSync(`/sys/fs/cgroup/memory${mem}/memory.limit_in_bytes`, "utf8"));
    if (qos === "Guaranteed") {
      expect(limit).toBe(32 * 2 ** 20);
      expect(Number(readFileSync(`/sys/fs/cgroup/cpu${procCgroups(pid).get("cpu")}/cpu.cfs_quota_us`, "utf8"))).toBe(25000);
      expect(Number(readFileSync(`/sys/fs/cgroup/cpu${procCgroups(pid).get("cpu")}/cpu.shares`, "utf8"))).toBe(256);
    }
    if (qos === "Burstable") expect(limit).toBe(48 * 2 ** 20);
    // The pod cgroup itself carries kubelet's pod-level values.
    const podDir = `${prefix}${p.metadata.uid}`;
    const podShares = Number(readFileSync(`/sys/fs/cgroup/cpu${podDir}/cpu.shares`, "utf8"));
    const podMem = Number(readFileSync(`/sys/fs/cgroup/memory${podDir}/memory.limit_in_bytes`, "utf8"));
    const podQuota = Number(readFileSync(`/sys/fs/cgroup/cpu${podDir}/cpu.cfs_quota_us`, "utf8"));
    expect({ podShares, podQuota, podMem: podMem > 2 ** 50 ? "unlimited" : podMem }).toEqual(
      qos === "Guaranteed"
        ? { podShares: 256, podQuota: 25000, podMem: 32 * 2 ** 20 }
        : qos === "Burstable"
          ? { podShares: 102, podQuota: -1, podMem: 48 * 2 ** 20 }
          : { podShares: 2, podQuota: -1, podMem: "unlimited" },
    );
    await t.node.deletePod("default", name, { gracePeriodSeconds: 0 });
    // The pod cgroup goes with the pod in every hierarchy (runc leaves it; the kubelet removes it),
    // and no process of the pod is left.
    const left = readdirSync("/sys/fs/cgroup")
      .map((h) => `/sys/fs/cgroup/${h}${prefix}${p.metadata.uid}`)
      .filter((d) => existsSync(d));
    expect(left).toEqual([]);
    expect(existsSync(`/proc/${pid}`) || existsSync(`/proc/${spid}`)).toBe(false);
    expect(t.node.getPod("default", name)).toBeUndefined();
  });
});

describe("phases per restart policy", () => {
  it("OnFailure and exit 0 → Succeeded, Ready False with PodCompleted, sandbox stopped", async () => {
    await t.node.createPod(pod("ok-onfailure", { restartPolicy: "OnFailure", containers: [sh("c", "exit 0")] }));
    const p = await waitForPod(t.node, "ok-onfailure", "Succeeded", (p) => p.status?.phase === "Succeeded");
    expect(cs(p, "c").state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cond(p, "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    const done = await waitForPod(
      t.node,
      "ok-onfailure",
      "sandbox stopped",
      (p) => cond(p, "PodReadyToStartContainers")?.status === "False",
    );
    expect(done.status?.phase).toBe("Succeeded");
  });

  it("Never and exit 1 → Failed, no restart", async () => {
    await t.node.createPod(pod("fail-never", { restartPolicy: "Never", containers: [sh("c", "exit 1")] }));
    const p = await waitForPod(t.node, "fail-never", "Failed", (p) => p.status?.phase === "Failed");
    expect(cs(p, "c")).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 1, reason: "Error" } } });
    expect(cond(p, "ContainersReady")).toMatchObject({ status: "False", reason: "PodFailed" });
  });

  it("OnFailure and exit 1 → restarted, phase stays Running", async () => {
    await t.node.createPod(pod("fail-onfailure", { restartPolicy: "OnFailure", containers: [sh("c", "sleep 1; exit 1")] }));
    const p = await waitForPod(
      t.node,
      "fail-onfailure",
      "one restart",
      (p) => cs(p, "c").restartCount >= 1 && !!cs(p, "c").lastState?.terminated,
    );
    expect(p.status?.phase).toBe("Running");
    expect(cs(p, "c").lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    const h = t.node.history("default", "fail-onfailure");
    expect(h.some((e) => e.status.phase === "Running")).toBe(true);
    expect(h.some((e) => e.status.phase === "Succeeded" || e.status.phase === "Failed")).toBe(false);
  });

  it("a memory hog over its limit is OOMKilled with exit 137", async () => {
    await t.node.createPod(
      pod("oom", {
        restartPolicy: "Never",
        containers: [
          sh("hog", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived", { resources: { limits: { memory: "24Mi" } } }),
        ],
      }),
    );
    const p = await waitForPod(t.node, "oom", "Failed", (p) => p.status?.phase === "Failed", 60_000);
    expect(cs(p, "hog").state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });
});

describe("init containers", () => {
  it("run first, in order, each to completion", async () => {
    await t.node.createPod(
      pod("init-order", {
        volumes: [{ name: "work", emptyDir: {} }],
        initContainers: [
          sh("first", "sleep 1; echo first >> /work/order", { volumeMounts: [{ name: "work", mountPath: "/work" }] }),
          sh("second", "echo second >> /work/order", { volumeMounts: [{ name: "work", mountPath: "/work" }] }),
        ],
        containers: [
          sh("app", "cat /work/order; echo app >> /work/order; sleep 3600", { volumeMounts: [{ name: "work", mountPath: "/work" }] }),
        ],
      }),
    );
    const early = await waitForPod(t.node, "init-order", "first init running", (p) => !!cs(p, "first").state?.running, 15_000);
    expect(early.status?.phase).toBe("Pending");
    expect(cond(early, "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [first second]",
    });
    expect(cs(early, "app").state?.waiting?.reason).toBe("PodInitializing");
    const p = await waitForPod(t.node, "init-order", "app running", running);
    expect(cs(p, "first").state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cs(p, "second").state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cond(p, "Initialized")?.status).toBe("True");
    let logs = "";
    for await (const l of t.node.logs("default", "init-order", "app")) logs += l;
    expect(logs).toBe("first\nsecond\n");
  });

  it("a failing init container blocks the rest; with Never the pod fails", async () => {
    await t.node.createPod(
      pod("init-fail", {
        restartPolicy: "Never",
        initContainers: [sh("bad", "exit 3"), sh("never", "echo should-not-run")],
        containers: [sh("app", "sleep 3600")],
      }),
    );
    const p = await waitForPod(t.node, "init-fail", "Failed", (p) => p.status?.phase === "Failed");
    expect(cs(p, "bad").state?.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
    expect(cs(p, "never").state?.waiting?.reason).toBe("PodInitializing");
    expect(cs(p, "app").state?.waiting?.reason).toBe("PodInitializing");
    expect(cond(p, "Initialized")).toMatchObject({ status: "False", message: "containers with incomplete status: [bad never]" });
    const created = t.node
      .listEvents({ name: "init-fail" })
      .filter((e) => e.reason === "Created")
      .map((e) => e.message);
    expect(created).toEqual(["Created container: bad"]);
  });

  it("a sidecar (restartPolicy Always) keeps running beside the app and is stopped once the app is done", async () => {
    await t.node.createPod(
      pod("sidecar", {
        restartPolicy: "Never",
        initContainers: [sh("side", "sleep 3600", { restartPolicy: "Always" })],
        containers: [sh("app", "sleep 2")],
      }),
    );
    const p = await waitForPod(t.node, "sidecar", "app running", (p) => !!cs(p, "app").state?.running);
    expect(cs(p, "side")).toMatchObject({ started: true, state: { running: {} } });
    expect(p.status?.phase).toBe("Running");
    const done = await waitForPod(t.node, "sidecar", "Succeeded", (p) => p.status?.phase === "Succeeded", 30_000);
    expect(cs(done, "app").state?.terminated?.exitCode).toBe(0);
    expect(cs(done, "side")).toMatchObject({ restartCount: 0, state: { terminated: {} } });
    const killing = t.node
      .listEvents({ name: "sidecar" })
      .filter((e) => e.reason === "Killing")
      .map((e) => e.message);
    expect(killing).toEqual(["Stopping container side"]);
  });
});

describe("probes", () => {
  it("a readiness probe flips ContainersReady and Ready", async () => {
    await t.node.createPod(
      pod("ready-later", {
        containers: [
          sh("app", "sleep 3; touch /tmp/ready; sleep 3600", {
            readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 1 },
          }),
        ],
      }),
    );
    const early = await waitForPod(t.node, "ready-later", "running", running);
    expect(cs(early, "app").ready).toBe(false);
    expect(cond(early, "ContainersReady")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [app]",
    });
    expect(cond(early, "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady" });
    const p = await waitForPod(t.node, "ready-later", "ready", (p) => cond(p, "Ready")?.status === "True", 20_000);
    expect(cond(p, "ContainersReady")?.status).toBe("True");
    expect(cs(p, "app").ready).toBe(true);
    const unhealthy = t.node.listEvents({ name: "ready-later" }).find((e) => e.reason === "Unhealthy");
    expect(unhealthy?.message).toMatch(/^Readiness probe failed: /);
    expect(unhealthy?.type).toBe("Warning");
    const flips = t.node.history("default", "ready-later").map((h) => h.status.conditions?.find((c) => c.type === "Ready")?.status);
    expect(flips.indexOf("True")).toBeGreaterThan(flips.indexOf("False"));
  });

  it("a startup probe holds started, ready and the other probes until it succeeds", async () => {
    await t.node.createPod(
      pod("slow-start", {
        containers: [
          sh("app", "sleep 3; touch /tmp/up; sleep 3600", {
            startupProbe: { exec: { command: ["cat", "/tmp/up"] }, periodSeconds: 1, failureThreshold: 30 },
            // Would kill the container at once if it ran before the startup probe succeeded.
            livenessProbe: { exec: { command: ["cat", "/tmp/up"] }, periodSeconds: 1, failureThreshold: 1 },
          }),
        ],
      }),
    );
    const early = await waitForPod(t.node, "slow-start", "running", running);
    expect(cs(early, "app")).toMatchObject({ started: false, ready: false });
    const p = await waitForPod(t.node, "slow-start", "started", (p) => cs(p, "app").started === true, 20_000);
    expect(cs(p, "app")).toMatchObject({ ready: true, restartCount: 0 });
    expect(t.node.listEvents({ name: "slow-start" }).find((e) => e.reason === "Unhealthy")?.message).toMatch(/^Startup probe failed: /);
  });

  it("a probe that outlives timeoutSeconds fails with kubelet's timeout message", async () => {
    await t.node.createPod(
      pod("slow-probe", {
        containers: [
          sh("app", "sleep 3600", { readinessProbe: { exec: { command: ["sleep", "5"] }, timeoutSeconds: 1, periodSeconds: 2 } }),
        ],
      }),
    );
    await waitForPod(t.node, "slow-probe", "running", running);
    const t0 = Date.now();
    for (;;) {
      const e = t.node.listEvents({ name: "slow-probe" }).find((e) => e.reason === "Unhealthy");
      if (e) {
        expect(e.message).toBe('Readiness probe failed: command "sleep 5" timed out');
        break;
      }
      if (Date.now() - t0 > 15_000) throw new Error("no Unhealthy event");
      await new Promise((r) => setTimeout(r, 100));
    }
    // Failed within the timeout plus the runtime's overhead, not after the command's 5 s.
    expect(Date.now() - t0).toBeLessThan(4500);
    expect(cs(t.node.getPod("default", "slow-probe")!, "app").ready).toBe(false);
  });

  it("a startup probe that never succeeds kills the container; under Never it stays dead and the pod fails", async () => {
    await t.node.createPod(
      pod("never-starts", {
        restartPolicy: "Never",
        containers: [sh("app", "sleep 3600", { startupProbe: { exec: { command: ["false"] }, periodSeconds: 1, failureThreshold: 2 } })],
      }),
    );
    const p = await waitForPod(t.node, "never-starts", "Failed", (p) => p.status?.phase === "Failed", 30_000);
    expect(cs(p, "app")).toMatchObject({ restartCount: 0, started: false });
    expect(cs(p, "app").state?.terminated?.exitCode).toBe(137); // sleep as PID 1 ignores SIGTERM: killed at the deadline
    const killing = t.node.listEvents({ name: "never-starts" }).find((e) => e.reason === "Killing");
    expect(killing?.message).toBe("Container app failed startup probe");
  });

  it("a failing liveness probe restarts the container", async () => {
    await t.node.createPod(
      pod("live-fail", {
        containers: [sh("app", "sleep 3600", { livenessProbe: { exec: { command: ["false"] }, periodSeconds: 1, failureThreshold: 2 } })],
      }),
    );
    const p = await waitForPod(t.node, "live-fail", "restarted", (p) => cs(p, "app").restartCount >= 1, 30_000);
    expect(cs(p, "app").lastState?.terminated).toBeDefined();
    const killing = t.node.listEvents({ name: "live-fail" }).find((e) => e.reason === "Killing");
    expect(killing?.message).toBe("Container app failed liveness probe, will be restarted");
  });
});

describe("runtime surprises and logs", () => {
  it("a container removed behind the kubelet's back is ContainerStatusUnknown/137, then restarted", async () => {
    await t.node.createPod(pod("vanish", { containers: [sh("app", "sleep 3600")] }));
    const p = await waitForPod(t.node, "vanish", "running", running);
    const id = cs(p, "app").containerID!.replace("containerd://", "");
    // One call (containerd kills and removes it), so the kubelet does not see it exit first.
    await t.cri.removeContainer(id);
    const after = await waitForPod(
      t.node,
      "vanish",
      "restarted",
      (p) => cs(p, "app").restartCount === 1 && !!cs(p, "app").state?.running,
      20_000,
    );
    expect(cs(after, "app").lastState?.terminated).toMatchObject({ exitCode: 137, reason: "ContainerStatusUnknown" });
  });

  it("follows a container's log until the caller stops", async () => {
    await t.node.createPod(pod("talker", { containers: [sh("app", "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done")] }));
    await waitForPod(t.node, "talker", "running", running);
    const ac = new AbortController();
    const got: string[] = [];
    for await (const l of t.node.logs("default", "talker", undefined, { follow: true, signal: ac.signal })) {
      got.push(l);
      if (got.length === 8) ac.abort();
    }
    expect(got.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => `line ${i}\n`));
    // With tailLines: the last 2 lines so far, then what comes next, without a gap.
    const ac2 = new AbortController();
    const tail: number[] = [];
    for await (const l of t.node.logs("default", "talker", undefined, { follow: true, tailLines: 2, signal: ac2.signal })) {
      tail.push(Number(l.split(" ")[1]));
      if (tail.length === 5) ac2.abort();
    }
    expect(tail[0]).toBeGreaterThanOrEqual(6); // at least lines 0..7 were written before
    expect(tail.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => tail[0] + i));
    // Without follow: the whole log so far, from line 0.
    let all = "";
    for await (const l of t.node.logs("default", "talker")) all += l;
    expect(all.startsWith("line 0\nline 1\n")).toBe(true);
  });

  it("names pods from generateName as the API server does", async () => {
    const { pod: p } = await t.node.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { generateName: "gen-" },
      spec: { containers: [sh("c", "sleep 3600")] },
    });
    expect(p.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(t.node.getPod("default", p.metadata.name!)?.metadata.uid).toBe(p.metadata.uid);
  });
});

describe("bad requests", () => {
  it("refuses a second pod of the same name as kubectl words it", async () => {
    await t.node.createPod(pod("dup", { containers: [sh("c", "sleep 3600")] }));
    const err = await t.node.createPod(pod("dup", { containers: [sh("c", "sleep 3600")] })).catch((e) => e);
    expect(isKubeError(err, "AlreadyExists")).toBe(true);
    expect(err.message).toBe('pods "dup" already exists');
  });

  it("NotFound for a missing pod", async () => {
    const err = await t.node.deletePod("default", "nope").catch((e) => e);
    expect(isKubeError(err, "NotFound")).toBe(true);
    expect(err.message).toBe('pods "nope" not found');
    expect(() => t.node.history("default", "nope")).toThrow('pods "nope" not found');
  });

  it("a missing image with imagePullPolicy Never waits with ErrImageNeverPull in kubelet's words", async () => {
    await t.node.createPod(pod("no-image", { containers: [sh("c", "true", { image: "nginx:1.27", imagePullPolicy: "Never" })] }));
    const p = await waitForPod(t.node, "no-image", "ErrImageNeverPull", (p) => cs(p, "c").state?.waiting?.reason === "ErrImageNeverPull");
    expect(cs(p, "c").state?.waiting?.message).toBe('Container image "nginx:1.27" is not present with pull policy of Never');
    expect(p.status?.phase).toBe("Pending");
    expect(t.node.listEvents({ name: "no-image" }).some((e) => e.reason === "ErrImageNeverPull" && e.type === "Warning")).toBe(true);
  });

  it("names unsupported spec fields in warnings and still runs the pod", async () => {
    const res = await t.node.createPod(
      pod("warned", {
        hostNetwork: true,
        volumes: [{ name: "cfg", configMap: { name: "x" } }],
        containers: [sh("c", "sleep 3600", { readinessProbe: { grpc: { port: 80 } } })],
      }),
    );
    expect(res.warnings).toEqual([
      "spec.hostNetwork: not supported by the local node; ignored",
      'spec.volumes[0]: configMap volumes are not supported; only emptyDir. Mounts of "cfg" are skipped',
      "spec.containers[0].readinessProbe.grpc: gRPC probes are not supported (exec, httpGet and tcpSocket are); this probe never runs",
    ]);
    await waitForPod(t.node, "warned", "running", running);
  });

  it("a malformed quantity is Invalid, and nothing is created", async () => {
    const err = await t.node
      .createPod(pod("bad-qty", { containers: [sh("c", "true", { resources: { limits: { memory: "lots" } } })] }))
      .catch((e) => e);
    expect(isKubeError(err, "Invalid")).toBe(true);
    expect(err.message).toMatch(/^Pod "bad-qty" is invalid: spec.containers\[\]\.resources: quantities must match/);
    expect(t.node.getPod("default", "bad-qty")).toBeUndefined();
  });

  it("logs of a multi-container pod need a container name", async () => {
    const it = t.node.logs("default", "ns-private")[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow("a container name must be specified for pod ns-private, choose one of: [a b]");
  });
});

describe("node", () => {
  it("describes this machine as a Ready v1 Node", () => {
    const n = t.node.node();
    expect(n.metadata.name).toBe(t.node.nodeName);
    expect(Number(n.status?.capacity?.cpu)).toBeGreaterThan(0);
    expect(n.status?.capacity?.memory).toMatch(/^\d+Ki$/);
    expect(n.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(n.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^containerd:\/\//);
  });
});
