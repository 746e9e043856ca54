/** The v1 Executor API client and what it reads from the agent's environment. */
export {
  ExecutorClient,
  type ExecutorClientOptions,
  type ExecutorHandlers,
  type ExecutorNotifications,
  type ExecutorStatus,
} from "./client.js";
export { ExecutorError, type ExecutorErrorCode } from "./errors.js";
export {
  ExecutorEnvironmentError,
  readExecutorEnvironment,
  type ExecutorEnvironment,
  type ExecutorEnvironmentErrorCode,
} from "./environment.js";
export { DurationError, formatDuration, parseDuration, type DurationErrorCode } from "./duration.js";
