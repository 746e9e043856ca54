/**
 * Master detection from a fixed list of masters. The list is tried in turn:
 * a master that fails moves the choice to the next one; a redirect from a
 * non-leader tells the client the leader directly (see the transport).
 */
import type { MasterDetector } from "./master-detector.js";

/** Picks masters from a fixed list, moving on when one fails. */
export class StaticMasterDetector implements MasterDetector {
  private readonly masters: readonly URL[];
  private index = 0;
  private readonly listeners = new Set<(leader: URL | undefined) => void>();

  constructor(masters: readonly URL[]) {
    if (masters.length === 0) throw new Error("StaticMasterDetector needs at least one master");
    this.masters = masters;
  }

  async leader(signal?: AbortSignal): Promise<URL> {
    signal?.throwIfAborted();
    return this.masters[this.index]!;
  }

  failed(master: URL): void {
    if (this.masters.length < 2 || this.masters[this.index]!.origin !== master.origin) return;
    this.index = (this.index + 1) % this.masters.length;
    for (const listener of this.listeners) listener(this.masters[this.index]);
  }

  onChange(listener: (leader: URL | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
