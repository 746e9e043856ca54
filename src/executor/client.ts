/**
 * The v1 Executor API client: subscribes to the local agent, hands typed
 * events to the application, and sends status updates reliably: each UPDATE
 * gets a fresh uuid and is kept until the agent's ACKNOWLEDGED for it, so
 * that after an agent restart the executor re-subscribes with everything the
 * agent may not have stored.
 */
import { randomUUID } from "node:crypto";
import { executor } from "../generated/mesos-1.11.0/index.js";
import type { mesos } from "../generated/mesos-1.11.0/index.js";
import { ApiEndpoint } from "../http/api-endpoint.js";
import { MEDIA_TYPES, encodeBody, encodingOf, type Encoding } from "../http/content-type.js";
import { MesosHttpError } from "../http/errors.js";
import { readEventStream } from "../http/event-stream.js";
import { StaticMasterDetector } from "../http/static-detector.js";
import { HttpTransport, headerValue, type TlsOptions } from "../http/transport.js";
import { Listeners } from "../listeners.js";
import { silentLogger, type Logger } from "../logger.js";
import { Handoff } from "../scheduler/handoff.js";
import { sleep } from "../scheduler/sleep.js";
import { readExecutorEnvironment, type ExecutorEnvironment } from "./environment.js";
import { ExecutorError } from "./errors.js";

/** How often the official library sends a HEARTBEAT call. */
const HEARTBEAT_CALL_INTERVAL_MS = 30 * 60 * 1000;

/** Options of {@link ExecutorClient}. */
export interface ExecutorClientOptions {
  /** What the agent told this process (default: read from `process.env`). */
  readonly environment?: ExecutorEnvironment;
  /** Encoding of calls and events (default protobuf). */
  readonly encoding?: Encoding;
  /** Check every value of JSON events (default: decoded as trusted Mesos output, see `fromJson`'s `trusted`). */
  readonly validateEvents?: boolean;
  readonly tls?: TlsOptions;
  readonly logger?: Logger;
  /** Interval of HEARTBEAT calls (default 30 min, like the official library; 0 turns them off). */
  readonly heartbeatCallIntervalMs?: number;
  /** Source of randomness in [0, 1) for reconnection delays (tests pass a fixed one). */
  readonly random?: () => number;
}

/** A status update as the application gives it; the client fills in uuid, source, executor and timestamp. */
export type ExecutorStatus = Omit<mesos.TaskStatus, "uuid" | "source" | "executor_id"> & {
  executor_id?: mesos.ExecutorID;
};

/** Lifecycle notifications (`executor.on(name, listener)`). */
export interface ExecutorNotifications {
  subscribed: { url: string; resubscription: boolean };
  disconnected: { reason: string; error?: unknown };
  reconnecting: { attempt: number; delayMs: number };
  /** SHUTDOWN arrived or was decided locally; kill every task and exit within `gracePeriodMs`. */
  shutdown: { reason: string; gracePeriodMs: number };
  closed: { error?: Error };
}

/** Event handlers for {@link ExecutorClient.run}, awaited one event at a time. */
export type ExecutorHandlers = {
  [K in executor.Event_Type]?: (event: Extract<executor.Event, { type: K }>) => void | Promise<void>;
};

/** A Mesos v1 Executor API client. */
export class ExecutorClient {
  /** What the agent told this process. */
  readonly environment: ExecutorEnvironment;

