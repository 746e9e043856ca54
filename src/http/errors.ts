/**
 * Errors of the HTTP transport. Every class has a stable `code`; HTTP errors
 * carry the status and the text Mesos answered, which names the problem.
 */

/** Stable codes of {@link MesosHttpError}, one per status Mesos uses. */
export type MesosHttpErrorCode =
  | "ERR_MESOS_BAD_REQUEST"
  | "ERR_MESOS_UNAUTHORIZED"
  | "ERR_MESOS_FORBIDDEN"
  | "ERR_MESOS_NOT_FOUND"
  | "ERR_MESOS_METHOD_NOT_ALLOWED"
  | "ERR_MESOS_NOT_ACCEPTABLE"
  | "ERR_MESOS_UNSUPPORTED_MEDIA_TYPE"
  | "ERR_MESOS_NOT_IMPLEMENTED"
  | "ERR_MESOS_UNAVAILABLE"
  | "ERR_MESOS_HTTP_STATUS";

const CODES: Record<number, MesosHttpErrorCode> = {
  400: "ERR_MESOS_BAD_REQUEST",
  401: "ERR_MESOS_UNAUTHORIZED",
  403: "ERR_MESOS_FORBIDDEN",
  404: "ERR_MESOS_NOT_FOUND",
  405: "ERR_MESOS_METHOD_NOT_ALLOWED",
  406: "ERR_MESOS_NOT_ACCEPTABLE",
  415: "ERR_MESOS_UNSUPPORTED_MEDIA_TYPE",
  501: "ERR_MESOS_NOT_IMPLEMENTED",
  503: "ERR_MESOS_UNAVAILABLE",
};

const ADVICE: Partial<Record<MesosHttpErrorCode, string>> = {
  ERR_MESOS_UNAUTHORIZED: "check the principal and secret (options.credentials or the credentials file)",
  ERR_MESOS_FORBIDDEN: "the principal may not do this, or the framework is no longer subscribed",
  ERR_MESOS_NOT_FOUND: "check the master URL: the API lives under /api/v1",
  ERR_MESOS_UNAVAILABLE: "no leading master is ready yet; the client retries with backoff",
};

/** Mesos answered a request with an error status. */
export class MesosHttpError extends Error {
  override readonly name = "MesosHttpError";
  readonly code: MesosHttpErrorCode;

  constructor(
    /** HTTP status, e.g. 400. */
    readonly status: number,
    /** The response body: Mesos' own explanation, e.g. `Framework is not subscribed`. */
    readonly mesosMessage: string,
    /** What was sent, e.g. `SUBSCRIBE` or `ACCEPT`. */
    readonly call: string,
    /** The URL the request went to. */
    readonly url: string,
  ) {
    const code = CODES[status] ?? "ERR_MESOS_HTTP_STATUS";
    const advice = ADVICE[code];
    super(
      `Mesos answered ${status} to ${call} at ${url}: ${mesosMessage.trim() || "(no body)"}` +
        (advice ? ` (${advice})` : ""),
    );
    this.code = code;
  }
}

/** Stable codes of {@link MesosTransportError}. */
export type MesosTransportErrorCode =
  /** The connection failed or broke (refused, reset, DNS, TLS). */
  | "ERR_MESOS_CONNECTION"
  /** The request took longer than its timeout. */
  | "ERR_MESOS_TIMEOUT"
  /** A 307 came without a usable `Location`. */
  | "ERR_MESOS_BAD_REDIRECT"
  /** More redirects than allowed (masters pointing at each other). */
  | "ERR_MESOS_REDIRECT_LOOP"
  /** The response is not in the encoding that was asked for. */
  | "ERR_MESOS_CONTENT_TYPE"
  /** A response or event does not decode. */
  | "ERR_MESOS_DECODE"
  /** Credentials could not be read or cannot work with Mesos. */
  | "ERR_MESOS_CREDENTIALS"
  /** A master address does not parse. */
  | "ERR_MESOS_BAD_MASTER";

/** A transport problem that is not an HTTP status: connection, timeout, redirect, encoding. */
export class MesosTransportError extends Error {
  override readonly name = "MesosTransportError";

  constructor(
    readonly code: MesosTransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether a failure means "this master cannot serve us now, try again or another one". */
export function isRetryable(error: unknown): boolean {
  if (error instanceof MesosHttpError) return error.status === 503 || error.status === 404 || error.status === 307;
  if (error instanceof MesosTransportError)
    return error.code === "ERR_MESOS_CONNECTION" || error.code === "ERR_MESOS_TIMEOUT";
  return false;
}
