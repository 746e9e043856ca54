/**
 * Strict mode: watches what the framework under test does with what Mesos
 * told it, and records protocol misuse a real cluster would punish later
 * (lost tasks, stuck updates), with an explanation of each.
 */
import type { scheduler } from "../generated/mesos-1.11.0/index.js";
import type { LogEntry } from "./cluster.js";
import { hex } from "./bytes.js";

/** One misuse by a framework. */
export interface Violation {
  readonly frameworkId: string | undefined;
  /** Stable kind, e.g. `offer-reused`. */
  readonly kind:
    | "offer-reused"
    | "offer-rescinded"
    | "offer-stale"
    | "over-launch"
    | "unacknowledged-update"
    | "bad-acknowledgement"
    | "call-after-teardown";
  readonly message: string;
}

/** Thrown by `close()` of a strict cluster that saw violations. */
export class ProtocolViolationError extends Error {
  override readonly name = "ProtocolViolationError";
  readonly code = "ERR_MINI_MESOS_PROTOCOL_VIOLATION";

  constructor(readonly violations: readonly Violation[]) {
    super(
      `The framework misused the Mesos protocol (mini-mesos strict mode):\n${violations.map((v) => `  - ${v.message}`).join("\n")}\n` +
        "Fix the framework, or start mini-mesos with { strict: false } to allow this.",
    );
  }
}

/** The agent's first retry interval: an update seen again this much later was retried, not duplicated in transit. */
const RETRY_INTERVAL_MS = 10_000;

type OfferFate = "outstanding" | "used" | "rescinded" | "stale";

interface FrameworkView {
  readonly offers: Map<string, OfferFate>;
  /** Updates with a uuid delivered and not acknowledged yet, by uuid (hex). */
  readonly unacknowledged: Map<string, { readonly what: string; readonly at: number; readonly subscription: number }>;
  subscription: number;
  /** Every uuid delivered, so an acknowledgement of something never sent is caught. */
  readonly delivered: Map<string, string>;
  tornDown: boolean;
}

/** Follows the cluster's log and collects violations. */
export class ProtocolReferee {
  readonly violations: Violation[] = [];
  private readonly frameworks = new Map<string, FrameworkView>();

  /** `now` is the cluster's clock; an update unacknowledged for `graceMs` at the end counts as never acknowledged. */
  constructor(
    private readonly now: () => number,
    private readonly graceMs = 2000,
  ) {}

  /** Looks at one log entry (calls received, events sent). */
  observe(entry: LogEntry): void {
    if (entry.kind === "event") this.event(entry.frameworkId, entry.event);
    else if (entry.kind === "call") this.call(entry.frameworkId, entry.call);
  }

  /** Violations that only show at the end: updates left unacknowledged for longer than the grace period. */
  finish(): Violation[] {
    const now = this.now();
    for (const [frameworkId, view] of this.frameworks) {
      if (view.tornDown) continue;
      for (const [uuid, update] of view.unacknowledged) {
        if (now - update.at >= this.graceMs) this.neverAcknowledged(frameworkId, uuid, update.what);
      }
      view.unacknowledged.clear();
    }
    return this.violations;
  }

  private neverAcknowledged(frameworkId: string, uuid: string, what: string): void {
    this.report(
      frameworkId,
      "unacknowledged-update",
      `framework ${frameworkId} never acknowledged the update ${what} (uuid ${uuid}); Mesos holds back every later update of that task until it does`,
    );
  }

  private view(frameworkId: string): FrameworkView {
    let view = this.frameworks.get(frameworkId);
    if (!view) {
      view = { offers: new Map(), unacknowledged: new Map(), delivered: new Map(), tornDown: false, subscription: 0 };
      this.frameworks.set(frameworkId, view);
    }
    return view;
  }

  private event(frameworkId: string, event: scheduler.Event): void {
    const view = this.view(frameworkId);
    switch (event.type) {
      case "SUBSCRIBED":
        view.subscription++;
        // Offers of an earlier subscription are gone.
        for (const [id, fate] of view.offers) if (fate === "outstanding") view.offers.set(id, "stale");
        break;
      case "OFFERS":
        for (const offer of event.offers.offers ?? []) view.offers.set(offer.id.value, "outstanding");
        break;
      case "RESCIND":
        if (view.offers.get(event.rescind.offer_id.value) === "outstanding")
          view.offers.set(event.rescind.offer_id.value, "rescinded");
        break;
      case "UPDATE": {
        const status = event.update.status;
        if (status.uuid) {
          const uuid = hex(status.uuid);
          const what = `${status.task_id.value}/${status.state}`;
          const earlier = view.unacknowledged.get(uuid);
          // The agent retried within one subscription: the scheduler let the retry interval pass without acknowledging.
          if (earlier && earlier.subscription === view.subscription && this.now() - earlier.at >= RETRY_INTERVAL_MS) {
            this.neverAcknowledged(frameworkId, uuid, what);
          }
          view.unacknowledged.set(uuid, { what, at: this.now(), subscription: view.subscription });
          view.delivered.set(uuid, status.task_id.value);
        }
        if (status.state === "TASK_ERROR" && status.message?.includes("is more than available")) {
          this.report(
            frameworkId,
            "over-launch",
            `framework ${frameworkId} launched task ${status.task_id.value} with more than it was offered: ${status.message}`,
          );
        }
        break;
      }
      default:
        break;
    }
  }

  private call(frameworkId: string | undefined, call: scheduler.Call): void {
    if (frameworkId === undefined) return;
    const view = this.view(frameworkId);
    if (view.tornDown) {
      this.report(frameworkId, "call-after-teardown", `framework ${frameworkId} sent ${call.type} after TEARDOWN`);
      return;
    }
    if (call.type === "ACCEPT" || call.type === "DECLINE") {
      const ids = call.type === "ACCEPT" ? (call.accept.offer_ids ?? []) : (call.decline.offer_ids ?? []);
      for (const { value: id } of ids) {
        const fate = view.offers.get(id);
        if (fate === "used")
          this.report(
            frameworkId,
            "offer-reused",
            `framework ${frameworkId} used offer ${id} twice (${call.type}); an offer is single-use`,
          );
        else if (fate === "rescinded")
          this.report(
            frameworkId,
            "offer-rescinded",
            `framework ${frameworkId} used offer ${id} after it was rescinded (${call.type})`,
          );
        else if (fate === "stale")
          this.report(
            frameworkId,
            "offer-stale",
            `framework ${frameworkId} used offer ${id} of an earlier subscription (${call.type}); offers die with their subscription`,
          );
        if (fate !== undefined) view.offers.set(id, "used");
      }
    } else if (call.type === "ACKNOWLEDGE") {
      const uuid = hex(call.acknowledge.uuid);
      const task = view.delivered.get(uuid);
      if (task === undefined) {
        this.report(
          frameworkId,
          "bad-acknowledgement",
          `framework ${frameworkId} acknowledged uuid ${uuid} of task ${call.acknowledge.task_id.value}, which no update it received carried`,
        );
      } else if (task !== call.acknowledge.task_id.value) {
        this.report(
          frameworkId,
          "bad-acknowledgement",
          `framework ${frameworkId} acknowledged uuid ${uuid} for task ${call.acknowledge.task_id.value}, but it belongs to task ${task}`,
        );
      }
      view.unacknowledged.delete(uuid);
    } else if (call.type === "TEARDOWN") {
      view.tornDown = true;
    }
  }

  private report(frameworkId: string | undefined, kind: Violation["kind"], message: string): void {
    this.violations.push({ frameworkId, kind, message });
  }
}
