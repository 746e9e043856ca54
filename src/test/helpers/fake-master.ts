/**
 * A scripted fake Mesos master for the scheduler client's tests: the transport
 * rules of mesos-protocol.md 1.2 on a real HTTP port, SUBSCRIBE streams the test
 * drives by hand, and switches for redirects and leaderless masters.
 */
import { randomUUID } from "node:crypto";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { FakeHttpServer } from "./fake-http-server.js";
import type { FakeExchange, FakeTlsOptions, RecordedRequest } from "./fake-http-server.js";
import type { FakeStream } from "./fake-stream.js";
import { principalError, schedulerCallError } from "./fake-validation.js";
import { basicAuthMatches, matchesEndpoint, negotiateEncoding, NOT_ACCEPTABLE } from "./fake-wire.js";
import type { FakeEncoding } from "./fake-wire.js";

export type { FakeHandler, FakeResponse, RecordedRequest } from "./fake-http-server.js";

/** Options of {@link startFakeMaster}. */
export interface FakeMasterOptions {
  /** Turns on HTTP framework authentication with these Basic credentials. */
  auth?: { principal: string; secret: string };
  /** Serves HTTPS with this key and certificate. */
  tls?: FakeTlsOptions;
  /** Value of SUBSCRIBED's `heartbeat_interval_seconds` (default 15); the HEARTBEAT timer runs only if > 0. */
  heartbeatIntervalSeconds?: number;
  /** Send one HEARTBEAT right after SUBSCRIBED, then one every interval (default true). */
  sendHeartbeats?: boolean;
  /** Id given to SUBSCRIBEs without a framework id (default `<master id>-0000`, `-0001`, ...). */
  frameworkId?: string;
  /** Fields replacing those of the MasterInfo sent in SUBSCRIBED. */
  masterInfo?: Partial<mesos.MasterInfo>;
}

/** An accepted SUBSCRIBE stream of the fake master. */
export interface FakeSubscription extends FakeStream<scheduler.Event> {
  /** The `Mesos-Stream-Id` answered. */
  readonly streamId: string;
  readonly frameworkId: string;
  readonly call: scheduler.Call;
  readonly request: RecordedRequest<scheduler.Call>;
}

interface Framework {
  readonly subscription: FakeSubscription;
  readonly principal: string | undefined;
}

type Leadership = { kind: "leader" } | { kind: "none" } | { kind: "redirect"; authority: string };

const ENDPOINTS = ["/api/v1/scheduler", "/master/api/v1/scheduler"];
const REALM = 'Basic realm="mesos-master-scheduler"';

/** The fake master; see {@link startFakeMaster}. */
export class FakeMaster extends FakeHttpServer<scheduler.Call, FakeSubscription> {
  /** The random id of this master, also the prefix of generated framework ids. */
  readonly masterId = randomUUID();
  private readonly frameworks = new Map<string, Framework>();
  private readonly removed = new Set<string>();
  private readonly subscribeFailures: string[] = [];
  private leadership: Leadership = { kind: "leader" };
  private frameworkCount = 0;

  constructor(private readonly options: FakeMasterOptions = {}) {
    super(scheduler.Call, options.tls);
  }

  /** Starts listening; use {@link startFakeMaster}. */
  async start(): Promise<this> {
    await this.listen();
    return this;
  }

