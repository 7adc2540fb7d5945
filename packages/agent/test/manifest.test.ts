// The DaemonSet manifest: every field the agent's safety and reachability rest on, the options, and the YAML
// printing back to the same objects.
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { AGENT_IMAGE, AGENT_PORT, AGENT_VERSION } from "../src/constants";
import { agentManifest, agentManifestYaml, type ManifestObject } from "../src/manifest";

type Obj = Record<string, unknown>;
const kinds = (m: ManifestObject[]) => m.map((o) => o.kind);
const byKind = (m: ManifestObject[], kind: string) => m.find((o) => o.kind === kind)! as ManifestObject & Obj;
// The DaemonSet's pod spec and its one container, typed loosely for assertions.
function podOf(m: ManifestObject[]) {
  const ds = byKind(m, "DaemonSet") as unknown as {
    spec: { selector: Obj; template: { metadata: { labels: Obj }; spec: Obj & { containers: Obj[]; volumes: Obj[] } } };
  };
  return {
    ds,
    spec: ds.spec.template.spec,
    container: ds.spec.template.spec.containers[0] as Obj & { securityContext: Obj; volumeMounts: Obj[] },
  };
}

describe("agentManifest defaults", () => {
  const m = agentManifest();
  const { ds, spec, container } = podOf(m);

  it("is a Namespace, a ServiceAccount and a DaemonSet in podscope-system, the Namespace first", () => {
    expect(kinds(m)).toEqual(["Namespace", "ServiceAccount", "DaemonSet"]);
    expect(m[0]).toMatchObject({ apiVersion: "v1", metadata: { name: "podscope-system" } });
    expect(byKind(m, "ServiceAccount")).toMatchObject({
      apiVersion: "v1",
      metadata: { name: "podscope-agent", namespace: "podscope-system" },
    });
    expect(byKind(m, "DaemonSet")).toMatchObject({
      apiVersion: "apps/v1",
      metadata: { name: "podscope-agent", namespace: "podscope-system" },
    });
  });

  it("labels every object with the agent's name and version, and selects pods by name", () => {
    for (const o of m)
      expect(o.metadata.labels, o.kind).toMatchObject({
        "app.kubernetes.io/name": "podscope-agent",
        "app.kubernetes.io/version": AGENT_VERSION,
      });
    expect(ds.spec.selector).toEqual({ matchLabels: { "app.kubernetes.io/name": "podscope-agent" } });
    expect(ds.spec.template.metadata.labels).toMatchObject({
      "app.kubernetes.io/name": "podscope-agent",
      "app.kubernetes.io/version": AGENT_VERSION,
    });
  });

  it("holds no API credentials: no token mounted, by the ServiceAccount or the pod", () => {
    expect(byKind(m, "ServiceAccount").automountServiceAccountToken).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe("podscope-agent");
  });

  it("runs in the host's PID namespace but not its network, on every node whatever the taint, with no priority class", () => {
    expect(spec.hostPID).toBe(true);
    expect(spec.hostNetwork).toBeUndefined();
    expect(spec.tolerations).toEqual([{ operator: "Exists" }]);
    expect(spec.priorityClassName).toBeUndefined();
    expect(spec.nodeSelector).toBeUndefined();
  });

  it("the container: image, pull policy, args, port, NODE_NAME, probes, resources", () => {
    expect(container.image).toBe(`podscope.local/agent:${AGENT_VERSION}`);
    expect(container.image).toBe(AGENT_IMAGE);
    expect(container.imagePullPolicy).toBe("IfNotPresent");
    expect(container.args).toEqual([
      `--listen=0.0.0.0:${AGENT_PORT}`,
      "--fs-root=/host",
      "--cri-socket=/host/run/containerd/containerd.sock",
    ]);
    expect(container.ports).toEqual([{ name: "http", containerPort: 7701, protocol: "TCP" }]);
    expect(container.env).toEqual([{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }]);
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: "/healthz", port: 7701 } });
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: "/healthz", port: 7701 } });
    expect(container.resources).toEqual({ requests: { cpu: "10m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } });
  });

  it("the security context: root with only the read capabilities, nothing writable, no escalation, the runtime's seccomp filter", () => {
    expect(container.securityContext).toEqual({
      runAsUser: 0,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      seccompProfile: { type: "RuntimeDefault" },
      capabilities: { drop: ["ALL"], add: ["SYS_PTRACE", "DAC_READ_SEARCH"] },
    });
  });

  it("mounts /proc, /sys/fs/cgroup and the CRI socket file read-only below /host", () => {
    expect(spec.volumes).toEqual([
      { name: "proc", hostPath: { path: "/proc", type: "Directory" } },
      { name: "cgroup", hostPath: { path: "/sys/fs/cgroup", type: "Directory" } },
      { name: "cri-socket", hostPath: { path: "/run/containerd/containerd.sock", type: "Socket" } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: "proc", mountPath: "/host/proc", readOnly: true },
      { name: "cgroup", mountPath: "/host/sys/fs/cgroup", readOnly: true },
      { name: "cri-socket", mountPath: "/host/run/containerd/containerd.sock", readOnly: true },
    ]);
  });
});

describe("agentManifest options", () => {
  it("namespace, image, pull policy, CRI socket and node selector", () => {
    const m = agentManifest({
      namespace: "agent-test",
      image: "registry.example/podscope-agent:dev",
      pullPolicy: "Never",
      criSocket: "/var/lib/podscope/kubelet/containerd.sock",
      nodeSelector: { "kubernetes.io/hostname": "kubelet-real", disk: "ssd" },
    });
    expect(m[0].metadata.name).toBe("agent-test");
    for (const o of m.slice(1)) expect(o.metadata.namespace).toBe("agent-test");
    const { spec, container } = podOf(m);
    expect(container).toMatchObject({ image: "registry.example/podscope-agent:dev", imagePullPolicy: "Never" });
    expect(spec.nodeSelector).toEqual({ "kubernetes.io/hostname": "kubelet-real", disk: "ssd" });
    // The node's socket path is the host path; inside the container it keeps the default place, so the args do not change.
    expect(spec.volumes[2]).toEqual({
      name: "cri-socket",
      hostPath: { path: "/var/lib/podscope/kubelet/containerd.sock", type: "Socket" },
    });
    expect(container.volumeMounts[2]).toEqual({ name: "cri-socket", mountPath: "/host/run/containerd/containerd.sock", readOnly: true });
    expect(container.args).toContain("--cri-socket=/host/run/containerd/containerd.sock");
  });

  it("calls do not share objects: changing one manifest leaves the next alone", () => {
    const a = agentManifest();
    a[0].metadata.labels!["x"] = "y";
    (podOf(a).spec.tolerations as Obj[]).push({ key: "k" });
    expect(agentManifest()[0].metadata.labels).not.toHaveProperty("x");
    expect(podOf(agentManifest()).spec.tolerations).toEqual([{ operator: "Exists" }]);
  });
});

describe("agentManifestYaml", () => {
  it("is one YAML stream whose documents parse back to the same objects", () => {
    const opts = { namespace: "ns-x", nodeSelector: { "kubernetes.io/hostname": "n1" } };
    const docs = parseAllDocuments(agentManifestYaml(opts));
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(docs.map((d) => d.toJS() as unknown)).toEqual(agentManifest(opts));
  });
});
