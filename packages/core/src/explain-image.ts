// A container whose image is not available, in the words of what the node really does. kubelet (and podscope's
// local node, which pulls through CRI the same way) uses a present image with IfNotPresent, pulls a missing one,
// pulls on every start with Always, and never pulls with Never (ErrImageNeverPull). A failed pull is ErrImagePull;
// the next attempts wait out a per-image back-off (10 s doubling up to 5 min), shown as ImagePullBackOff.
// The local node's one difference: the images it provides itself (busybox and pause under any tag, any name under
// localhost/) are imported, never pulled, whatever the policy — a missing one is ErrImageNeverPull without Never.
// The explanation needs the pod's own policy, defaulted as the API server does when the manifest leaves it out.
import type { Container } from "./types";

export type ImagePullPolicy = "Always" | "IfNotPresent" | "Never";

export interface EffectivePullPolicy {
  policy: ImagePullPolicy;
  /** true when the pod left imagePullPolicy out and this is the API server's default. */
  defaulted: boolean;
}

/** The tag of an image reference, "" when it has only a digest; "latest" when it has neither (docker's rule). */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > lastSlash) return name.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

/** imagePullPolicy as the pod has it, or the API server's default (SetDefaults_Container): `:latest` or no tag → Always, else IfNotPresent. */
export function effectivePullPolicy(c: Pick<Container, "image" | "imagePullPolicy">): EffectivePullPolicy {
  const set = c.imagePullPolicy;
  if (set === "Always" || set === "IfNotPresent" || set === "Never") return { policy: set, defaulted: false };
  return { policy: imageTag(c.image ?? "") === "latest" ? "Always" : "IfNotPresent", defaulted: true };
}

/** The explanation's words for ErrImageNeverPull, given the pod's container spec (when known) and the status message. */
export function explainImageNeverPull(
  image: string,
  spec: Pick<Container, "image" | "imagePullPolicy"> | undefined,
  message: string | undefined,
): string {
  const pull = effectivePullPolicy({ image: spec?.image || image, imagePullPolicy: spec?.imagePullPolicy });
  if (pull.policy === "Never" && !pull.defaulted) {
    return (
      `The image ${JSON.stringify(image)} is not on the node and the pod's imagePullPolicy is Never, so kubelet does not try to pull it.${message ? ` ${message}` : ""} ` +
      `Put the image on the node (\`podscope image import FILE\` on the local node) or set imagePullPolicy to IfNotPresent so the node pulls it.`
    );
  }
  // kubelet says ErrImageNeverPull only for Never. With another policy it comes from podscope's local node, for a
  // name it resolves to its own images: those it imports and never sends to a registry.
  return (
    `The image ${JSON.stringify(image)} is not present on this node, and it is one of the names podscope's local node provides itself ` +
    `(busybox and pause under any tag, any name under localhost/), which it never pulls from a registry. ` +
    `The pod's imagePullPolicy is ${pull.policy}${pull.defaulted ? ` (not set: the default for ${pull.policy === "Always" ? "an image without a tag or with :latest" : "an image with a tag other than :latest"})` : ""}, which does not change that. ` +
    `Import it with \`podscope image import FILE\`, or use a registry name the node can pull.`
  );
}

/** What to check when a pull fails: the same three things whichever way the failure is reported. */
const PULL_CHECKS =
  "Check the image name and tag, that the registry is reachable from the node, and the credentials (the pod's imagePullSecrets, or the node's registry config).";

/** The explanation's words for ErrImagePull (a pull just failed) and ImagePullBackOff (waiting before the next one). */
export function explainImagePull(image: string, reason: "ErrImagePull" | "ImagePullBackOff", message: string | undefined): string {
  if (reason === "ErrImagePull") {
    return (
      `The node tried to pull ${JSON.stringify(image)} from its registry and the pull failed${message ? `: ${message}` : "."} ${PULL_CHECKS} ` +
      `kubelet tries again after a back-off (10 s, doubling up to 5 min for this image), showing ImagePullBackOff in between.`
    );
  }
  return (
    `The last pull of ${JSON.stringify(image)} failed, so kubelet waits before trying again (a back-off of 10 s, doubling up to 5 min for this image)${message ? `: ${message}` : "."} ` +
    `${PULL_CHECKS} Deleting and re-creating the pod starts the back-off afresh.`
  );
}
