/** Errors of the executor client, each with a stable `code`. */

/** Stable codes of {@link ExecutorError}. */
export type ExecutorErrorCode =
  /** The agent answered SUBSCRIBE with a status that retrying cannot fix. */
  | "ERR_EXECUTOR_SUBSCRIBE_REJECTED"
  /** The call is not valid to send (e.g. TASK_STAGING). */
  | "ERR_EXECUTOR_BAD_CALL"
  /** `subscribe()` or `run()` was called twice. */
  | "ERR_EXECUTOR_ALREADY_STARTED"
  /** The client was closed. */
  | "ERR_EXECUTOR_CLOSED";

/** An outcome of the executor client that retrying does not fix. */
export class ExecutorError extends Error {
  override readonly name = "ExecutorError";

  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
