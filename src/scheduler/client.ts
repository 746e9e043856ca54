/**
 * The v1 Scheduler API client: subscribes, hands typed events to the
 * application (async iterator or handlers), sends typed calls, and keeps the
 * subscription alive through redirects, dropped connections, silent streams
 * and leader changes. Mesos-side refusals that retrying cannot fix end the
 * event iteration with a {@link SchedulerError}.
 */
import { scheduler } from "../generated/mesos-1.11.0/index.js";
import type { mesos } from "../generated/mesos-1.11.0/index.js";
import { ApiEndpoint } from "../http/api-endpoint.js";
import { readEventStream } from "../http/event-stream.js";
import { MEDIA_TYPES, decodeBody, encodeBody, encodingOf, type Encoding } from "../http/content-type.js";
import { parseMasterList } from "../http/endpoint.js";
import { createMasterDetector, isMasterDetector, type MasterSpec } from "../http/create-detector.js";
import { Credentials, readCredentialsFile, type CredentialsInput } from "../http/credentials.js";
import { MesosHttpError, MesosTransportError, isRetryable } from "../http/errors.js";
import type { MasterDetector } from "../http/master-detector.js";
import { HttpTransport, headerValue, type TlsOptions } from "../http/transport.js";
import { Listeners } from "../listeners.js";
import { silentLogger, type Logger } from "../logger.js";
import { Backoff, type BackoffOptions } from "./backoff.js";
import { SchedulerError, errorEventError } from "./errors.js";
import { MemoryFrameworkIdStore, type FrameworkIdStore } from "./framework-id-store.js";
import { Handoff } from "./handoff.js";
import { OfferLedger } from "./offer-ledger.js";
import { SubscriptionState } from "./subscription-state.js";
import { Watchdog } from "./watchdog.js";
import { sleep } from "./sleep.js";

/** Options of {@link SchedulerClient}. */
export interface SchedulerClientOptions {
  /** The masters: `host:port`, `http(s)://host:port`, a comma-separated list, `zk://host:port/mesos`, or a detector. */
  readonly master: MasterSpec;
  /** The framework to subscribe; its `id` comes from the framework ID store when one is saved. */
  readonly framework: mesos.FrameworkInfo;
  /** Encoding of calls and events (default protobuf). */
  readonly encoding?: Encoding;
  /** HTTP Basic credentials, or `{ file }` to read them from a Mesos credentials file. */
  readonly credentials?: CredentialsInput | { readonly file: string };
  readonly tls?: TlsOptions;
  /** Scheme for masters given without one and for ZooKeeper-detected masters (default http, or https with `tls`). */
  readonly scheme?: "http" | "https";
  /** Keeps the framework ID across restarts (default: in memory only). */
  readonly frameworkIdStore?: FrameworkIdStore;
  /**
   * `auto` (default): status updates that carry a uuid are acknowledged once the
   * application has handled them. `manual`: call {@link SchedulerClient.acknowledge}.
   */
  readonly acknowledge?: "auto" | "manual";
  /** Missed heartbeats after which the stream counts as dead (default 5). */
  readonly heartbeatTimeoutFactor?: number;
  /** Delays between subscription attempts (default: first up to 500 ms, doubling to 15 s, full jitter). */
  readonly backoff?: BackoffOptions;
  /** Time a call may take (default 75 s). */
  readonly callTimeoutMs?: number;
  /** Redirect hops per request (default 5). */
  readonly maxRedirects?: number;
  /** Largest event accepted, in bytes (default 64 MiB). */
  readonly maxEventSize?: number;
  /** Check every value of JSON events (default: decoded as trusted Mesos output, see `fromJson`'s `trusted`). */
  readonly validateEvents?: boolean;
  /** Roles that start suppressed (no offers). */
  readonly suppressedRoles?: readonly string[];
  readonly offerConstraints?: scheduler.OfferConstraints;
  readonly logger?: Logger;
}

/** Where the client is in its life. */
export type SchedulerState = "idle" | "connecting" | "subscribing" | "subscribed" | "disconnected" | "closed";

