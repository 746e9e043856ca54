/**
 * Which offers are still usable. Offers die with the subscription that
 * brought them; a scheduler that accepts an offer of an earlier subscription
 * gets its tasks lost, so the client refuses such calls locally.
 */

// Enough to catch every realistic stale use, bounded so a long-lived client does not grow without limit.
const MAX_STALE_REMEMBERED = 100_000;

/** Tracks offer IDs of the current subscription and remembers recent stale ones. */
export class OfferLedger {
  private live = new Set<string>();
  private stale = new Set<string>();

  /** A new subscription: every live offer becomes stale. */
  newSubscription(): void {
    for (const id of this.live) this.stale.add(id);
    this.live = new Set();
    if (this.stale.size > MAX_STALE_REMEMBERED) {
      const excess = this.stale.size - MAX_STALE_REMEMBERED;
      let dropped = 0;
      for (const id of this.stale) {
        if (dropped++ >= excess) break;
        this.stale.delete(id);
      }
    }
  }

  /** Offers received. */
  offered(ids: Iterable<string>): void {
    for (const id of ids) this.live.add(id);
  }

  /** Offers used (accepted, declined) or rescinded. */
  used(ids: Iterable<string>): void {
    for (const id of ids) this.live.delete(id);
  }

  /** The first of `ids` that belongs to an earlier subscription, if any. */
  firstStale(ids: Iterable<string>): string | undefined {
    for (const id of ids) if (this.stale.has(id) && !this.live.has(id)) return id;
    return undefined;
  }

  /** Number of offers of the current subscription not yet used. */
  get liveCount(): number {
    return this.live.size;
  }
}
