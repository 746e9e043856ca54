/**
 * Seeded randomness for mini-mesos: ids, UUIDs and tie-breaking come from
 * one generator, so a run with the same seed produces the same events.
 */

/** A deterministic source of random numbers and UUIDs. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1) (mulberry32: small, fast, and good enough for simulation). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 16 random bytes shaped as an RFC 4122 version 4 UUID (Mesos rejects other versions). */
  uuidBytes(): Uint8Array {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(this.next() * 256);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return bytes;
  }

  /** A UUID in the canonical lowercase text form. */
  uuid(): string {
    const hex = Buffer.from(this.uuidBytes()).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
