export { resolveProtos, type ProtoOrigin, type ProtoSet, type ResolveOptions } from "./resolve-protos.js";
export {
  compareVersions,
  knownVersions,
  versionPin,
  type PinnedFile,
  type ProtoManifest,
  type VersionPin,
} from "./manifest.js";
export { LOCAL_PROTOS_HINT, ProtoResolveError, type ProtoErrorCode, type ProtoErrorDetails } from "./errors.js";
export { defaultCacheDir } from "./cache.js";
export { DEFAULT_MIRROR, DEFAULT_TIMEOUT_MS, pinnedFileUrl } from "./download.js";
export { checkAgainstPin, type PinDifference } from "./pin-check.js";
