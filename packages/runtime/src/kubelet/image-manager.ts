// kubelet's image manager (EnsureImageExists): before a container is created its image is used
// as present, pulled through the CRI (containerd's PullImage — the node never fetches images
// itself), refused (Never) or held back by the per-pod, per-image pull back-off (10 s doubling to
// 300 s, as kubelet's imageBackOff). The decision is pure (images/pull-policy.ts); this file
// carries it out and records kubelet's events.
import { effectivePullPolicy, RestartBackoff, type Container, type Pod } from "@podscope/core";
import type { CRI } from "../cri";
import { lookupCredentials, toAuthConfig, type DockerKeyring } from "../images/credentials";
import { decideImagePull, isNodeLocalImage } from "../images/pull-policy";
import {
  alreadyPresentMessage,
  backOffPullingMessage,
  criPullErrorText,
  failedToPullMessage,
  invalidImageNameMessage,
  missingPullSecretsMessage,
  neverPullMessage,
  pulledMessage,
  pullingMessage,
  withDefaultTag,
} from "../images/pull-messages";
import { localImageAlias, normalizeImageReference, parseImageReference } from "../images/reference";
import type { EventRecorder } from "./events";

/** kubelet's imageBackOffPeriod and MaxImageBackOff. */
export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
export const IMAGE_BACKOFF_MAX_MS = 300_000;

/** The pod's imagePullSecrets as the node has them: keyrings of the Secrets found, names of those missing. */
export interface PodPullSecrets {
  keyrings: DockerKeyring[];
  missing: string[];
}

export interface ImageManagerDeps {
  cri: Pick<CRI.ImageService, "imageStatus" | "pullImage">;
  recorder: EventRecorder;
  now: () => Date;
  /** The node's own credentials (its docker config file), read at each pull so edits apply at once. */
  nodeKeyring?: () => DockerKeyring;
  /** Wall-clock ms for pull durations (default Date.now: a pull takes real time whatever the pod clock says). */
  wallMs?: () => number;
}

export type EnsureImageResult =
  | { ok: true; image: string }
  | {
      ok: false;
      /** The container's waiting reason: ErrImagePull, ImagePullBackOff, ErrImageNeverPull, InvalidImageName. */
      reason: string;
      message: string;
      /** When a pull may be tried again (ms since the epoch), for a reason that comes from the back-off. */
      retryAtMs?: number;
    };

export class ImageManager {
  private readonly backoff = new RestartBackoff({}, IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS);
  /** The last pull error per back-off key, quoted by the ImagePullBackOff message (kubelet's prevPullErrMsg). */
  private readonly lastError = new Map<string, string>();

  constructor(private readonly deps: ImageManagerDeps) {}

