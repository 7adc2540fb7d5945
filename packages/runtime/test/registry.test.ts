// Pulls from a real OCI registry on loopback (the distribution registry, scripts/registry.sh),
// through containerd's PullImage: success, a missing tag, an unreachable registry, wrong and
// right credentials (Secret and the node's config.json), a malformed reference — each with
// kubelet's reason, events and messages — while a pod beside them runs undisturbed.
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "@podscope/core";
import { buildBusyboxImage } from "../src/images/local-images";
import { pullImageOnNode } from "../src/images/pull-main";
import { ImagePullError } from "../src/kubelet/image-manager";
import { cs, pod, sh, startTestNode, waitForPod, type KubeletTestNode } from "./kubelet-helpers";
import { freePort, pushImage, startRegistry, type TestRegistry } from "./registry-fixture";

let t: KubeletTestNode;
let open: TestRegistry;
let locked: TestRegistry;
const b64 = (s: string) => Buffer.from(s).toString("base64");

beforeAll(async () => {
  [open, locked] = await Promise.all([startRegistry(), startRegistry("puller:s3cret")]);
  const tarball = readFileSync((await buildBusyboxImage()).file);
  await pushImage(tarball, open.host, "team/app", "v1");
  for (const tag of ["v1", "v2", "v3"]) await pushImage(tarball, locked.host, "private/app", tag, "puller:s3cret");
  t = await startTestNode("reg");
  await t.node.createPod(pod("bystander", { containers: [sh("c", "sleep 3600")] }));
}, 120_000);
afterAll(async () => {
  await t?.close();
  await Promise.all([open?.stop(), locked?.stop()]);
});

const events = (name: string) => t.node.listEvents({ name }).map((e) => `${e.type} ${e.reason}: ${e.message}`);
const waiting = (p: Pod, c = "c") => cs(p, c).state?.waiting;
const runs = (p: Pod) => cs(p, "c").state?.running !== undefined;

