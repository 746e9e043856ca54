/**
 * Test harness for the scheduler client: a client on a fake master, its
 * events collected in the background, and waits with clear timeouts.
 */
import type { scheduler } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient, type SchedulerClientOptions, type SchedulerNotifications } from "../../scheduler/index.js";
import { Waiters } from "../../testing/waiters.js";

/** A framework as the tests subscribe it. */
export const FRAMEWORK = { user: "test", name: "scheduler-client-test" } as const;

/** Options that keep retries fast in tests. */
export const FAST: Partial<SchedulerClientOptions> = { backoff: { initialMs: 5, capMs: 40 } };

/** A client whose events and notifications are recorded as they come. */
export interface Consumed {
  readonly client: SchedulerClient;
  readonly events: scheduler.Event[];
  readonly notifications: { name: keyof SchedulerNotifications; payload: unknown }[];
  /** Resolves when the event loop ends; never rejects (see `error`). */
  readonly done: Promise<void>;
  /** What the event loop threw, once it ended. */
  readonly error: unknown;
  /** Waits for the `index`-th event (0-based) satisfying `predicate`. */
  waitForEvent(
    predicate: (event: scheduler.Event) => boolean,
    index?: number,
    timeoutMs?: number,
  ): Promise<scheduler.Event>;
  /** Waits for the `index`-th notification of a kind. */
  waitForNotification(name: keyof SchedulerNotifications, index?: number, timeoutMs?: number): Promise<unknown>;
}

const NOTIFICATIONS: (keyof SchedulerNotifications)[] = [
  "connected",
  "subscribed",
  "disconnected",
  "redirected",
  "reconnecting",
  "closed",
];

/** Starts a client and consumes its events in the background. */
export function consume(options: SchedulerClientOptions): Consumed {
  const client = new SchedulerClient({ ...FAST, ...options });
  const events: scheduler.Event[] = [];
  const notifications: Consumed["notifications"] = [];
  const waiters = new Waiters();
  const wake = (): void => waiters.wake();
  for (const name of NOTIFICATIONS) {
    client.on(name, (payload) => {
      notifications.push({ name, payload });
      wake();
    });
  }
  const outcome: { error: unknown } = { error: undefined };
  const done = (async () => {
    try {
      for await (const event of client.subscribe()) {
        events.push(event);
        wake();
      }
    } catch (error) {
      outcome.error = error;
    }
    wake();
  })();
  return {
    client,
    events,
    notifications,
    done,
    get error() {
      return outcome.error;
    },
    waitForEvent: (predicate, index = 0, timeoutMs = 5000) =>
      waiters.waitFor(
        () => events.filter(predicate)[index],
        timeoutMs,
        `event #${index} matching ${predicate.toString()}`,
      ),
    waitForNotification: (name, index = 0, timeoutMs = 5000) =>
      waiters
        .waitFor(() => notifications.filter((n) => n.name === name)[index], timeoutMs, `notification ${name} #${index}`)
        .then((notification) => notification.payload),
  };
}