/** Lifecycle notifications (`client.on(name, listener)`). */
export interface SchedulerNotifications {
  /** The SUBSCRIBE request was answered 200 by `url`. */
  connected: { url: string };
  /** SUBSCRIBED arrived; calls may be sent. */
  subscribed: { frameworkId: string; streamId: string; url: string; heartbeatIntervalSeconds: number };
  /** The subscription ended (every offer received so far is gone); the client will reconnect. */
  disconnected: { reason: string; error?: unknown };
  /** A non-leading master redirected the client. */
  redirected: { from: string; to: string };
  /** The next subscription attempt starts after `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** The client stopped: closed, or ended by `error`. */
  closed: { error?: Error };
}

/** Typed calls; each resolves once Mesos accepted the call (202/200). */
export type SchedulerCalls = scheduler.Call$Facade<Promise<void>>;

/** Event handlers for {@link SchedulerClient.run}; each is awaited before the next event (and before the acknowledgement). */
export type SchedulerHandlers = {
  [K in scheduler.Event_Type]?: (event: Extract<scheduler.Event, { type: K }>) => void | Promise<void>;
};

/** A Mesos v1 Scheduler API client. */
export class SchedulerClient {
  /** Typed calls from the generated facade (`client.call.accept({...})`); framework_id and the stream ID are added. */
  readonly call: SchedulerCalls;

  private readonly encoding: Encoding;
  private readonly logger: Logger;
  private readonly store: FrameworkIdStore;
  private readonly subscription: SubscriptionState;
  private readonly offers = new OfferLedger();
  private readonly backoff: Backoff;
  private readonly notifications: Listeners<SchedulerNotifications>;
  private readonly watchdog: Watchdog;
  private transport: HttpTransport | undefined;
  private endpoint: ApiEndpoint | undefined;
  private detector: MasterDetector | undefined;
  private ownsDetector = false;
  private readonly credentials: Credentials | undefined;

  private currentState: SchedulerState = "idle";
  private currentFrameworkId: string | undefined;
  private currentStreamId: string | undefined;
  private handoff: Handoff<scheduler.Event> | undefined;
  private loopDone: Promise<void> | undefined;
  /** Aborts whatever the subscription loop is doing (waiting, connecting, reading). */
  private attempt: { abort: AbortController; closeStream?: () => void } | undefined;
  private pendingReconnect: string | undefined;
  private closing = false;

  constructor(private readonly options: SchedulerClientOptions) {
    this.encoding = options.encoding ?? "protobuf";
    this.logger = options.logger ?? silentLogger;
    this.store = options.frameworkIdStore ?? new MemoryFrameworkIdStore();
    this.subscription = new SubscriptionState(options.framework, options.suppressedRoles, options.offerConstraints);
    this.backoff = new Backoff(options.backoff);
    this.notifications = new Listeners((name, error) =>
      this.logger.error({ notification: name, err: error }, "a lifecycle listener threw"),
    );
    this.watchdog = new Watchdog(75_000, (silentMs) =>
      this.reconnect(`no event for ${Math.round(silentMs / 1000)} s (missed heartbeats)`),
    );
    this.call = scheduler.Call$facade((call) => this.send(call).then(() => undefined));
    // Configuration mistakes surface here, not later inside the subscription loop.
    this.credentials =
      options.credentials === undefined
        ? undefined
        : "file" in options.credentials
          ? readCredentialsFile(options.credentials.file)
          : new Credentials(options.credentials);
    if (
      !isMasterDetector(options.master) &&
      !(typeof options.master === "string" && options.master.trim().startsWith("zk://"))
    ) {
      parseMasterList(options.master);
    }
  }

  /** Where the client is now. */
  get state(): SchedulerState {
    return this.closing ? "closed" : this.currentState;
  }

  /** The framework ID, once Mesos assigned it (or from the store after the first subscription). */
  get frameworkId(): string | undefined {
    return this.currentFrameworkId;
  }

  /** The `Mesos-Stream-Id` of the current subscription. */
  get streamId(): string | undefined {
    return this.currentStreamId;
  }

  /** Listens to a lifecycle notification; returns a function that stops listening. */
  on<K extends keyof SchedulerNotifications>(
    name: K,
    listener: (payload: SchedulerNotifications[K]) => void,
  ): () => void {
    return this.notifications.on(name, listener);
  }

