/**
 * Errors of master detection. Thrown for a bad `zk://` URL or options, used to
 * reject pending `leader()` calls, and attached (as `error`) to the warnings a
 * detector logs while it keeps running, so logs can be searched by `code`.
 */

/** Stable codes of {@link MasterDetectionError}. */
export type MasterDetectionErrorCode =
  /** The ZooKeeper URL does not parse. */
  | "ERR_MESOS_ZK_URL"
  /** A detector option is out of range. */
  | "ERR_MESOS_ZK_OPTIONS"
  /** The leader's znode does not hold a usable `MasterInfo` (logged; the previous leader is kept). */
  | "ERR_MESOS_ZK_MASTER_INFO"
  /** ZooKeeper refused or failed a read of the masters' path (logged; retried). */
  | "ERR_MESOS_ZK_ACCESS"
  /** No connection to ZooKeeper for longer than the connect timeout (logged; the leader becomes unknown). */
  | "ERR_MESOS_ZK_UNREACHABLE"
  /** The detector was closed. */
  | "ERR_MESOS_ZK_CLOSED";

/** Master detection failed or cannot start; `code` says why and the message what to do. */
export class MasterDetectionError extends Error {
  override readonly name = "MasterDetectionError";

  constructor(
    readonly code: MasterDetectionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
