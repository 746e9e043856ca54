/**
 * The master's outstanding offers, with the amount offered on each agent
 * kept up to date, so computing what an agent has left does not scan every
 * offer of the cluster (which made allocation rounds quadratic).
 */
import { Resources } from "../resources/index.js";

/** What the master remembers of an outstanding offer. */
export interface OfferRecord {
  readonly id: string;
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  readonly resources: Resources;
}

/** Outstanding offers by id (a Map's API) plus offered resources per agent. */
export class OfferBook {
  private readonly byId = new Map<string, OfferRecord>();
  private readonly offeredOnAgent = new Map<string, Resources>();

  get(id: string): OfferRecord | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  values(): IterableIterator<OfferRecord> {
    return this.byId.values();
  }

  set(id: string, offer: OfferRecord): this {
    this.delete(id);
    this.byId.set(id, offer);
    this.offeredOnAgent.set(offer.agentId, this.offeredOn(offer.agentId).add(offer.resources.unallocate()));
    return this;
  }

  delete(id: string): boolean {
    const offer = this.byId.get(id);
    if (!offer) return false;
    this.byId.delete(id);
    this.offeredOnAgent.set(offer.agentId, this.offeredOn(offer.agentId).subtract(offer.resources.unallocate()));
    return true;
  }

  /** Everything offered on an agent, without allocation info. */
  offeredOn(agentId: string): Resources {
    return this.offeredOnAgent.get(agentId) ?? Resources.EMPTY;
  }
}