  /**
   * Subscribes and yields every event, in order, across reconnections. An
   * event counts as handled when the loop asks for the next one; only then is
   * a status update acknowledged. Leaving the loop closes the client. The
   * loop throws a {@link SchedulerError} when Mesos ends the subscription for
   * good (framework removed, failed over, refused).
   */
  subscribe(): AsyncIterableIterator<scheduler.Event> {
    if (this.closing) throw new SchedulerError("ERR_SCHEDULER_CLOSED", "This client is closed; create a new one.");
    if (this.handoff)
      throw new SchedulerError("ERR_SCHEDULER_ALREADY_STARTED", "Events are already being consumed from this client.");
    const handoff = new Handoff<scheduler.Event>(() => void this.close());
    this.handoff = handoff;
    this.loopDone = this.runLoop(handoff);
    return handoff;
  }

  /** Subscribes and calls the handler of each event's type, awaiting it; resolves when the client is closed. */
  async run(handlers: SchedulerHandlers): Promise<void> {
    for await (const event of this.subscribe()) {
      const handler = event.type === undefined ? undefined : handlers[event.type];
      if (handler) await (handler as (e: scheduler.Event) => void | Promise<void>)(event);
    }
  }

  /** Acknowledges a status update (needed in `manual` mode; `auto` does it after the handler). */
  async acknowledge(status: mesos.TaskStatus): Promise<void> {
    if (!status.uuid || !status.agent_id) {
      throw new SchedulerError(
        "ERR_SCHEDULER_BAD_CALL",
        `The update of task ${status.task_id.value} has no uuid or agent_id: Mesos generated it and it must not be acknowledged.`,
      );
    }
    await this.send({
      type: "ACKNOWLEDGE",
      acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
    });
  }

  /** Acknowledges an operation status update that carries a uuid. */
  async acknowledgeOperationStatus(status: mesos.OperationStatus): Promise<void> {
    if (!status.uuid || !status.operation_id) {
      throw new SchedulerError(
        "ERR_SCHEDULER_BAD_CALL",
        "This operation status has no uuid or operation_id: it must not be acknowledged.",
      );
    }
    const ack: scheduler.Call_AcknowledgeOperationStatus = {
      uuid: status.uuid.value,
      operation_id: status.operation_id,
    };
    if (status.agent_id) ack.agent_id = status.agent_id;
    if (status.resource_provider_id) ack.resource_provider_id = status.resource_provider_id;
    await this.send({ type: "ACKNOWLEDGE_OPERATION_STATUS", acknowledge_operation_status: ack });
  }

  /** RECONCILE_OPERATIONS, returning Mesos' synchronous answer. */
  async reconcileOperations(operations: scheduler.Call_ReconcileOperations): Promise<scheduler.Response> {
    const body = await this.send({ type: "RECONCILE_OPERATIONS", reconcile_operations: operations });
    return decodeBody(scheduler.Response, body, this.encoding);
  }

  /** Drops the current subscription and subscribes again (e.g. from an application's own health check). */
  reconnect(reason = "reconnect requested"): void {
    const attempt = this.attempt;
    if (!attempt || this.closing) return;
    this.pendingReconnect = reason;
    attempt.abort.abort(new SchedulerReconnect(reason));
    attempt.closeStream?.();
  }

  /** Unregisters the framework (TEARDOWN): Mesos kills its tasks and forgets it. Then closes the client. */
  async teardown(): Promise<void> {
    await this.send({ type: "TEARDOWN" });
    await this.store.clear();
    await this.close();
  }