describe("pulls through the CRI", () => {
  it("pulls a missing image and runs it, with kubelet's Pulling/Pulled events", async () => {
    const image = `${open.host}/team/app:v1`;
    await t.node.createPod(pod("pulled", { containers: [sh("c", "sleep 3600", { image })] }));
    const p = await waitForPod(t.node, "pulled", "running", runs, 60_000);
    expect(cs(p, "c").image).toBe(image);
    const ev = events("pulled");
    expect(ev).toContain(`Normal Pulling: Pulling image "${image}"`);
    expect(ev.find((e) => e.startsWith("Normal Pulled:"))).toMatch(
      new RegExp(
        `^Normal Pulled: Successfully pulled image "${image.replace(/[.]/g, "\\.")}" in [0-9.]+m?s \\([0-9.]+m?s including waiting\\)\\. Image size: \\d+ bytes\\.$`,
      ),
    );
    // Present now: IfNotPresent uses it without a second pull.
    await t.node.createPod(pod("again", { containers: [sh("c", "sleep 3600", { image })] }));
    await waitForPod(t.node, "again", "running", runs);
    expect(events("again")).toContain(`Normal Pulled: Container image "${image}" already present on machine`);
  }, 90_000);

  it("a tag the registry does not have: ErrImagePull with containerd's not found, then ImagePullBackOff", async () => {
    const image = `${open.host}/team/app:nope`;
    await t.node.createPod(pod("notag", { containers: [sh("c", "true", { image })] }));
    const p = await waitForPod(t.node, "notag", "ErrImagePull", (p) => waiting(p)?.reason === "ErrImagePull", 30_000);
    const notFound = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
    expect(waiting(p)?.message).toBe(notFound);
    const b = await waitForPod(t.node, "notag", "ImagePullBackOff", (p) => waiting(p)?.reason === "ImagePullBackOff", 30_000);
    expect(waiting(b)?.message).toBe(`Back-off pulling image "${image}": ErrImagePull: ${notFound}`);
    expect(b.status?.phase).toBe("Pending");
    const ev = events("notag");
    expect(ev).toEqual(
      expect.arrayContaining([
        `Normal Pulling: Pulling image "${image}"`,
        `Warning Failed: Failed to pull image "${image}": ${notFound}`,
        "Warning Failed: Error: ErrImagePull",
        `Normal BackOff: Back-off pulling image "${image}"`,
        "Warning Failed: Error: ImagePullBackOff",
      ]),
    );
  }, 60_000);

  it("an unreachable registry: ErrImagePull naming the refused connection", async () => {
    const image = `127.0.0.1:${await freePort()}/team/app:v1`;
    await t.node.createPod(pod("unreachable", { containers: [sh("c", "true", { image })] }));
    const p = await waitForPod(t.node, "unreachable", "ErrImagePull", (p) => waiting(p)?.reason === "ErrImagePull", 30_000);
    const [host, path] = [image.slice(0, image.indexOf("/")), "team/app/manifests/v1"];
    expect(waiting(p)?.message).toBe(
      `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "http://${host}/v2/${path}": dial tcp ${host}: connect: connection refused`,
    );
  }, 60_000);

  it("wrong credentials (no Secret, then a wrong one): 401; the right Secret pulls", async () => {
    const image = `${locked.host}/private/app:v1`;
    await t.node.createPod(pod("nocreds", { containers: [sh("c", "true", { image })] }));
    const p = await waitForPod(t.node, "nocreds", "ErrImagePull", (p) => waiting(p)?.reason === "ErrImagePull", 30_000);
    const unauthorized = (img: string) =>
      `failed to pull and unpack image "${img}": failed to resolve reference "${img}": pulling from host ${locked.host} failed with status code [manifests ${img.split(":").pop()}]: 401 Unauthorized`;
    expect(waiting(p)?.message).toBe(unauthorized(image));

    const config = (user: string, pw: string) => JSON.stringify({ auths: { [locked.host]: { auth: b64(`${user}:${pw}`) } } });
    await t.node.applySecret({
      type: "kubernetes.io/dockerconfigjson",
      metadata: { name: "wrong" },
      data: { ".dockerconfigjson": b64(config("puller", "nope")) },
    });
    await t.node.applySecret({
      type: "kubernetes.io/dockerconfigjson",
      metadata: { name: "regcred" },
      data: { ".dockerconfigjson": b64(config("puller", "s3cret")) },
    });
    await t.node.createPod(
      pod("wrongcreds", { imagePullSecrets: [{ name: "wrong" }, { name: "absent" }], containers: [sh("c", "true", { image })] } as never),
    );
    const w = await waitForPod(t.node, "wrongcreds", "ErrImagePull", (p) => waiting(p)?.reason === "ErrImagePull", 30_000);
    expect(waiting(w)?.message).toBe(unauthorized(image));
    expect(events("wrongcreds")).toContain(
      "Warning FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (absent); attempting to pull the image may not succeed.",
    );

    await t.node.createPod(
      pod("withcreds", {
        imagePullSecrets: [{ name: "regcred" }],
        containers: [sh("c", "sleep 3600", { image: `${locked.host}/private/app:v2` })],
      } as never),
    );
    await waitForPod(t.node, "withcreds", "running", runs, 60_000);
  }, 120_000);

  it("the node's config.json gives credentials to every pod, and to `podscope image pull`", async () => {
    writeFileSync(
      join(t.opts.home, "config.json"),
      JSON.stringify({ auths: { [`http://${locked.host}`]: { username: "puller", password: "s3cret" } } }),
    );
    const pulled = await t.node.pullImage(`${locked.host}/private/app:v3`);
    expect(pulled.image).toBe(`${locked.host}/private/app:v3`);
    expect(pulled.sizeBytes).toBeGreaterThan(0);
    // The CLI's path (no server): the same containerd, the same credentials file.
    const viaCli = await pullImageOnNode(`${locked.host}/private/app:v2`, {
      home: t.opts.home,
      bridge: t.opts.bridge,
      podSubnet: t.opts.podSubnet,
    });
    expect(viaCli.image).toBe(`${locked.host}/private/app:v2`);
    const refused = await pullImageOnNode(`${locked.host}/private/app:v9`, {
      home: t.opts.home,
      bridge: t.opts.bridge,
      podSubnet: t.opts.podSubnet,
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(ImagePullError);
    expect(refused.reason).toBe("ErrImagePull");
    expect(refused.message).toMatch(
      new RegExp(`^Failed to pull image "${locked.host}/private/app:v9": rpc error: code = NotFound desc = `),
    );
    await t.node.createPod(
      pod("nodecreds", { containers: [sh("c", "sleep 3600", { image: `${locked.host}/private/app:v3`, imagePullPolicy: "Always" })] }),
    );
    await waitForPod(t.node, "nodecreds", "running", runs, 60_000);
    expect(events("nodecreds")).toContain(`Normal Pulling: Pulling image "${locked.host}/private/app:v3"`);
  }, 90_000);

  it("a malformed reference is InvalidImageName, never pulled", async () => {
    const image = `${open.host}/Team/App:v1`;
    await t.node.createPod(pod("badname", { containers: [sh("c", "true", { image })] }));
    const p = await waitForPod(t.node, "badname", "InvalidImageName", (p) => waiting(p)?.reason === "InvalidImageName");
    expect(waiting(p)?.message).toBe(
      `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format: repository name (Team/App) must be lowercase`,
    );
    expect(events("badname")).toEqual(
      expect.arrayContaining([`Warning InspectFailed: ${waiting(p)?.message}`, "Warning Failed: Error: InvalidImageName"]),
    );
  });

  it("deleting a pod cancels its pull from a registry that never answers", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => {
      sockets.push(s);
    }).listen(0, "127.0.0.1");
    await once(silent, "listening");
    const image = `127.0.0.1:${(silent.address() as AddressInfo).port}/hang/app:v1`;
    try {
      await t.node.createPod(pod("hanging", { containers: [sh("c", "true", { image })] }));
      await waitForPod(t.node, "hanging", "pulling", () => events("hanging").includes(`Normal Pulling: Pulling image "${image}"`));
      const t0 = Date.now();
      await t.node.deletePod("default", "hanging", { gracePeriodSeconds: 0 });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(t.node.getPod("default", "hanging")).toBeUndefined();
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  }, 60_000);

  it("left the rest of the node alone: the bystander ran throughout", async () => {
    const p = t.node.getPod("default", "bystander")!;
    expect(runs(p)).toBe(true);
    expect(cs(p, "c").restartCount).toBe(0);
  });
});
