/** Errors of RecordIO framing, with stable codes. */

/** Stable codes of RecordIO errors. */
export type RecordIOErrorCode =
  /** The length prefix is not a decimal number followed by a newline. */
  | "ERR_RECORDIO_LENGTH"
  /** A record is larger than the configured maximum. */
  | "ERR_RECORDIO_TOO_LARGE"
  /** The stream ended in the middle of a length prefix or a record. */
  | "ERR_RECORDIO_TRUNCATED";

/** A malformed RecordIO stream. `offset` is the byte position in the stream where the problem starts. */
export class RecordIOError extends Error {
  override readonly name = "RecordIOError";

  constructor(
    readonly code: RecordIOErrorCode,
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
