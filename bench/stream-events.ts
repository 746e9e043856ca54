// The scheduler events of the `stream` benchmark, and the tally every contender
// keeps of what it received.
//
// The stream is deterministic (seeded): a SUBSCRIBED event, then a mix of OFFERS
// (1 to 12 offers each, built by offers.ts: reservations, allocation info,
// attributes; one offer in five has an `unavailability` whose start is an int64
// of nanoseconds above 2^53), UPDATE (a task status with `uuid` bytes, a
// timestamp, and for TASK_UNREACHABLE an `unreachable_time` in nanoseconds) and
// HEARTBEAT events, in the proportions of a busy framework. The values are in
// the shape of our generated types (snake_case, enums by name, int64 as bigint).
import type { mesos, scheduler } from "../src/generated/mesos-1.11.0/index.js";
import { buildOffer, buildUpdateEvent } from "./offers.js";

/** A small seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] drawn from `random`. */
export const randomInt = (random: () => number, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** Nanoseconds since the epoch around 2026-11 (above 2^53, so JSON.parse rounds them). */
const NANOS_BASE = 1_795_631_143_454_676_123n;
const STATES = [
  "TASK_STARTING",
  "TASK_RUNNING",
  "TASK_RUNNING",
  "TASK_RUNNING",
  "TASK_FINISHED",
  "TASK_FAILED",
] as const;

/** The SUBSCRIBED event that opens the stream (as Mesos 1.11 sends it). */
function subscribedEvent(): scheduler.Event {
  const frameworkId = buildOffer(0).framework_id.value;
  const masterId = frameworkId.slice(0, -"-0000".length);
  return {
    type: "SUBSCRIBED",
    subscribed: {
      framework_id: { value: frameworkId },
      heartbeat_interval_seconds: 15,
      master_info: {
        id: masterId,
        ip: 16777343,
        port: 5050,
        pid: "master@127.0.0.1:5050",
        hostname: "localhost",
        version: "1.11.0",
        address: { hostname: "localhost", ip: "127.0.0.1", port: 5050 },
        capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }],
      },
    },
  };
}

/**
 * The events of the stream, endless and deterministic for a seed: SUBSCRIBED,
 * then about 22% OFFERS, 63% UPDATE and 15% HEARTBEAT.
 */
export function* streamEvents(seed: number): Generator<scheduler.Event> {
  const random = seededRandom(seed);
  const template = buildUpdateEvent().update.status;
  yield subscribedEvent();
  let offerIndex = 0;
  for (let n = 0; ; n++) {
    const pick = random();
    if (pick < 0.22) {
      const offers: mesos.Offer[] = [];
      for (let k = randomInt(random, 1, 12); k > 0; k--, offerIndex++) {
        // offers.ts types a subset of our bindings' Offer (its Resource.type is not narrowed to the union).
        const offer = buildOffer(offerIndex) as unknown as mesos.Offer;
        if (offerIndex % 5 === 0)
          offer.unavailability = {
            start: { nanoseconds: NANOS_BASE + BigInt(offerIndex) * 1_000_003n },
            duration: { nanoseconds: 3_600_000_000_000n },
          };
        offers.push(offer);
      }
      yield { type: "OFFERS", offers: { offers } };
    } else if (pick < 0.85) {
      const uuid = new Uint8Array(16);
      for (let i = 0; i < 16; i++) uuid[i] = randomInt(random, 0, 255);
      // Mesos writes timestamps with microseconds.
      const timestamp = Math.round((1_795_631_143.454676 + n * 0.0137) * 1e6) / 1e6;
      const task = `web-server-${n % 997}.${(n * 2654435761) >>> 0}`;
      const status: mesos.TaskStatus =
        n % 10 === 7
          ? {
              task_id: { value: task },
              state: "TASK_UNREACHABLE",
              message: `Agent ${template.agent_id.value} is unreachable`,
              source: "SOURCE_MASTER",
              reason: "REASON_AGENT_REMOVED",
              agent_id: template.agent_id,
              timestamp,
              uuid,
              unreachable_time: { nanoseconds: NANOS_BASE + BigInt(n) * 13_700_001n },
            }
          : { ...template, task_id: { value: task }, state: STATES[n % STATES.length]!, timestamp, uuid };
      yield { type: "UPDATE", update: { status } };
    } else {
      yield { type: "HEARTBEAT" };
    }
  }
}

