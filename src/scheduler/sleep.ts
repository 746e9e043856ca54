/** Abortable delays for the retry loops. */
import { setTimeout as delay } from "node:timers/promises";

/** Waits `ms`; rejects with the signal's reason when it is aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : undefined);
}