  private readonly encoding: Encoding;
  private readonly logger: Logger;
  private readonly notifications: Listeners<ExecutorNotifications>;
  private readonly transport: HttpTransport;
  private readonly endpoint: ApiEndpoint;
  /** Updates sent and not yet ACKNOWLEDGED, by uuid (hex). */
  private readonly unacknowledgedUpdates = new Map<string, executor.Call_Update>();
  /** Tasks launched for which no update was acknowledged yet, by task ID. */
  private readonly unacknowledgedTasks = new Map<string, mesos.TaskInfo>();
  private handoff: Handoff<executor.Event> | undefined;
  private loopDone: Promise<void> | undefined;
  private abort = new AbortController();
  private closeStream: (() => void) | undefined;
  /** Number of SUBSCRIBED events received. */
  private subscriptions = 0;
  private isSubscribed = false;
  private closing = false;
  private closed = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ExecutorClientOptions = {}) {
    this.environment = options.environment ?? readExecutorEnvironment();
    this.encoding = options.encoding ?? "protobuf";
    this.logger = options.logger ?? silentLogger;
    this.notifications = new Listeners((name, error) =>
      this.logger.error({ notification: name, err: error }, "a lifecycle listener threw"),
    );
    const token = this.environment.authenticationToken;
    this.transport = new HttpTransport({
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    this.endpoint = new ApiEndpoint({
      detector: new StaticMasterDetector([this.environment.agentEndpoint]),
      transport: this.transport,
      apiPath: "/api/v1/executor",
      logger: this.logger,
    });
  }

  /** Listens to a lifecycle notification; returns a function that stops listening. */
  on<K extends keyof ExecutorNotifications>(
    name: K,
    listener: (payload: ExecutorNotifications[K]) => void,
  ): () => void {
    return this.notifications.on(name, listener);
  }

  /** Whether the executor is subscribed now (calls can be sent). */
  get subscribed(): boolean {
    return this.isSubscribed;
  }

  /** Updates not yet acknowledged by the agent. */
  get pendingUpdates(): readonly executor.Call_Update[] {
    return [...this.unacknowledgedUpdates.values()];
  }

  /**
   * Subscribes and yields every event (SUBSCRIBED, LAUNCH, LAUNCH_GROUP,
   * KILL, ACKNOWLEDGED, MESSAGE, SHUTDOWN, ...). After a SHUTDOWN, and when
   * the agent cannot be reached again within the recovery timeout (or at all,
   * for a framework without checkpointing), the iteration ends. Leaving the
   * loop closes the client.
   */
  subscribe(): AsyncIterableIterator<executor.Event> {
    if (this.handoff || this.closing) {
      throw new ExecutorError(
        "ERR_EXECUTOR_ALREADY_STARTED",
        "Events are already being consumed from this executor client.",
      );
    }
    const handoff = new Handoff<executor.Event>(() => void this.close());
    this.handoff = handoff;
    this.loopDone = this.runLoop(handoff);
    return handoff;
  }

  /** Subscribes and calls the handler of each event's type; resolves when the event stream ends. */
  async run(handlers: ExecutorHandlers): Promise<void> {
    for await (const event of this.subscribe()) {
      const handler = event.type === undefined ? undefined : handlers[event.type];
      if (handler) await (handler as (e: executor.Event) => void | Promise<void>)(event);
    }
  }

  /**
   * Sends a status update with a fresh uuid and `SOURCE_EXECUTOR`, and keeps
   * it until the agent acknowledges it. Resolves once the agent accepted the
   * call (202), which is not yet the acknowledgement.
   */
  async update(status: ExecutorStatus): Promise<mesos.TaskStatus> {
    if (status.state === "TASK_STAGING") {
      throw new ExecutorError("ERR_EXECUTOR_BAD_CALL", "Executors may not send TASK_STAGING; the agent rejects it.");
    }
    const full: mesos.TaskStatus = {
      ...status,
      executor_id: status.executor_id ?? { value: this.environment.executorId },
      source: "SOURCE_EXECUTOR",
      uuid: uuidBytes(),
      timestamp: status.timestamp ?? Date.now() / 1000,
    };
    const update: executor.Call_Update = { status: full };
    this.unacknowledgedUpdates.set(hex(full.uuid!), update);
    await this.send({ ...this.envelope(), type: "UPDATE", update });
    return full;
  }

  /** Sends a framework message to the scheduler (best effort: dropped if the scheduler is disconnected). */
  async message(data: Uint8Array): Promise<void> {
    await this.send({ ...this.envelope(), type: "MESSAGE", message: { data } });
  }

  /** Closes the stream and the connections; the event iteration ends. Updates still unacknowledged are dropped. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.abort.abort(new ExecutorError("ERR_EXECUTOR_CLOSED", "The executor client was closed."));
      this.closeStream?.();
      this.handoff?.end();
      this.stopHeartbeats();
    }
    await this.loopDone?.catch(() => {});
    if (!this.closed) {
      this.closed = true;
      await this.transport.close();
      this.notifications.emit("closed", {});
    }
  }

  // ---- calls ----

  private envelope(): { executor_id: mesos.ExecutorID; framework_id: mesos.FrameworkID } {
    return {
      executor_id: { value: this.environment.executorId },
      framework_id: { value: this.environment.frameworkId },
    };
  }

  private async send(call: executor.Call): Promise<void> {
    if (this.closing)
      throw new ExecutorError("ERR_EXECUTOR_CLOSED", `Cannot send ${call.type}: the executor client is closed.`);
    const headers = { "content-type": MEDIA_TYPES[this.encoding], accept: MEDIA_TYPES[this.encoding] };
    await this.endpoint.post(call.type ?? "UNKNOWN", encodeBody(executor.Call, call, this.encoding), headers);
  }

  // ---- the subscription loop ----

  private async runLoop(handoff: Handoff<executor.Event>): Promise<void> {
    let failure: Error | undefined;
    let reason = "";
    try {
      reason = await this.subscriptionLoop(handoff);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      this.logger.error({ err: failure }, failure.message);
    }
    this.isSubscribed = false;
    this.stopHeartbeats();
    if (!this.closing && !failure && reason !== "SHUTDOWN") {
      // Like the official library: without the agent there is nothing left to do.
      this.notifications.emit("shutdown", { reason, gracePeriodMs: this.environment.shutdownGracePeriodMs });
      await handoff.deliver({ type: "SHUTDOWN" });
    }
    this.closing = true;
    handoff.end(failure);
    if (!this.closed) {
      this.closed = true;
      await this.transport.close();
      this.notifications.emit("closed", failure ? { error: failure } : {});
    }
  }

  /** Subscribes, reconnecting while allowed; resolves with why it ended. */
  private async subscriptionLoop(handoff: Handoff<executor.Event>): Promise<string> {
    const env = this.environment;
    let recoveryDeadline: number | undefined;
    for (let attempt = 0; !this.closing; attempt++) {
      if (attempt > 0) {
        if (!env.checkpoint) return "disconnected from the agent, and the framework does not checkpoint";
        recoveryDeadline ??= Date.now() + (env.recoveryTimeoutMs ?? 15 * 60_000);
        const delayMs = Math.floor((this.options.random ?? Math.random)() * (env.subscriptionBackoffMaxMs ?? 2000));
        if (Date.now() + delayMs >= recoveryDeadline) {
          return `the agent did not come back within the recovery timeout (${env.recoveryTimeoutMs ?? 900_000} ms)`;
        }
        this.notifications.emit("reconnecting", { attempt, delayMs });
        await sleep(delayMs, this.abort.signal).catch(() => {});
        if (this.closing) break;
      }
      const subscriptionsBefore = this.subscriptions;
      try {
        const outcome = await this.subscribeOnce(handoff);
        if (outcome === "shutdown" || this.closing) return "SHUTDOWN";
        this.disconnected("the agent closed the event stream");
      } catch (error) {
        if (this.closing) break;
        if (error instanceof MesosHttpError && error.status !== 503 && error.status !== 404) {
          throw new ExecutorError("ERR_EXECUTOR_SUBSCRIBE_REJECTED", `The agent rejected SUBSCRIBE: ${error.message}`, {
            cause: error,
          });
        }
        this.disconnected((error as Error).message, error);
      }
      // The recovery window counts from the last disconnection of a working subscription.
      if (this.subscriptions > subscriptionsBefore) recoveryDeadline = undefined;
    }
    return "closed";
  }

  /** One subscription; resolves "shutdown" when the agent said SHUTDOWN, "ended" when the stream ended. */
  private async subscribeOnce(handoff: Handoff<executor.Event>): Promise<"shutdown" | "ended"> {
    const call: executor.Call = {
      ...this.envelope(),
      type: "SUBSCRIBE",
      subscribe: {
        unacknowledged_tasks: [...this.unacknowledgedTasks.values()],
        unacknowledged_updates: [...this.unacknowledgedUpdates.values()],
      },
    };
    const { url, response } = await this.endpoint.openStream(
      "SUBSCRIBE",
      encodeBody(executor.Call, call, this.encoding),
      { "content-type": MEDIA_TYPES[this.encoding], accept: MEDIA_TYPES[this.encoding] },
      this.abort.signal,
    );
    this.closeStream = response.close;
    let outcome: "shutdown" | "ended" = "ended";
    try {
      const received = encodingOf(headerValue(response.headers["content-type"]));
      if (received !== this.encoding) {
        throw new ExecutorError(
          "ERR_EXECUTOR_SUBSCRIBE_REJECTED",
          `${url.host} answered SUBSCRIBE with Content-Type ${headerValue(response.headers["content-type"]) ?? "(none)"}; is MESOS_AGENT_ENDPOINT a Mesos agent?`,
        );
      }
      await readEventStream(
        response.body,
        executor.Event,
        { encoding: this.encoding, source: url.host, validateJson: this.options.validateEvents ?? false },
        async (event) => {
          this.track(event, url);
          const handled = await handoff.deliver(event);
          if (event.type === "SHUTDOWN") {
            outcome = "shutdown";
            this.notifications.emit("shutdown", {
              reason: "SHUTDOWN from the agent",
              gracePeriodMs: this.environment.shutdownGracePeriodMs,
            });
            return false;
          }
          return handled && !this.closing;
        },
      );
    } finally {
      response.close();
      this.closeStream = undefined;
    }
    return outcome;
  }

  /** Follows the events that change what a re-subscription must carry. */
  private track(event: executor.Event, url: URL): void {
    if (event.type === "SUBSCRIBED") {
      const resubscription = this.subscriptions > 0;
      this.subscriptions++;
      this.isSubscribed = true;
      this.startHeartbeats();
      this.logger.info({ url: url.href, resubscription }, "executor subscribed");
      this.notifications.emit("subscribed", { url: url.href, resubscription });
    } else if (event.type === "LAUNCH") {
      this.unacknowledgedTasks.set(event.launch.task.task_id.value, event.launch.task);
    } else if (event.type === "LAUNCH_GROUP") {
      for (const task of event.launch_group.task_group.tasks ?? [])
        this.unacknowledgedTasks.set(task.task_id.value, task);
    } else if (event.type === "ACKNOWLEDGED") {
      const key = hex(event.acknowledged.uuid);
      if (this.unacknowledgedUpdates.delete(key)) this.unacknowledgedTasks.delete(event.acknowledged.task_id.value);
    }
  }

  private disconnected(reason: string, error?: unknown): void {
    this.isSubscribed = false;
    this.stopHeartbeats();
    this.logger.warn({ reason }, "disconnected from the agent");
    this.notifications.emit("disconnected", error === undefined ? { reason } : { reason, error });
  }

  private startHeartbeats(): void {
    this.stopHeartbeats();
    const interval = this.options.heartbeatCallIntervalMs ?? HEARTBEAT_CALL_INTERVAL_MS;
    if (interval <= 0) return;
    this.heartbeatTimer = setInterval(() => {
      this.send({ ...this.envelope(), type: "HEARTBEAT" }).catch((error: unknown) =>
        this.logger.debug({ err: error }, "HEARTBEAT call failed"),
      );
    }, interval);
    // Heartbeats alone must not keep a finished executor alive.
    this.heartbeatTimer.unref();
  }

  private stopHeartbeats(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}

/** A random (version 4) UUID as the 16 bytes Mesos expects. */
function uuidBytes(): Uint8Array {
  return Uint8Array.from(Buffer.from(randomUUID().replaceAll("-", ""), "hex"));
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
