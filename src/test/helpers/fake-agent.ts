/**
 * A scripted fake Mesos agent for the executor client's tests: the executor
 * endpoint's checks (mesos-protocol.md 1.11 and 6.2) for one framework and one
 * executor, SUBSCRIBE streams driven by the test, and automatic ACKNOWLEDGED
 * events for valid UPDATEs.
 */
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executor } from "../../generated/mesos-1.11.0/index.js";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { FakeHttpServer } from "./fake-http-server.js";
import type { FakeExchange, RecordedRequest } from "./fake-http-server.js";
import type { FakeStream } from "./fake-stream.js";
import { executorCallError } from "./fake-validation.js";
import { matchesEndpoint, negotiateEncoding, NOT_ACCEPTABLE } from "./fake-wire.js";
import type { FakeEncoding } from "./fake-wire.js";

export type { FakeHandler, FakeResponse, RecordedRequest } from "./fake-http-server.js";

/** Options of {@link startFakeAgent}. */
export interface FakeAgentOptions {
  /** The only framework this agent knows (default `<uuid>-0000`). */
  frameworkId?: string;
  /** The only executor this agent knows (default `fake-executor`). */
  executorId?: string;
  /** This agent's id (default `<uuid>-S0`). */
  agentId?: string;
  /** Answer each valid UPDATE (and each `unacknowledged_updates` entry of a SUBSCRIBE) with ACKNOWLEDGED (default true). */
  autoAcknowledge?: boolean;
  /** Requires `Authorization: Bearer <token>`, like an agent with `--authenticate_http_executors`. */
  token?: string;
  /** Whether the framework checkpoints: `framework_info.checkpoint` and `MESOS_CHECKPOINT` (default true). */
  checkpoint?: boolean;
  /** Fields replacing those of the SUBSCRIBED event's `framework_info`. */
  frameworkInfo?: Partial<mesos.FrameworkInfo>;
  /** Fields replacing those of the SUBSCRIBED event's `executor_info`. */
  executorInfo?: Partial<mesos.ExecutorInfo>;
  /** Fields replacing those of the SUBSCRIBED event's `agent_info`. */
  agentInfo?: Partial<mesos.AgentInfo>;
}

/** An accepted executor SUBSCRIBE stream of the fake agent. */
export interface FakeExecutorSubscription extends FakeStream<executor.Event> {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly call: executor.Call;
  readonly request: RecordedRequest<executor.Call>;
}

const ENDPOINTS = ["/api/v1/executor", "/slave(1)/api/v1/executor"];
const REALM = 'Bearer realm="mesos-agent-executor"';

/** The fake agent; see {@link startFakeAgent}. */
export class FakeAgent extends FakeHttpServer<executor.Call, FakeExecutorSubscription> {
  readonly frameworkId: string;
  readonly executorId: string;
  readonly agentId: string;
  /** Id of the executor's (imaginary) container. */
  readonly containerId = randomUUID();
  private current: FakeExecutorSubscription | undefined;
  private recovering = false;

  constructor(private readonly options: FakeAgentOptions = {}) {
    super(executor.Call, undefined);
    const prefix = randomUUID();
    this.frameworkId = options.frameworkId ?? `${prefix}-0000`;
    this.executorId = options.executorId ?? "fake-executor";
    this.agentId = options.agentId ?? `${prefix}-S0`;
  }

  /** Starts listening; use {@link startFakeAgent}. */
  async start(): Promise<this> {
    await this.listen();
    return this;
  }

  /** The body of the SUBSCRIBED event, shaped like a real agent's. */
  get subscribedInfo(): executor.Event_Subscribed {
    const frameworkId = { value: this.frameworkId };
    const scalar = (name: string, value: number): mesos.Resource => ({ name, type: "SCALAR", scalar: { value } });
    return {
      executor_info: {
        type: "CUSTOM",
        executor_id: { value: this.executorId },
        framework_id: frameworkId,
        command: { shell: true, value: "fake-executor" },
        resources: [scalar("cpus", 0.1), scalar("mem", 32)],
        name: "fake executor",
        ...this.options.executorInfo,
      },
      framework_info: {
        user: "root",
        name: "fake-framework",
        id: frameworkId,
        failover_timeout: 60,
        checkpoint: this.checkpoint,
        roles: ["*"],
        capabilities: [{ type: "MULTI_ROLE" }],
        ...this.options.frameworkInfo,
      },
      agent_info: {
        hostname: "localhost",
        port: this.port,
        resources: [scalar("cpus", 4), scalar("mem", 4096), scalar("disk", 10000)],
        id: { value: this.agentId },
        ...this.options.agentInfo,
      },
      container_id: { value: this.containerId },
    };
  }

