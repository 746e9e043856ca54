/**
 * Errors of the scheduler client. A dropped connection is not an error to
 * the application (the client reconnects); these are the outcomes it cannot
 * fix by retrying, each with a stable `code`.
 */

/** Stable codes of {@link SchedulerError}. */
export type SchedulerErrorCode =
  /** Mesos refused the subscription with an ERROR event (e.g. not authorized). */
  | "ERR_SCHEDULER_SUBSCRIBE_REFUSED"
  /** Mesos answered SUBSCRIBE with a status that retrying cannot fix (400, 401, 403, 406, 415). */
  | "ERR_SCHEDULER_SUBSCRIBE_REJECTED"
  /** The framework was removed (torn down, or its failover timeout passed); its ID is forgotten. */
  | "ERR_SCHEDULER_FRAMEWORK_REMOVED"
  /** Another scheduler subscribed with this framework ID and took over. */
  | "ERR_SCHEDULER_FAILED_OVER"
  /** Mesos ended the stream with an ERROR event for another reason. */
  | "ERR_SCHEDULER_ERROR_EVENT"
  /** A call was made while not subscribed; calls are never queued. */
  | "ERR_SCHEDULER_NOT_SUBSCRIBED"
  /** ACCEPT or DECLINE named an offer of an earlier subscription; such offers are gone. */
  | "ERR_SCHEDULER_STALE_OFFER"
  /** The call is not valid to send (e.g. SUBSCRIBE through `call`, an ACKNOWLEDGE without uuid). */
  | "ERR_SCHEDULER_BAD_CALL"
  /** `subscribe()` or `run()` was called while events are already being consumed. */
  | "ERR_SCHEDULER_ALREADY_STARTED"
  /** The client was closed. */
  | "ERR_SCHEDULER_CLOSED";

/** An outcome of the scheduler client that retrying does not fix. */
export class SchedulerError extends Error {
  override readonly name = "SchedulerError";

  constructor(
    readonly code: SchedulerErrorCode,
    message: string,
    options?: { cause?: unknown; mesosMessage?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.mesosMessage !== undefined) this.mesosMessage = options.mesosMessage;
  }

  /** The text Mesos sent, when the error came from Mesos. */
  readonly mesosMessage?: string;
}

/** The error for an ERROR event, by its Mesos text. */
export function errorEventError(message: string, firstRecord: boolean): SchedulerError {
  const options = { mesosMessage: message };
  if (message.includes("Framework has been removed")) {
    return new SchedulerError(
      "ERR_SCHEDULER_FRAMEWORK_REMOVED",
      `Mesos removed this framework ("${message}"); its tasks are gone. The saved framework ID was cleared: start again to register as a new framework.`,
      options,
    );
  }
  if (message.includes("Framework failed over")) {
    return new SchedulerError(
      "ERR_SCHEDULER_FAILED_OVER",
      `Another scheduler subscribed with this framework ID and took over ("${message}"). This instance stops; run one active scheduler per framework ID.`,
      options,
    );
  }
  if (firstRecord) {
    return new SchedulerError(
      "ERR_SCHEDULER_SUBSCRIBE_REFUSED",
      `Mesos refused the subscription: ${message}. Check the FrameworkInfo (roles, principal, user) and the master's ACLs.`,
      options,
    );
  }
  return new SchedulerError(
    "ERR_SCHEDULER_ERROR_EVENT",
    `Mesos ended the event stream with an error: ${message}.`,
    options,
  );
}
