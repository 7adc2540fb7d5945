// Pulls as kubelet decides and words them: the pull policy and its defaults, the node's own
// images, credentials from docker config files and Secrets, the per-image back-off, and the
// messages — pure functions and the image manager over the fake CRI (real pulls: registry.test.ts).
import { describe, expect, it } from "vitest";
import { effectivePullPolicy, type Container, type Pod } from "@podscope/core";
import { CriError } from "../src/cri";
import { keyringKey, lookupCredentials, parseDockerConfig, secretKeyring } from "../src/images/credentials";
import { criPullErrorText, invalidImageNameMessage, pulledMessage, withDefaultTag } from "../src/images/pull-messages";
import { decideImagePull, isNodeLocalImage, type PullDecisionInput } from "../src/images/pull-policy";
import { EventRecorder } from "../src/kubelet/events";
import { ImageManager } from "../src/kubelet/image-manager";
import { FakeCri } from "./fake-cri";

describe("pull policy", () => {
  it("defaults as the API server does: :latest or no tag → Always, else IfNotPresent; a set policy wins", () => {
    const cases: [Partial<Container>, string][] = [
      [{ image: "nginx" }, "Always"],
      [{ image: "nginx:latest" }, "Always"],
      [{ image: "127.0.0.1:5000/app" }, "Always"],
      [{ image: "nginx:1.27" }, "IfNotPresent"],
      [{ image: "127.0.0.1:5000/app:v1" }, "IfNotPresent"],
      [{ image: `nginx@sha256:${"a".repeat(64)}` }, "IfNotPresent"],
      [{ image: "nginx", imagePullPolicy: "Never" }, "Never"],
      [{ image: "nginx:1.27", imagePullPolicy: "Always" }, "Always"],
    ];
    for (const [c, want] of cases) expect(effectivePullPolicy(c).policy, JSON.stringify(c)).toBe(want);
  });

  it("decides like EnsureImageExists", () => {
    const base: PullDecisionInput = { policy: "IfNotPresent", present: false, nodeLocal: false, inBackOff: false };
    const cases: [Partial<PullDecisionInput>, string][] = [
      [{ present: true }, "use-present"],
      [{}, "pull"],
      [{ inBackOff: true }, "back-off"],
      [{ policy: "Always", present: true }, "pull"],
      [{ policy: "Always", present: true, inBackOff: true }, "back-off"],
      [{ policy: "Never", present: true }, "use-present"],
      [{ policy: "Never" }, "never-pull"],
      [{ policy: "Never", inBackOff: true }, "never-pull"],
      // The node's own images: used when there, never pulled, even with Always.
      [{ policy: "Always", present: true, nodeLocal: true }, "use-present"],
      [{ policy: "Always", nodeLocal: true }, "never-pull"],
    ];
    for (const [i, want] of cases) expect(decideImagePull({ ...base, ...i }), JSON.stringify(i)).toBe(want);
  });

  it("the node's own images: busybox and pause aliases and everything under localhost/, not localhost:PORT", () => {
    for (const r of ["busybox", "busybox:1.36", "docker.io/library/busybox", "registry.k8s.io/pause:3.9", "localhost/mine:1"])
      expect(isNodeLocalImage(r), r).toBe(true);
    for (const r of ["nginx:1.27", "localhost:5000/busybox", "127.0.0.1:5000/app:v1", `busybox@sha256:${"b".repeat(64)}`])
      expect(isNodeLocalImage(r), r).toBe(false);
  });
});

describe("kubelet's image messages", () => {
  it("applies the default tag as kubelet does (the name itself is kept)", () => {
    expect(withDefaultTag("busybox")).toBe("busybox:latest");
    expect(withDefaultTag("127.0.0.1:5000/app")).toBe("127.0.0.1:5000/app:latest");
    expect(withDefaultTag("nginx:1.27")).toBe("nginx:1.27");
    expect(withDefaultTag(`nginx@sha256:${"c".repeat(64)}`)).toBe(`nginx@sha256:${"c".repeat(64)}`);
  });

  it("words an unparsable reference as distribution/reference does", () => {
    expect(invalidImageNameMessage("nginx:bad tag")).toBe(
      'Failed to apply default image tag "nginx:bad tag": couldn\'t parse image name "nginx:bad tag": invalid reference format',
    );
    expect(invalidImageNameMessage("Nginx")).toBe(
      'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
    );
    expect(invalidImageNameMessage("example.com/Team/app:1")).toMatch(/repository name \(Team\/app\) must be lowercase$/);
  });

  it("prints a CRI error as Go prints a gRPC status (an Unknown one as its message only, as cri-client strips it), and durations as Go does", () => {
    expect(criPullErrorText(new CriError("PullImage", "NOT_FOUND", 'failed to pull and unpack image "x": not found'))).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "x": not found',
    );
    expect(criPullErrorText(new CriError("PullImage", "UNKNOWN", "boom"))).toBe("boom");
    expect(pulledMessage("a:1", 1234.9, 1234.9, 42)).toBe(
      'Successfully pulled image "a:1" in 1.234s (1.234s including waiting). Image size: 42 bytes.',
    );
    expect(pulledMessage("a:1", 87, 87, 1)).toBe('Successfully pulled image "a:1" in 87ms (87ms including waiting). Image size: 1 bytes.');
  });
});

