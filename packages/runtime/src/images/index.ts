// Local images: built without a registry, imported from tarballs, resolved from Pod references.
export {
  PAUSE_IMAGE,
  BUSYBOX_IMAGE,
  ensureLocalImageTarballs,
  buildPauseImage,
  buildBusyboxImage,
  buildPauseBinary,
  podscopeCacheDir,
  type LocalImageTarball,
  type LocalImageOptions,
} from "./local-images";
export {
  listImages,
  importImage,
  detectImageArchive,
  toLocalImage,
  ImageImportError,
  type LocalImage,
  type ImportTarget,
  type ArchiveKind,
} from "./store";
export { decideImagePull, isNodeLocalImage, type PullDecision, type PullDecisionInput } from "./pull-policy";
export {
  parseDockerConfig,
  secretKeyring,
  lookupCredentials,
  keyringKey,
  toAuthConfig,
  DockerConfigError,
  type DockerKeyring,
  type RegistryCredential,
} from "./credentials";
export { withDefaultTag, invalidImageNameMessage, criPullErrorText, pulledMessage } from "./pull-messages";
export {
  parseImageReference,
  normalizeImageReference,
  localImageAlias,
  InvalidImageReferenceError,
  type ImageReference,
} from "./reference";
export { buildOciImage, ociArchitecture, DEFAULT_PATH_ENV, type ImageConfigSpec, type BuiltImage } from "./oci-layout";
export { writeTar, readTarFiles, type TarEntry } from "./tar";
export { registryConfigPath, readRegistryConfig } from "./registry-config";
export { pullImageOnNode, type PullOnNodeOptions } from "./pull-main";