/** What a contender received, compared with what the server sent. */
export interface Fingerprint {
  events: number;
  subscribed: number;
  offersEvents: number;
  /** Offers in all OFFERS events. */
  offers: number;
  updates: number;
  heartbeats: number;
  other: number;
  /** Sum of every int64 nanoseconds field read (offer unavailability starts, unreachable times), as a decimal string. */
  nanos: string;
}

/** The payload of an event as every contender sees it (our types, or plain JSON.parse objects). */
interface EventLike {
  type?: string;
  offers?: OffersLike;
  update?: UpdateLike;
}
interface OffersLike {
  offers?: { unavailability?: { start: { nanoseconds: unknown } } }[];
}
interface UpdateLike {
  status: { unreachable_time?: { nanoseconds: unknown } };
}

const toBigInt = (value: unknown): bigint =>
  typeof value === "bigint" ? value : BigInt(typeof value === "number" ? Math.round(value) : String(value));

/**
 * Counts events by type, offers, and sums the int64 nanoseconds fields (exact
 * with bigint; a JSON.parse reader gets them rounded).
 */
export class Tally {
  events = 0;
  subscribed = 0;
  offersEvents = 0;
  offers = 0;
  updates = 0;
  heartbeats = 0;
  other = 0;
  nanos = 0n;
  /** When the contender sent SUBSCRIBE (it sets this; the worker's start time until then). */
  startedAt = performance.now();
  /** When the `expected`-th event was counted. */
  doneAt: number | undefined;

  /**
   * @param expected events after which the stream is complete
   * @param hooks `onSample` every 256 events (the worker samples memory there too, not only on its timer);
   *   `onComplete` once the last expected event is counted, while the client still holds its state
   */
  constructor(
    readonly expected: number,
    private readonly hooks: { onSample?: () => void; onComplete?: () => void } = {},
  ) {}

  /** Counts a whole event (`{ type, offers | update }`). */
  add(event: EventLike): boolean {
    return this.addTyped(event.type, event.type === "OFFERS" ? event.offers : event.update);
  }

  /** Counts an event given its type and its payload (`event.offers`, `event.update`, ...); true once complete. */
  addTyped(type: string | undefined, payload: unknown): boolean {
    switch (type) {
      case "SUBSCRIBED":
        this.subscribed++;
        break;
      case "OFFERS": {
        const offers = (payload as OffersLike).offers ?? [];
        this.offersEvents++;
        this.offers += offers.length;
        for (const offer of offers) {
          const start = offer.unavailability?.start.nanoseconds;
          if (start !== undefined) this.nanos += toBigInt(start);
        }
        break;
      }
      case "UPDATE": {
        const time = (payload as UpdateLike).status.unreachable_time?.nanoseconds;
        if (time !== undefined) this.nanos += toBigInt(time);
        this.updates++;
        break;
      }
      case "HEARTBEAT":
        this.heartbeats++;
        break;
      default:
        this.other++;
    }
    if ((++this.events & 255) === 0) this.hooks.onSample?.();
    if (this.events === this.expected) {
      this.doneAt = performance.now();
      this.hooks.onComplete?.();
    }
    return this.events >= this.expected;
  }

  fingerprint(): Fingerprint {
    const { events, subscribed, offersEvents, offers, updates, heartbeats, other } = this;
    return { events, subscribed, offersEvents, offers, updates, heartbeats, other, nanos: this.nanos.toString() };
  }
}

/** The differences between two fingerprints, ignoring `nanos` (reported apart: JSON.parse rounds int64). */
export function countMismatches(got: Fingerprint, expected: Fingerprint): string[] {
  const keys = ["events", "subscribed", "offersEvents", "offers", "updates", "heartbeats", "other"] as const;
  return keys.filter((k) => got[k] !== expected[k]).map((k) => `${k} ${got[k]} ≠ ${expected[k]}`);
}