  /**
   * The MESOS_* environment an agent gives an executor talking to this fake;
   * `overrides` replace variables, undefined removes one. The sandbox
   * directory is a path only: it is not created.
   */
  environment(overrides: Record<string, string | undefined> = {}): Record<string, string> {
    const address = `127.0.0.1:${this.port}`;
    const runs = ["slaves", this.agentId, "frameworks", this.frameworkId, "executors", this.executorId, "runs"];
    const sandbox = join(tmpdir(), "fake-mesos-agent", ...runs, this.containerId);
    const env: Record<string, string | undefined> = {
      MESOS_AGENT_ENDPOINT: address,
      MESOS_CHECKPOINT: this.checkpoint ? "1" : "0",
      MESOS_DIRECTORY: sandbox,
      MESOS_EXECUTOR_ID: this.executorId,
      MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5secs",
      MESOS_FRAMEWORK_ID: this.frameworkId,
      MESOS_HTTP_COMMAND_EXECUTOR: "0",
      // Only checkpointing frameworks' executors may reconnect, so only they get these.
      MESOS_RECOVERY_TIMEOUT: this.checkpoint ? "15mins" : undefined,
      MESOS_SANDBOX: sandbox,
      MESOS_SLAVE_ID: this.agentId,
      MESOS_SLAVE_PID: `slave(1)@${address}`,
      MESOS_SUBSCRIPTION_BACKOFF_MAX: this.checkpoint ? "2secs" : undefined,
      MESOS_EXECUTOR_AUTHENTICATION_TOKEN: this.options.token,
      ...overrides,
    };
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Acts as an agent still recovering after a restart: `503 Agent has not finished recovery`. */
  unavailable(): void {
    this.recovering = true;
  }

  /** Finishes recovery (the default state). */
  available(): void {
    this.recovering = false;
  }

  /** Sends ACKNOWLEDGED for `status` on the executor's current stream, if one is open. */
  acknowledge(status: mesos.TaskStatus): void {
    if (status.uuid === undefined) return;
    this.current?.send({ type: "ACKNOWLEDGED", acknowledged: { task_id: status.task_id, uuid: status.uuid } });
  }

  private get checkpoint(): boolean {
    return this.options.checkpoint ?? true;
  }

  protected handle(ex: FakeExchange<executor.Call>): void {
    const { path, headers } = ex.request;
    if (!matchesEndpoint(path, ENDPOINTS)) return ex.text(404, "404 Not Found.");
    const token = this.options.token;
    if (token !== undefined && headers.authorization !== `Bearer ${token}`) {
      const challenge = headers.authorization === undefined ? REALM : `${REALM}, error="invalid_token"`;
      return ex.text(401, "401 Unauthorized.", { "WWW-Authenticate": challenge });
    }
    if (this.recovering) return ex.text(503, "Agent has not finished recovery");
    if (ex.rejectUnlessPost()) return;
    const call = ex.callOrReject();
    if (!call) return;
    const invalid = executorCallError(call);
    if (invalid) return ex.text(400, `Failed to validate Executor::Call: ${invalid}`);
    const encoding = negotiateEncoding(headers.accept);
    if (call.type === "SUBSCRIBE" && !encoding) return ex.text(406, NOT_ACCEPTABLE);
    // HEARTBEAT is answered before any id lookup: its ids may be placeholders.
    if (call.type === "HEARTBEAT") return ex.reply(202);
    if (call.framework_id.value !== this.frameworkId) return ex.text(400, "Framework cannot be found");
    if (call.executor_id.value !== this.executorId) return ex.text(400, "Executor cannot be found");
    // Only an executor that never subscribed is REGISTERING; a disconnected one may still send calls.
    if (call.type !== "SUBSCRIBE" && this.subscriptions.length === 0) {
      return ex.text(403, "Executor is not subscribed");
    }
    if (call.type === "SUBSCRIBE") return this.subscribe(ex, call, encoding!);
    if (call.type === "UNKNOWN") return ex.text(501, "501 Not Implemented.");
    ex.reply(202);
    if (call.type === "UPDATE" && this.autoAcknowledges(call.update.status)) this.acknowledge(call.update.status);
  }

  private subscribe(ex: FakeExchange<executor.Call>, call: executor.Call, encoding: FakeEncoding): void {
    // A new subscription replaces the previous one, which just ends.
    this.current?.end();
    const stream = ex.openStream(executor.Event, encoding);
    const subscription: FakeExecutorSubscription = Object.assign(stream, {
      frameworkId: this.frameworkId,
      executorId: this.executorId,
      call,
      request: ex.request,
    });
    this.current = subscription;
    this.addSubscription(subscription);
    subscription.send({ type: "SUBSCRIBED", subscribed: this.subscribedInfo });
    for (const update of call.subscribe?.unacknowledged_updates ?? []) {
      if (this.autoAcknowledges(update.status)) this.acknowledge(update.status);
    }
  }

  /** Updates naming another agent are dropped silently by a real agent, so they get no ACKNOWLEDGED. */
  private autoAcknowledges(status: mesos.TaskStatus): boolean {
    if (this.options.autoAcknowledge === false) return false;
    return status.agent_id === undefined || status.agent_id.value === this.agentId;
  }
}

/** Starts a fake agent on `127.0.0.1` with an ephemeral port. */
export function startFakeAgent(options: FakeAgentOptions = {}): Promise<FakeAgent> {
  return new FakeAgent(options).start();
}
