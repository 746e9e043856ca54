/**
 * Call-level validation of Mesos 1.11.0 (mesos-protocol.md 3.0 and 6.2) under
 * the names the fake master and the fake agent use; the rules themselves are
 * mini-mesos' (src/testing/protocol).
 */
export {
  /** `validation::scheduler::call::validate`; `principal` is the authenticated one, if any. */
  validateSchedulerCall as schedulerCallError,
  /** The text of steps 12 of 1.2 and 1.9 when an authenticated principal differs from `FrameworkInfo.principal`. */
  principalMismatch as principalError,
  /** `validateExecutorCall`, check-status rules included. */
  validateExecutorCall as executorCallError,
} from "../../testing/protocol/index.js";