  /**
   * Makes sure the container's image is there; returns the name to create the container with, or
   * why it cannot be (the pod worker shows it as the container's waiting state).
   */
  async ensureImageExists(
    pod: Pod,
    c: Container,
    fieldPath: string,
    secrets: () => PodPullSecrets,
    signal?: AbortSignal,
  ): Promise<EnsureImageResult> {
    const { cri, recorder } = this.deps;
    const requested = c.image ?? "";
    const event = (type: "Normal" | "Warning", reason: string, message: string) =>
      recorder.record(pod, type, reason, message, { fieldPath });
    let image: string;
    try {
      image = withDefaultTag(requested);
    } catch {
      const message = invalidImageNameMessage(requested);
      event("Warning", "InspectFailed", message);
      return { ok: false, reason: "InvalidImageName", message };
    }
    // Our own images under their aliases; anything else under the name containerd stores it by.
    const stored = localImageAlias(requested) ?? normalizeImageReference(requested);
    const present = (await cri.imageStatus(stored)) !== null;
    const key = `${pod.metadata.uid ?? ""}_${image}`;
    const nowMs = this.deps.now().getTime();
    const entry = this.backoff.state[key];
    const decision = decideImagePull({
      policy: effectivePullPolicy(c).policy,
      present,
      nodeLocal: isNodeLocalImage(requested),
      inBackOff: !!entry && this.backoff.isInBackoffSince(key, entry.lastUpdateMs, nowMs),
    });

    if (decision === "use-present") {
      event("Normal", "Pulled", alreadyPresentMessage(requested));
      return { ok: true, image: stored };
    }
    if (decision === "never-pull") {
      const message = neverPullMessage(requested);
      event("Warning", "ErrImageNeverPull", message);
      return { ok: false, reason: "ErrImageNeverPull", message };
    }
    if (decision === "back-off") {
      event("Normal", "BackOff", backOffPullingMessage(image));
      const last = this.lastError.get(key);
      return {
        ok: false,
        reason: "ImagePullBackOff",
        message: `${backOffPullingMessage(image)}${last ? `: ${last}` : ""}`,
        retryAtMs: entry!.lastUpdateMs + entry!.backoffMs,
      };
    }

    const found = secrets();
    if (found.missing.length) recorder.record(pod, "Warning", "FailedToRetrieveImagePullSecret", missingPullSecretsMessage(found.missing));
    const repo = (() => {
      const r = parseImageReference(requested);
      return `${r.domain}/${r.path}`;
    })();
    const creds = lookupCredentials([...found.keyrings, this.deps.nodeKeyring?.() ?? []], repo);
    this.lastError.delete(key);
    event("Normal", "Pulling", pullingMessage(image));
    const wall = this.deps.wallMs ?? Date.now;
    const started = wall();
    const errors: string[] = [];
    let pulled = false;
    // kubelet tries each matching credential in turn, and pulls anonymously when none matches.
    for (const auth of creds.length ? creds.map(toAuthConfig) : [undefined]) {
      try {
        await cri.pullImage({ image, user_specified_image: requested }, auth, undefined, signal);
        pulled = true;
        break;
      } catch (err) {
        errors.push(criPullErrorText(err));
        if (signal?.aborted) break;
      }
    }
    if (!pulled) {
      // kubelet's aggregate of several failures prints as [a, b].
      const message = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
      event("Warning", "Failed", failedToPullMessage(image, message));
      const armed = this.backoff.next(key, this.deps.now().getTime());
      this.lastError.set(key, `ErrImagePull: ${message}`);
      return { ok: false, reason: "ErrImagePull", message, retryAtMs: armed.lastUpdateMs + armed.backoffMs };
    }
    const pullMs = wall() - started;
    const size = (await cri.imageStatus(stored))?.size ?? 0;
    event("Normal", "Pulled", pulledMessage(image, pullMs, pullMs, size));
    return { ok: true, image: stored };
  }

  /**
   * A pull asked for by a person (`podscope image pull`, as `crictl pull`): always pulls, with the
   * node's credentials, no back-off. Throws ImagePullError with the runtime's words.
   */
  async pullForNode(requested: string): Promise<{ image: string; sizeBytes: number; durationMs: number }> {
    let image: string;
    try {
      image = withDefaultTag(requested);
    } catch {
      throw new ImagePullError(requested, "InvalidImageName", invalidImageNameMessage(requested));
    }
    if (isNodeLocalImage(requested)) {
      throw new ImagePullError(
        requested,
        "ErrImageNeverPull",
        `${JSON.stringify(requested)} names one of the local node's own images (localhost/…, busybox, pause), which are imported, never pulled`,
      );
    }
    const r = parseImageReference(requested);
    const creds = lookupCredentials([this.deps.nodeKeyring?.() ?? []], `${r.domain}/${r.path}`);
    const wall = this.deps.wallMs ?? Date.now;
    const started = wall();
    const errors: string[] = [];
    for (const auth of creds.length ? creds.map(toAuthConfig) : [undefined]) {
      try {
        await this.deps.cri.pullImage({ image, user_specified_image: requested }, auth);
        const stored = normalizeImageReference(requested);
        return { image: stored, sizeBytes: (await this.deps.cri.imageStatus(stored))?.size ?? 0, durationMs: wall() - started };
      } catch (err) {
        errors.push(criPullErrorText(err));
      }
    }
    throw new ImagePullError(
      requested,
      "ErrImagePull",
      failedToPullMessage(image, errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`),
    );
  }

  /** The back-off of a pod that is gone (kubelet's GC of stale entries). */
  forgetPod(uid: string): void {
    for (const k of Object.keys(this.backoff.state)) if (k.startsWith(`${uid}_`)) this.backoff.forget(k);
    for (const k of [...this.lastError.keys()]) if (k.startsWith(`${uid}_`)) this.lastError.delete(k);
  }
}

/** A pull asked for outside a pod failed; `reason` is the waiting reason a container would show. */
export class ImagePullError extends Error {
  constructor(
    readonly image: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = "ImagePullError";
  }
}
