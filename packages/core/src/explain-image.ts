// A container whose image is not on the node. kubelet reports ErrImageNeverPull only for imagePullPolicy: Never;
// podscope's local node reports it for images it does not pull whatever the policy (any image, before it pulls
// through containerd; its own busybox, pause and localhost/ names always). So the words must say what happened on
// this node without claiming the pod set Never — which needs the pod's own policy, defaulted as the API server
// does when the manifest leaves it out.
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


/**
 * The waiting message of a container whose image is missing on podscope's local node. With imagePullPolicy
 * Never it starts with kubelet's own words for ErrImageNeverPull; with any other policy it says the node does
 * not pull, naming the pod's real policy.
 */
export function imageNotPresentMessage(image: string, pull: EffectivePullPolicy, available: string[]): string {
  const present = `images present: ${available.length ? available.join(", ") : "none"}; add one with \`podscope image import FILE\``;
  if (pull.policy === "Never" && !pull.defaulted) {
    return `Container image ${JSON.stringify(image)} is not present with pull policy of Never (the local node has no registry; ${present})`;
  }
  return `Container image ${JSON.stringify(image)} is not present on the local node, which does not pull it (imagePullPolicy ${pull.policy}${pull.defaulted ? ", defaulted" : ""}; ${present})`;
}

/** The explanation's words for ErrImageNeverPull, given the pod's container spec (when known) and the status message. */
export function explainImageNeverPull(image: string, spec: Pick<Container, "image" | "imagePullPolicy"> | undefined, message: string | undefined): string {
  const pull = effectivePullPolicy({ image: spec?.image || image, imagePullPolicy: spec?.imagePullPolicy });
  if (pull.policy === "Never" && !pull.defaulted) {
    return `The image ${JSON.stringify(image)} is not on the node and the pod's imagePullPolicy is Never, so kubelet does not try to pull it.${message ? ` ${message}` : ""}`;
  }
  // A real kubelet would pull here (ErrImagePull if that failed); only a node that never pulls says ErrImageNeverPull
  // for this policy — podscope's local node. Its message names the images it has.
  const present = /images present: ([^;)]*)/.exec(message ?? "")?.[1];
  return (
    `The image ${JSON.stringify(image)} is not present on this node, and this node does not pull it from a registry. ` +
    `The pod's imagePullPolicy is ${pull.policy}${pull.defaulted ? ` (not set: the default for ${pull.policy === "Always" ? "an image without a tag or with :latest" : "an image with a tag other than :latest"})` : ""}, so a regular node would pull it. ` +
    `Import it with \`podscope image import FILE\`${present ? ` (images present: ${present})` : ""}.`
  );
}
