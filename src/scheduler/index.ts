/** The v1 Scheduler API client and its parts. */
export {
  SchedulerClient,
  type SchedulerClientOptions,
  type SchedulerCalls,
  type SchedulerHandlers,
  type SchedulerNotifications,
  type SchedulerState,
} from "./client.js";
export { SchedulerError, type SchedulerErrorCode } from "./errors.js";
export { FileFrameworkIdStore, MemoryFrameworkIdStore, type FrameworkIdStore } from "./framework-id-store.js";
export { Backoff, type BackoffOptions } from "./backoff.js";
