// Image references: parsing as Docker/containerd read them, and which ones are our local images.
import { describe, expect, it } from "vitest";
import { InvalidImageReferenceError, localImageAlias, normalizeImageReference, parseImageReference } from "../src/images/reference";

describe("normalizeImageReference", () => {
  it.each([
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox:1.36"],
    ["library/busybox", "docker.io/library/busybox:latest"],
    ["docker.io/library/busybox:latest", "docker.io/library/busybox:latest"],
    ["index.docker.io/library/nginx", "docker.io/library/nginx:latest"],
    ["bitnami/nginx:1.2", "docker.io/bitnami/nginx:1.2"],
    ["localhost/busybox:latest", "localhost/busybox:latest"],
    ["localhost:5000/team/app:v1", "localhost:5000/team/app:v1"],
    ["registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"],
    [`nginx@sha256:${"a".repeat(64)}`, `docker.io/library/nginx@sha256:${"a".repeat(64)}`],
    [`nginx:1.27@sha256:${"b".repeat(64)}`, `docker.io/library/nginx:1.27@sha256:${"b".repeat(64)}`],
  ])("%s → %s", (ref, want) => {
    expect(normalizeImageReference(ref)).toBe(want);
  });

  it("splits domain, path, tag and digest", () => {
    expect(parseImageReference("quay.io/org/app:v2")).toEqual({ domain: "quay.io", path: "org/app", tag: "v2", digest: undefined });
  });

  it.each([
    ["", /it is empty/],
    [" busybox", /whitespace/],
    ["Busybox", /lower-case/],
    ["busybox:", /bad tag ""/],
    ["busybox:-x", /bad tag "-x"/],
    ["busybox@sha256:xyz", /bad digest "sha256:xyz"/],
    ["a//b", /lower-case/],
  ])("rejects %j with a readable error", (ref, msg) => {
    expect(() => parseImageReference(ref)).toThrow(InvalidImageReferenceError);
    expect(() => parseImageReference(ref)).toThrow(msg);
    expect(() => parseImageReference(ref)).toThrow(`invalid image reference ${JSON.stringify(ref)}`);
  });
});

describe("localImageAlias", () => {
  it.each([
    ["busybox", "localhost/busybox:latest"],
    ["busybox:1.36", "localhost/busybox:latest"],
    ["busybox:latest", "localhost/busybox:latest"],
    ["docker.io/library/busybox:latest", "localhost/busybox:latest"],
    ["library/busybox:musl", "localhost/busybox:latest"],
    ["localhost/busybox", "localhost/busybox:latest"],
    ["pause", "localhost/pause:3.10"],
    ["pause:3.9", "localhost/pause:3.10"],
    ["registry.k8s.io/pause:3.10", "localhost/pause:3.10"],
    ["k8s.gcr.io/pause:3.2", "localhost/pause:3.10"],
    ["localhost/pause:3.10", "localhost/pause:3.10"],
  ])("%s is our %s", (ref, want) => {
    expect(localImageAlias(ref)).toBe(want);
  });

  it.each([
    "nginx",
    "someone/busybox",
    "quay.io/busybox",
    "registry.k8s.io/busybox",
    "localhost/hello:1",
    `busybox@sha256:${"c".repeat(64)}`,
  ])("%s is not one of ours", (ref) => {
    expect(localImageAlias(ref)).toBeUndefined();
  });
});