describe("credentials", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64");

  it("reads config.json (auth or username/password) and the older .dockercfg, keyed as kubelet keys them", () => {
    const ring = parseDockerConfig(
      JSON.stringify({
        auths: { "https://index.docker.io/v1/": { auth: b64("hub:pw:with:colons") }, "127.0.0.1:5000": { username: "u", password: "p" } },
      }),
      "cfg",
    );
    expect(ring).toEqual([
      { key: "index.docker.io", cred: { username: "hub", password: "pw:with:colons", source: "cfg" } },
      { key: "127.0.0.1:5000", cred: { username: "u", password: "p", source: "cfg" } },
    ]);
    expect(parseDockerConfig(JSON.stringify({ "registry.example": { auth: b64("a:b") } }), "old")[0].key).toBe("registry.example");
    expect(keyringKey("http://reg.example:5000/v2/")).toBe("reg.example:5000");
    expect(keyringKey("reg.example/team")).toBe("reg.example/team");
    expect(() => parseDockerConfig("{nope", "bad.json")).toThrow(/^bad\.json: not JSON/);
  });

  it("matches host, port and path prefix, most specific first; Docker Hub by index.docker.io", () => {
    const ring = parseDockerConfig(
      JSON.stringify({
        auths: {
          "reg.example": { auth: b64("host:1") },
          "reg.example/team": { auth: b64("team:1") },
          "reg.example:5000": { auth: b64("port:1") },
          "*.wild.example": { auth: b64("glob:1") },
          "https://index.docker.io/v1/": { auth: b64("hub:1") },
        },
      }),
      "cfg",
    );
    const users = (repo: string) => lookupCredentials([ring], repo).map((c) => c.username);
    expect(users("reg.example/team/app")).toEqual(["team", "host"]);
    expect(users("reg.example/other")).toEqual(["host"]);
    expect(users("reg.example:5000/app")).toEqual(["port"]);
    expect(users("a.wild.example/app")).toEqual(["glob"]);
    expect(users("docker.io/library/nginx")).toEqual(["hub"]);
    expect(users("elsewhere.example/app")).toEqual([]);
  });

  it("reads a kubernetes.io/dockerconfigjson Secret (data or stringData); the pod's secrets come before the node's", () => {
    const config = JSON.stringify({ auths: { "127.0.0.1:5000": { auth: b64("secret:pw") } } });
    const s = secretKeyring({
      type: "kubernetes.io/dockerconfigjson",
      metadata: { name: "regcred", namespace: "ns" },
      data: { ".dockerconfigjson": b64(config) },
    });
    expect(s).toEqual([{ key: "127.0.0.1:5000", cred: { username: "secret", password: "pw", source: "secret ns/regcred" } }]);
    expect(secretKeyring({ type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": config } })[0].cred.username).toBe(
      "secret",
    );
    const node = parseDockerConfig(JSON.stringify({ auths: { "127.0.0.1:5000": { auth: b64("node:pw") } } }), "node");
    expect(lookupCredentials([s, node], "127.0.0.1:5000/app").map((c) => c.username)).toEqual(["secret", "node"]);
  });
});

describe("image manager on the fake CRI", () => {
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default", uid: "u1" }, spec: { containers: [] } };
  const setup = () => {
    let clock = Date.parse("2025-01-01T00:00:00Z");
    const cri = new FakeCri(() => clock);
    const recorder = new EventRecorder(() => new Date(clock), "node");
    const manager = new ImageManager({ cri, recorder, now: () => new Date(clock), wallMs: () => clock });
    const ensure = (c: Partial<Container>, secrets = { keyrings: [] as never[], missing: [] as string[] }) =>
      manager.ensureImageExists(pod, { name: "c", ...c }, "spec.containers{c}", () => secrets);
    const events = () => recorder.list().map((e) => `${e.type} ${e.reason}: ${e.message}${e.count! > 1 ? ` (x${e.count})` : ""}`);
    return {
      cri,
      ensure,
      events,
      advance: (ms: number) => {
        clock += ms;
      },
    };
  };

  it("pulls a missing image, then finds it present", async () => {
    const t = setup();
    expect(await t.ensure({ image: "127.0.0.1:5000/app:v1" })).toEqual({ ok: true, image: "127.0.0.1:5000/app:v1" });
    expect(t.cri.pulls).toEqual([{ image: "127.0.0.1:5000/app:v1", auth: undefined }]);
    expect(await t.ensure({ image: "127.0.0.1:5000/app:v1" })).toEqual({ ok: true, image: "127.0.0.1:5000/app:v1" });
    expect(t.events()).toEqual([
      'Normal Pulling: Pulling image "127.0.0.1:5000/app:v1"',
      'Normal Pulled: Successfully pulled image "127.0.0.1:5000/app:v1" in 0s (0s including waiting). Image size: 1 bytes.',
      'Normal Pulled: Container image "127.0.0.1:5000/app:v1" already present on machine',
    ]);
  });

  it("Always pulls again although present; a failure is ErrImagePull, then ImagePullBackOff for 10 s, 20 s, …", async () => {
    const t = setup();
    const notFound =
      'failed to pull and unpack image "docker.io/library/nginx:latest": failed to resolve reference "docker.io/library/nginx:latest": docker.io/library/nginx:latest: not found';
    t.cri.images.add("docker.io/library/nginx:latest");
    t.cri.pull = () => new CriError("PullImage", "NOT_FOUND", notFound);
    const first = await t.ensure({ image: "nginx" });
    expect(first).toEqual({
      ok: false,
      reason: "ErrImagePull",
      message: `rpc error: code = NotFound desc = ${notFound}`,
      retryAtMs: Date.parse("2025-01-01T00:00:10Z"),
    });
    t.advance(5_000);
    expect(await t.ensure({ image: "nginx" })).toEqual({
      ok: false,
      reason: "ImagePullBackOff",
      retryAtMs: Date.parse("2025-01-01T00:00:10Z"),
      message: `Back-off pulling image "nginx:latest": ErrImagePull: rpc error: code = NotFound desc = ${notFound}`,
    });
    t.advance(5_000); // 10 s after the failure: the back-off is over, the next attempt pulls
    expect(await t.ensure({ image: "nginx" })).toMatchObject({ reason: "ErrImagePull", retryAtMs: Date.parse("2025-01-01T00:00:30Z") });
    t.advance(19_000);
    expect(await t.ensure({ image: "nginx" })).toMatchObject({ reason: "ImagePullBackOff" });
    expect(t.cri.pulls).toHaveLength(2);
    expect(t.events()).toEqual([
      'Normal Pulling: Pulling image "nginx:latest" (x2)',
      `Warning Failed: Failed to pull image "nginx:latest": rpc error: code = NotFound desc = ${notFound} (x2)`,
      'Normal BackOff: Back-off pulling image "nginx:latest" (x2)',
    ]);
  });

  it("tries each matching credential in turn; the aggregate of failures reads [a, b]; missing secrets are named", async () => {
    const t = setup();
    const ring = (u: string) => parseDockerConfig(JSON.stringify({ auths: { "127.0.0.1:5000": { username: u, password: "x" } } }), u);
    t.cri.pull = (_i, auth) => new CriError("PullImage", "UNKNOWN", `denied for ${auth?.username}`);
    const r = await t.ensure({ image: "127.0.0.1:5000/app:v1" }, { keyrings: [ring("one"), ring("two")] as never[], missing: ["gone"] });
    expect(t.cri.pulls.map((p) => p.auth?.username)).toEqual(["one", "two"]);
    expect(r).toMatchObject({ reason: "ErrImagePull", message: "[denied for one, denied for two]" });
    expect(t.events()[0]).toBe(
      "Warning FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (gone); attempting to pull the image may not succeed.",
    );
  });

  it("Never, node-local and invalid names never reach PullImage", async () => {
    const t = setup();
    expect(await t.ensure({ image: "nginx:1.27", imagePullPolicy: "Never" })).toMatchObject({
      reason: "ErrImageNeverPull",
      message: 'Container image "nginx:1.27" is not present with pull policy of Never',
    });
    expect(await t.ensure({ image: "busybox", imagePullPolicy: "Always" })).toEqual({ ok: true, image: "localhost/busybox:latest" });
    expect(await t.ensure({ image: "localhost/mine" })).toMatchObject({ reason: "ErrImageNeverPull" });
    expect(await t.ensure({ image: "UPPER:1" })).toMatchObject({ reason: "InvalidImageName" });
    expect(t.cri.pulls).toEqual([]);
  });
});
