/**
 * Which offers are still usable. Offers die with the subscription that
 * brought them; a scheduler that accepts an offer of an earlier subscription
 * gets its tasks lost, so the client refuses such calls locally.
 *
 * The event stream may carry thousands of offers a second, and most are
 * never looked at again, so receiving an offer only appends its ID to an
 * array (no hashing, and not the offer itself, which would keep every
 * event's resources alive); the set is built once, when a new subscription
 * makes those offers stale.
 */

/** An offer as the OFFERS event carries it (only its ID matters here). */
export interface OfferLike {
  readonly id: { readonly value: string };
}

// The most recent offers are the ones a scheduler may still hold on to; remembering more would make a client
// that leaves offers unanswered grow with the length of its stream. Older stale offers are refused by Mesos.
const MAX_REMEMBERED = 10_000;

/** Tracks offer IDs of the current subscription and remembers recent stale ones. */
export class OfferLedger {
  /** IDs of the current subscription's offers, oldest first (up to twice the bound before trimming). */
  private offeredIds: string[] = [];
  /** Offers of the current subscription accepted, declined or rescinded. */
  private usedIds = new Set<string>();
  private stale = new Set<string>();

  /** A new subscription: every offer of the previous one not yet used becomes stale. */
  newSubscription(): void {
    for (const id of this.offeredIds.slice(-MAX_REMEMBERED)) if (!this.usedIds.has(id)) this.stale.add(id);
    this.offeredIds = [];
    this.usedIds = new Set();
    dropOldest(this.stale, MAX_REMEMBERED);
  }

  /** The offers of an OFFERS event. */
  offered(offers: readonly OfferLike[]): void {
    const ids = this.offeredIds;
    for (const offer of offers) ids.push(offer.id.value);
    // Offer IDs are unique per master, so this only matters if a master were to reuse one.
    if (this.stale.size > 0) for (const offer of offers) this.stale.delete(offer.id.value);
    // Trimming to the bound only when twice over keeps appending O(1) amortised.
    if (ids.length > 2 * MAX_REMEMBERED) this.offeredIds = ids.slice(-MAX_REMEMBERED);
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
    for (const id of this.offeredIds.slice(-MAX_REMEMBERED)) if (!this.usedIds.has(id)) live++;
    return live;
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
