// kubelet's own words around images (pkg/kubelet/images/image_manager.go, v1.34), so the local
// node's events and waiting messages read as a real node's. Pure string functions.
import { goDuration } from "@podscope/core";
import { CriError } from "../cri/errors";
import { parseImageReference } from "./reference";

/** kubelet's applyDefaultImageTag: ":latest" appended when the reference has neither tag nor digest ("busybox" → "busybox:latest"). */
export function withDefaultTag(image: string): string {
  const r = parseImageReference(image);
  if (r.digest || r.tag) return image;
  return `${image}:latest`;
}

export const alreadyPresentMessage = (image: string) => `Container image ${JSON.stringify(image)} already present on machine`;
export const neverPullMessage = (image: string) => `Container image ${JSON.stringify(image)} is not present with pull policy of Never`;
export const pullingMessage = (image: string) => `Pulling image ${JSON.stringify(image)}`;
export const failedToPullMessage = (image: string, error: string) => `Failed to pull image ${JSON.stringify(image)}: ${error}`;
export const backOffPullingMessage = (image: string) => `Back-off pulling image ${JSON.stringify(image)}`;
export const missingPullSecretsMessage = (names: string[]) =>
  `Unable to retrieve some image pull secrets (${names.join(", ")}); attempting to pull the image may not succeed.`;

/** The Pulled event after a pull: durations as Go prints them, truncated to the millisecond. */
export function pulledMessage(image: string, pullMs: number, totalMs: number, sizeBytes: number): string {
  return `Successfully pulled image ${JSON.stringify(image)} in ${goDuration(Math.trunc(pullMs))} (${goDuration(Math.trunc(totalMs))} including waiting). Image size: ${sizeBytes} bytes.`;
}

/**
 * The InspectFailed event and InvalidImageName waiting message of a reference kubelet cannot parse
 * (its words wrap distribution/reference's error: "invalid reference format", or the lower-case rule).
 */
export function invalidImageNameMessage(image: string): string {
  return `Failed to apply default image tag ${JSON.stringify(image)}: couldn't parse image name ${JSON.stringify(image)}: ${referenceFormatError(image)}`;
}

function referenceFormatError(image: string): string {
  // distribution/reference checks the repository (after the registry host, before the tag) for
  // upper case first; short Docker Hub names get "library/" in front.
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost" || first.toLowerCase() !== first);
  let remainder = hasDomain ? image.slice(slash + 1) : image;
  if (!hasDomain && !remainder.includes("/")) remainder = `library/${remainder}`;
  const colon = remainder.indexOf(":");
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return "invalid reference format";
}

/** Go's codes.Code names, as a gRPC error prints in Go ("rpc error: code = NotFound desc = …"). */
const GO_CODES: Record<string, string> = {
  OK: "OK",
  CANCELLED: "Canceled",
  UNKNOWN: "Unknown",
  INVALID_ARGUMENT: "InvalidArgument",
  DEADLINE_EXCEEDED: "DeadlineExceeded",
  NOT_FOUND: "NotFound",
  ALREADY_EXISTS: "AlreadyExists",
  PERMISSION_DENIED: "PermissionDenied",
  RESOURCE_EXHAUSTED: "ResourceExhausted",
  FAILED_PRECONDITION: "FailedPrecondition",
  ABORTED: "Aborted",
  OUT_OF_RANGE: "OutOfRange",
  UNIMPLEMENTED: "Unimplemented",
  INTERNAL: "Internal",
  UNAVAILABLE: "Unavailable",
  DATA_LOSS: "DataLoss",
  UNAUTHENTICATED: "Unauthenticated",
};

/**
 * A failed CRI PullImage as kubelet's remote image client reports it: the Go text of the gRPC status,
 * except that an Unknown status is reduced to its message (the code "adds no value", says cri-client).
 */
export function criPullErrorText(err: unknown): string {
  if (err instanceof CriError && err.code === "UNKNOWN") return err.details;
  if (err instanceof CriError) return `rpc error: code = ${GO_CODES[err.code] ?? err.code} desc = ${err.details}`;
  return err instanceof Error ? err.message : String(err);
}