  /** Closes the event stream and every connection; the event iteration ends. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.attempt?.abort.abort(new SchedulerError("ERR_SCHEDULER_CLOSED", "The client was closed."));
      this.attempt?.closeStream?.();
      this.watchdog.stop();
      this.handoff?.abort();
    }
    await this.loopDone?.catch(() => {});
    if (this.currentState !== "closed") {
      this.currentState = "closed";
      await this.release();
      this.notifications.emit("closed", {});
    }
  }

  // ---- calls ----

  /** Sends a call on the calls connection pool; returns the response body (for RECONCILE_OPERATIONS). */
  private async send(call: scheduler.Call): Promise<Uint8Array> {
    if (call.type === "SUBSCRIBE") {
      throw new SchedulerError(
        "ERR_SCHEDULER_BAD_CALL",
        "Subscribe with client.subscribe() or client.run(), not with a call.",
      );
    }
    const streamId = this.currentStreamId;
    if (this.currentState !== "subscribed" || !streamId || !this.endpoint) {
      throw new SchedulerError(
        this.closing ? "ERR_SCHEDULER_CLOSED" : "ERR_SCHEDULER_NOT_SUBSCRIBED",
        `Cannot send ${call.type} while ${this.currentState}: calls are sent only after SUBSCRIBED and are never queued. Retry after the next "subscribed" notification.`,
      );
    }
    const offerIds = offerIdsOf(call);
    if (offerIds) {
      const stale = this.offers.firstStale(offerIds);
      if (stale !== undefined) {
        throw new SchedulerError(
          "ERR_SCHEDULER_STALE_OFFER",
          `Offer ${stale} belongs to an earlier subscription and is gone; wait for new offers.`,
        );
      }
    }
    const full: scheduler.Call = { ...call, framework_id: call.framework_id ?? { value: this.currentFrameworkId! } };
    const headers: Record<string, string> = {
      "content-type": MEDIA_TYPES[this.encoding],
      accept: MEDIA_TYPES[this.encoding],
      "mesos-stream-id": streamId,
    };
    try {
      const { response } = await this.endpoint.post(
        call.type ?? "UNKNOWN",
        encodeBody(scheduler.Call, full, this.encoding),
        headers,
      );
      if (offerIds) this.offers.used(offerIds);
      this.subscription.accepted(full);
      return response.body;
    } catch (error) {
      if (subscriptionLost(error) && this.currentStreamId === streamId) {
        this.reconnect(
          `${call.type} was answered ${(error as MesosHttpError).status} ${(error as MesosHttpError).mesosMessage}`,
        );
      }
      throw error;
    }
  }

  // ---- the subscription loop ----

