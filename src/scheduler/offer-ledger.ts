/**
 * Which offers are still usable. Offers die with the subscription that
 * brought them; a scheduler that accepts an offer of an earlier subscription
 * gets its tasks lost, so the client refuses such calls locally.
 *
 * The event stream may carry thousands of offers a second, and most are
 * never looked at again. Receiving an offer therefore costs no hashing and
 * keeps no string alive: Mesos names offers `<master ID>-O<sequence number>`,
 * so an ID of that form is remembered as its number in a fixed ring (any
 * other ID is kept as the string). Retained strings were what made this
 * costly: each one survives into the old generation, which the garbage
 * collector then has to copy and mark. The set of stale IDs is built once,
 * when a new subscription makes the remembered offers stale.
 */

/** An offer as the OFFERS event carries it (only its ID matters here). */
export interface OfferLike {
  readonly id: { readonly value: string };
}

// The most recent offers are the ones a scheduler may still hold on to; remembering more would make a client
// that leaves offers unanswered grow with the length of its stream. Older stale offers are refused by Mesos.
const MAX_REMEMBERED = 10_000;
/** Marks a ring slot whose ID is kept as a string. */
const NOT_A_SEQUENCE = -1;
/** Longest sequence number kept as a number: 15 digits are always below 2^53, so they round-trip exactly. */
const MAX_SEQUENCE_DIGITS = 15;

/** Tracks offer IDs of the current subscription and remembers recent stale ones. */
export class OfferLedger {
  /** `<master ID>-O` of the current subscription's offers, learnt from its first offer of that form. */
  private prefix: string | undefined;
  private readonly sequences = new Float64Array(MAX_REMEMBERED);
  private readonly others: (string | undefined)[] = new Array<string | undefined>(MAX_REMEMBERED).fill(undefined);
  /** Offers received in the current subscription; the last MAX_REMEMBERED are in the ring. */
  private received = 0;
  /** Offers of the current subscription accepted, declined or rescinded. */
  private usedIds = new Set<string>();
  private stale = new Set<string>();

  /** A new subscription: every offer of the previous one not yet used becomes stale. */
  newSubscription(): void {
    for (const id of this.remembered()) if (!this.usedIds.has(id)) this.stale.add(id);
    this.prefix = undefined;
    this.received = 0;
    this.others.fill(undefined);
    this.usedIds = new Set();
    dropOldest(this.stale, MAX_REMEMBERED);
  }

  /** The offers of an OFFERS event. */
  offered(offers: readonly OfferLike[]): void {
    for (const offer of offers) {
      const id = offer.id.value;
      const slot = this.received++ % MAX_REMEMBERED;
      const sequence = this.sequenceOf(id);
      this.sequences[slot] = sequence;
      this.others[slot] = sequence === NOT_A_SEQUENCE ? id : undefined;
    }
    // Offer IDs are unique per master, so this only matters if a master were to reuse one.
    if (this.stale.size > 0) for (const offer of offers) this.stale.delete(offer.id.value);
  }

  /** Offers used (accepted, declined) or rescinded. */
  used(ids: Iterable<string>): void {
    for (const id of ids) this.usedIds.add(id);
    dropOldest(this.usedIds, MAX_REMEMBERED);
  }

  /** The first of `ids` that belongs to an earlier subscription, if any. */
  firstStale(ids: Iterable<string>): string | undefined {
    if (this.stale.size === 0) return undefined;
    for (const id of ids) if (this.stale.has(id)) return id;
    return undefined;
  }

  /** Number of offers of the current subscription not yet used (within the remembered ones). */
  get liveCount(): number {
    let live = 0;
    for (const id of this.remembered()) if (!this.usedIds.has(id)) live++;
    return live;
  }

  /** The remembered IDs of the current subscription, oldest first. */
  private *remembered(): Generator<string> {
    const count = Math.min(this.received, MAX_REMEMBERED);
    for (let k = this.received - count; k < this.received; k++) {
      const slot = k % MAX_REMEMBERED;
      const sequence = this.sequences[slot]!;
      yield sequence === NOT_A_SEQUENCE ? this.others[slot]! : `${this.prefix}${sequence}`;
    }
  }

  /**
   * The sequence number of an ID `<prefix><digits>` when the digits are canonical (so that the ID is exactly
   * the prefix and the number written in decimal), else NOT_A_SEQUENCE. Reads characters rather than slicing,
   * so that nothing is allocated per offer.
   */
  private sequenceOf(id: string): number {
    let prefix = this.prefix;
    if (prefix === undefined) {
      const marker = id.lastIndexOf("-O");
      if (marker === -1) return NOT_A_SEQUENCE;
      prefix = id.slice(0, marker + 2);
    } else if (!id.startsWith(prefix)) {
      return NOT_A_SEQUENCE;
    }
    const start = prefix.length;
    const digits = id.length - start;
    if (digits === 0 || digits > MAX_SEQUENCE_DIGITS || (digits > 1 && id.charCodeAt(start) === 48)) {
      return NOT_A_SEQUENCE;
    }
    let value = 0;
    for (let i = start; i < id.length; i++) {
      const digit = id.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return NOT_A_SEQUENCE;
      value = value * 10 + digit;
    }
    this.prefix = prefix;
    return value;
  }
}

/** Drops the oldest members (sets iterate in insertion order) beyond `limit`. */
function dropOldest(set: Set<string>, limit: number): void {
  let excess = set.size - limit;
  if (excess <= 0) return;
  for (const id of set) {
    if (excess-- <= 0) break;
    set.delete(id);
  }
}
