/** Stable codes of every error the resolver throws, so callers can branch without parsing messages. */
export type ProtoErrorCode =
  | "ERR_PROTO_NO_VERSION"
  | "ERR_PROTO_UNKNOWN_VERSION"
  | "ERR_PROTO_DIR_NOT_FOUND"
  | "ERR_PROTO_NO_FILES"
  | "ERR_PROTO_DOWNLOAD"
  | "ERR_PROTO_HASH_MISMATCH"
  | "ERR_PROTO_OFFLINE"
  | "ERR_PROTO_CACHE";

/** Extra facts attached to an error, for callers that want more than the message. */
export interface ProtoErrorDetails {
  /** The URL whose download failed. */
  url?: string;
  /** The proto file concerned, relative to the import root. */
  file?: string;
  /** The sha256 pinned in the manifest. */
  expected?: string;
  /** The sha256 of the bytes actually received. */
  actual?: string;
  /** The underlying error (network, file system). */
  cause?: unknown;
}

/** The error thrown by `resolveProtos`: a stable `code` and a message that says what to do next. */
export class ProtoResolveError extends Error {
  override readonly name = "ProtoResolveError";
  /** Stable identifier of the failure, e.g. `ERR_PROTO_OFFLINE`. */
  readonly code: ProtoErrorCode;
  /** The URL whose download failed, when the failure is a download. */
  readonly url: string | undefined;
  /** The proto file concerned, when a single file is at fault. */
  readonly file: string | undefined;
  /** The pinned sha256, for hash mismatches. */
  readonly expected: string | undefined;
  /** The sha256 actually found, for hash mismatches. */
  readonly actual: string | undefined;

  constructor(code: ProtoErrorCode, message: string, details: ProtoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.url = details.url;
    this.file = details.file;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** The sentence every download-related error ends with: how to proceed without the network. */
export const LOCAL_PROTOS_HINT =
  "Point at local Mesos protos instead with --proto-dir <dir> or MESOS_PROTO_DIR=<dir> " +
  "(a Mesos source checkout, an install prefix such as /usr, or a directory holding mesos/v1).";
