/**
 * Where the leading Mesos master is. A detector answers with the base URL of
 * the current leader (`http://host:5050`, no path) and is told when that
 * master failed, so the client can move on to another.
 */

/** Finds the leading master; implementations: {@link StaticMasterDetector}, `ZooKeeperMasterDetector`. */
export interface MasterDetector {
  /**
   * The base URL of the master to talk to now (`http(s)://host:port`, no path).
   * Waits until one is known; rejects with the signal's reason when aborted.
   */
  leader(signal?: AbortSignal): Promise<URL>;
  /** Reports that `master` did not answer or is not the leader; the next `leader()` may pick another. */
  failed(master: URL): void;
  /** Calls `listener` when the leader changes (`undefined`: no leader known); returns a function that stops it. */
  onChange(listener: (leader: URL | undefined) => void): () => void;
  /** Stops watching and releases connections. */
  close(): Promise<void>;
}