  /** The MasterInfo sent in SUBSCRIBED, shaped like a real 1.11.0 master's on 127.0.0.1. */
  get masterInfo(): mesos.MasterInfo {
    const port = this.port;
    return {
      id: this.masterId,
      ip: 16777343, // 127.0.0.1 in network byte order read as a little-endian uint32
      port,
      pid: `master@127.0.0.1:${port}`,
      hostname: "localhost",
      version: "1.11.0",
      address: { hostname: "localhost", ip: "127.0.0.1", port },
      capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }],
      ...this.options.masterInfo,
    };
  }

  /** Acts as a non-leader that knows its leader: every scheduler request gets `307` to `leader` (1.8). */
  redirectTo(leader: URL): void {
    const port = leader.port || (leader.protocol === "https:" ? "443" : "80");
    this.leadership = { kind: "redirect", authority: `${leader.hostname}:${port}` };
  }

  /** Acts as a non-leader without a known leader: `503 No leader elected`. */
  noLeader(): void {
    this.leadership = { kind: "none" };
  }

  /** Leads again (the default). */
  lead(): void {
    this.leadership = { kind: "leader" };
  }

  /** Makes the next accepted SUBSCRIBE fail like a framework validation error: one ERROR record, then the end. */
  failNextSubscribe(message: string): void {
    this.subscribeFailures.push(message);
  }

  protected handle(ex: FakeExchange<scheduler.Call>): void {
    const { path, headers } = ex.request;
    if (!matchesEndpoint(path, ENDPOINTS)) return ex.text(404, "404 Not Found.");
    const auth = this.options.auth;
    if (auth && !basicAuthMatches(headers.authorization, auth.principal, auth.secret)) {
      return ex.text(401, "401 Unauthorized.", { "WWW-Authenticate": REALM });
    }
    if (this.leadership.kind === "none") return ex.text(503, "No leader elected");
    if (this.leadership.kind === "redirect") {
      return ex.reply(307, undefined, { Location: `//${this.leadership.authority}${canonicalPath(path)}` });
    }
    if (ex.rejectUnlessPost()) return;
    const call = ex.callOrReject();
    if (!call) return;
    const invalid = schedulerCallError(call, auth?.principal);
    if (invalid) return ex.text(400, `Failed to validate scheduler::Call: ${invalid}`);
    const encoding = negotiateEncoding(headers.accept);
    if ((call.type === "SUBSCRIBE" || call.type === "RECONCILE_OPERATIONS") && !encoding) {
      return ex.text(406, NOT_ACCEPTABLE);
    }
    if (call.type !== "SUBSCRIBE") return this.frameworkCall(ex, call);
    if (headers["mesos-stream-id"] !== undefined) {
      return ex.text(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
    }
    this.subscribe(ex, call, encoding!);
  }

  private subscribe(ex: FakeExchange<scheduler.Call>, call: scheduler.Call, encoding: FakeEncoding): void {
    const info = call.subscribe!.framework_info;
    const requested = call.framework_id?.value || info.id?.value || "";
    const failure =
      this.subscribeFailures.shift() ?? (this.removed.has(requested) ? "Framework has been removed" : undefined);
    const frameworkId = requested || this.options.frameworkId || this.newFrameworkId();
    const streamId = randomUUID();
    const stream = ex.openStream(scheduler.Event, encoding, { "Mesos-Stream-Id": streamId });
    const subscription: FakeSubscription = Object.assign(stream, { streamId, frameworkId, call, request: ex.request });
    this.addSubscription(subscription);
    if (failure) return this.fail(subscription, failure);

    // A known framework always fails over: its live stream learns why, then closes.
    const previous = this.frameworks.get(frameworkId)?.subscription;
    if (previous?.open) this.fail(previous, "Framework failed over");
    this.frameworks.set(frameworkId, { subscription, principal: info.principal ?? this.options.auth?.principal });

    const interval = this.options.heartbeatIntervalSeconds ?? 15;
    subscription.send({
      type: "SUBSCRIBED",
      subscribed: {
        framework_id: { value: frameworkId },
        heartbeat_interval_seconds: interval,
        master_info: this.masterInfo,
      },
    });
    if (this.options.sendHeartbeats === false) return;
    subscription.send({ type: "HEARTBEAT" });
    if (interval > 0) {
      const timer = setInterval(() => subscription.send({ type: "HEARTBEAT" }), interval * 1000);
      subscription.whenClosed(() => clearInterval(timer));
    }
  }

  private frameworkCall(ex: FakeExchange<scheduler.Call>, call: scheduler.Call): void {
    const frameworkId = call.framework_id!.value;
    const framework = this.frameworks.get(frameworkId);
    if (!framework) return ex.text(400, "Framework cannot be found");
    const wrongPrincipal = principalError(this.options.auth?.principal, framework.principal);
    if (wrongPrincipal) return ex.text(400, wrongPrincipal);
    const { subscription } = framework;
    if (!subscription.open) return ex.text(403, "Framework is not subscribed");
    const streamId = ex.request.headers["mesos-stream-id"];
    if (streamId === undefined)
      return ex.text(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    if (streamId !== subscription.streamId) {
      return ex.text(
        400,
        `The stream ID '${streamId}' included in this request didn't match the stream ID currently associated with framework ID ${frameworkId}`,
      );
    }
    if (call.type === "UNKNOWN") return ex.text(501, "501 Not Implemented.");
    ex.reply(call.type === "UPDATE_FRAMEWORK" ? 200 : 202);
    if (call.type === "TEARDOWN") {
      // The stream closes without a final event and the id may never subscribe again.
      subscription.end();
      this.frameworks.delete(frameworkId);
      this.removed.add(frameworkId);
    }
  }

  private fail(subscription: FakeSubscription, message: string): void {
    subscription.send({ type: "ERROR", error: { message } });
    subscription.end();
  }

  private newFrameworkId(): string {
    return `${this.masterId}-${String(this.frameworkCount++).padStart(4, "0")}`;
  }
}

/** The path of a redirect: the path as rewritten under `/master`, without a trailing slash, plus the query. */
function canonicalPath(target: string): string {
  const at = target.indexOf("?");
  const path = (at < 0 ? target : target.slice(0, at)).replace(/\/+$/, "");
  const rewritten = path.startsWith("/master/") ? path : `/master${path}`;
  return at < 0 ? rewritten : rewritten + target.slice(at);
}

/** Starts a fake master on `127.0.0.1` with an ephemeral port. */
export function startFakeMaster(options: FakeMasterOptions = {}): Promise<FakeMaster> {
  return new FakeMaster(options).start();
}