  private async runLoop(handoff: Handoff<scheduler.Event>): Promise<void> {
    let failure: Error | undefined;
    try {
      await this.prepare();
      for (let attempt = 0; !this.closing; attempt++) {
        if (attempt > 0) {
          const delayMs = this.backoff.next();
          this.notifications.emit("reconnecting", { attempt, delayMs });
          this.logger.info({ attempt, delayMs }, "subscribing again after a delay");
          await sleep(delayMs, this.newAttempt().abort.signal).catch(() => {});
          if (this.closing) break;
        }
        try {
          await this.subscribeOnce(handoff);
          if (!this.closing) this.disconnected(this.pendingReconnect ?? "the master closed the event stream");
        } catch (error) {
          if (this.closing) break;
          const terminal = this.terminalError(error);
          if (terminal) throw terminal;
          this.disconnected(this.pendingReconnect ?? describe(error), this.pendingReconnect ? undefined : error);
        } finally {
          this.pendingReconnect = undefined;
        }
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      this.logger.error({ err: failure }, failure.message);
    }
    this.closing = true;
    this.watchdog.stop();
    handoff.end(failure);
    if (failure) {
      this.currentState = "closed";
      await this.release();
      this.notifications.emit("closed", { error: failure });
    }
  }

  /** Builds the detector (once); a ZooKeeper detector loads its client library here. */
  private async prepare(): Promise<void> {
    if (this.endpoint) return;
    const { options } = this;
    this.transport = new HttpTransport({
      ...(this.credentials ? { credentials: this.credentials } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
      requestTimeoutMs: options.callTimeoutMs ?? 75_000,
    });
    this.ownsDetector = !isMasterDetector(options.master);
    this.detector = await createMasterDetector(options.master, {
      scheme: options.scheme ?? (options.tls ? "https" : "http"),
      logger: this.logger,
    });
    this.endpoint = new ApiEndpoint({
      detector: this.detector,
      transport: this.transport,
      apiPath: "/api/v1/scheduler",
      logger: this.logger,
      ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
      onRedirect: (from, to) => this.notifications.emit("redirected", { from: from.href, to: to.href }),
    });
  }

  private newAttempt(): { abort: AbortController; closeStream?: () => void } {
    this.attempt = { abort: new AbortController() };
    return this.attempt;
  }

  /** One subscription: SUBSCRIBE, then read events until the stream ends or breaks. */
  private async subscribeOnce(handoff: Handoff<scheduler.Event>): Promise<void> {
    const attempt = this.newAttempt();
    const signal = attempt.abort.signal;
    this.currentState = "connecting";
    const savedId = (await this.store.load()) ?? this.currentFrameworkId;
    const call = this.subscription.subscribeCall(savedId);
    const { url, response } = await this.endpoint!.openStream(
      "SUBSCRIBE",
      encodeBody(scheduler.Call, call, this.encoding),
      { "content-type": MEDIA_TYPES[this.encoding], accept: MEDIA_TYPES[this.encoding] },
      signal,
    );
    attempt.closeStream = response.close;
    try {
      if (signal.aborted) return;
      const received = encodingOf(headerValue(response.headers["content-type"]));
      if (received !== this.encoding) {
        throw new MesosTransportError(
          "ERR_MESOS_CONTENT_TYPE",
          `${url.host} answered SUBSCRIBE with Content-Type ${headerValue(response.headers["content-type"]) ?? "(none)"}, not ${MEDIA_TYPES[this.encoding]}; is this a Mesos master?`,
        );
      }
      const streamId = headerValue(response.headers["mesos-stream-id"]);
      this.currentState = "subscribing";
      this.notifications.emit("connected", { url: url.href });
      this.logger.debug({ url: url.href, streamId }, "subscription stream open");
      await this.readEvents(response.body, handoff, url, streamId ?? "");
    } finally {
      response.close();
      this.watchdog.stop();
    }
  }

  private async readEvents(
    body: AsyncIterable<Uint8Array>,
    handoff: Handoff<scheduler.Event>,
    url: URL,
    streamId: string,
  ): Promise<void> {
    const heartbeatFactor = this.options.heartbeatTimeoutFactor ?? 5;
    let first = true;
    this.watchdog.start(15_000 * heartbeatFactor);
    const options = {
      encoding: this.encoding,
      source: url.host,
      onChunk: () => this.watchdog.reset(),
      validateJson: this.options.validateEvents ?? false,
      ...(this.options.maxEventSize ? { maxRecordSize: this.options.maxEventSize } : {}),
    };
    await readEventStream(body, scheduler.Event, options, (event) => {
      if (event.type === "SUBSCRIBED" || event.type === "ERROR" || first) {
        return this.firstOrControlEvent(event, first, handoff, url, streamId, heartbeatFactor).then((go) => {
          first = false;
          return go;
        });
      }
      return this.enqueue(event, handoff);
    });
  }

  /** SUBSCRIBED, ERROR and the first record need awaiting (persisting the ID, clearing it); everything else does not. */
  private async firstOrControlEvent(
    event: scheduler.Event,
    first: boolean,
    handoff: Handoff<scheduler.Event>,
    url: URL,
    streamId: string,
    heartbeatFactor: number,
  ): Promise<boolean> {
    if (event.type === "ERROR") throw await this.errorEvent(event.error.message, first);
    if (event.type === "SUBSCRIBED") await this.subscribed(event.subscribed, url, streamId, heartbeatFactor);
    return this.enqueue(event, handoff);
  }

  /** Hands an event to the application; waits only when the application is behind. */
  private enqueue(event: scheduler.Event, handoff: Handoff<scheduler.Event>): boolean | Promise<boolean> {
    if (event.type === "OFFERS") this.offers.offered(event.offers.offers ?? []);
    else if (event.type === "RESCIND") this.offers.used([event.rescind.offer_id.value]);
    const onHandled = this.needsAcknowledgement(event)
      ? (handled: boolean) => void (handled && this.acknowledgeIfNeeded(event))
      : undefined;
    const full = handoff.push(event, onHandled);
    if (!full) return !this.closing && !this.pendingReconnect;
    // The application is behind; time spent waiting for it is not silence on the wire.
    this.watchdog.pause();
    return full.then(() => {
      if (this.closing || this.pendingReconnect) return false;
      this.watchdog.resume();
      return true;
    });
  }

  private async subscribed(
    subscribed: scheduler.Event_Subscribed,
    url: URL,
    streamId: string,
    heartbeatFactor: number,
  ): Promise<void> {
    const frameworkId = subscribed.framework_id.value;
    // Persist before anything else: a crash after this point must resubscribe as the same framework.
    await this.store.save(frameworkId);
    this.currentFrameworkId = frameworkId;
    this.currentStreamId = streamId;
    this.currentState = "subscribed";
    this.offers.newSubscription();
    this.backoff.reset();
    const heartbeatIntervalSeconds = subscribed.heartbeat_interval_seconds ?? 15;
    this.watchdog.start(Math.max(1, heartbeatIntervalSeconds * 1000 * heartbeatFactor));
    this.logger.info({ frameworkId, url: url.href, streamId }, "subscribed");
    this.notifications.emit("subscribed", { frameworkId, streamId, url: url.href, heartbeatIntervalSeconds });
  }

  private async errorEvent(message: string, firstRecord: boolean): Promise<SchedulerError> {
    const error = errorEventError(message, firstRecord);
    if (error.code === "ERR_SCHEDULER_FRAMEWORK_REMOVED") {
      await this.store.clear();
      this.currentFrameworkId = undefined;
    }
    return error;
  }

  /** Whether the client acknowledges this event once handled: updates with a uuid, in auto mode. */
  private needsAcknowledgement(event: scheduler.Event): boolean {
    if (this.options.acknowledge === "manual") return false;
    if (event.type === "UPDATE") return event.update.status.uuid !== undefined;
    return event.type === "UPDATE_OPERATION_STATUS" && event.update_operation_status.status.uuid !== undefined;
  }

  /** Acknowledges exactly the updates that carry a uuid; Mesos' own updates have none and must not be acknowledged. */
  private acknowledgeIfNeeded(event: scheduler.Event): void {
    let ack: Promise<void> | undefined;
    if (event.type === "UPDATE" && event.update.status.uuid && event.update.status.agent_id) {
      ack = this.acknowledge(event.update.status);
    } else if (event.type === "UPDATE_OPERATION_STATUS" && event.update_operation_status.status.uuid) {
      ack = this.acknowledgeOperationStatus(event.update_operation_status.status);
    }
    // A lost acknowledgement is harmless: Mesos resends the update and it is acknowledged again.
    ack?.catch((error: unknown) =>
      this.logger.warn({ err: error }, "acknowledgement failed; Mesos will resend the update"),
    );
  }

  private disconnected(reason: string, error?: unknown): void {
    const wasSubscribed = this.currentState === "subscribed";
    this.currentState = "disconnected";
    this.currentStreamId = undefined;
    this.watchdog.stop();
    // Ask the detector again: the leader may have changed while the stream was down.
    this.endpoint?.forget();
    this.logger.warn({ reason, wasSubscribed }, "disconnected from the master");
    this.notifications.emit("disconnected", error === undefined ? { reason } : { reason, error });
  }

  /** The error that ends the client, or undefined when the failure is worth retrying. */
  private terminalError(error: unknown): SchedulerError | undefined {
    if (error instanceof SchedulerError) return error;
    if (error instanceof MesosHttpError && !isRetryable(error)) {
      return new SchedulerError("ERR_SCHEDULER_SUBSCRIBE_REJECTED", `SUBSCRIBE was rejected: ${error.message}`, {
        cause: error,
        mesosMessage: error.mesosMessage,
      });
    }
    if (
      error instanceof MesosTransportError &&
      (error.code === "ERR_MESOS_CREDENTIALS" || error.code === "ERR_MESOS_CONTENT_TYPE")
    ) {
      return new SchedulerError("ERR_SCHEDULER_SUBSCRIBE_REJECTED", error.message, { cause: error });
    }
    return undefined;
  }

  private async release(): Promise<void> {
    await this.transport?.close();
    if (this.ownsDetector) await this.detector?.close();
  }
}

/** Thrown into the subscription loop to make it subscribe again. */
class SchedulerReconnect extends Error {
  override readonly name = "SchedulerReconnect";
}

function offerIdsOf(call: scheduler.Call): string[] | undefined {
  if (call.type === "ACCEPT") return (call.accept.offer_ids ?? []).map((id) => id.value);
  if (call.type === "DECLINE") return (call.decline.offer_ids ?? []).map((id) => id.value);
  return undefined;
}

/** Mesos' ways of saying "your subscription is gone": resubscribe instead of retrying the call. */
function subscriptionLost(error: unknown): boolean {
  if (!(error instanceof MesosHttpError)) return false;
  if (error.status === 403 && error.mesosMessage.includes("Framework is not subscribed")) return true;
  return error.status === 400 && error.mesosMessage.includes("didn't match the stream ID");
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
