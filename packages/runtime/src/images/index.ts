// Local images: built without a registry, imported from tarballs, resolved from Pod references.
export { PAUSE_IMAGE, BUSYBOX_IMAGE, ensureLocalImageTarballs, buildPauseImage, buildBusyboxImage, buildPauseBinary, podscopeCacheDir, type LocalImageTarball, type LocalImageOptions } from "./local-images";
export { listImages, importImage, resolveImage, detectImageArchive, toLocalImage, ImageNeverPullError, ImageImportError, type LocalImage, type ResolvedImage, type ImportTarget, type ArchiveKind } from "./store";
export { parseImageReference, normalizeImageReference, localImageAlias, InvalidImageReferenceError, type ImageReference } from "./reference";
export { buildOciImage, ociArchitecture, DEFAULT_PATH_ENV, type ImageConfigSpec, type BuiltImage } from "./oci-layout";
export { writeTar, readTarFiles, type TarEntry } from "./tar";
