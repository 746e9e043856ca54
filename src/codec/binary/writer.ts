/**
 * The output buffer of the binary encoder: one growable byte array per encode
 * call (reused between calls), with length prefixes of nested messages
 * reserved as one byte and widened in place when the content turns out longer.
 */
import { varintSize32 } from "./wire.js";

/** Encoder state: the buffer `b` and the write position `p`. */
export interface Writer {
  b: Uint8Array;
  p: number;
}

/** Writes `v` (an unsigned 32-bit integer) as a varint at `p`; returns the new position. */
export function writeVarint32(b: Uint8Array, p: number, v: number): number {
  while (v > 127) {
    b[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  b[p++] = v;
  return p;
}

/**
 * Makes room for `need` more bytes after position `p` and returns the
 * (possibly new) buffer, which is also stored in `w.b`.
 */
export function grow(w: Writer, p: number, need: number): Uint8Array {
  const old = w.b;
  if (p + need <= old.length) return old;
  const next = new Uint8Array(Math.max(old.length * 2, p + need + 64));
  next.set(old.subarray(0, p));
  w.b = next;
  return next;
}

/**
 * Completes a length-delimited value whose one-byte length prefix was reserved
 * at `start` and whose content runs to `w.p`. A longer length shifts the
 * content to make room. Returns the position after the value (also in `w.p`).
 */
export function finishLength(w: Writer, start: number): number {
  const end = w.p;
  const len = end - start - 1;
  if (len < 128) {
    w.b[start] = len;
    return end;
  }
  const extra = varintSize32(len) - 1;
  const b = grow(w, end, extra);
  b.copyWithin(start + 1 + extra, start + 1, end);
  writeVarint32(b, start, len);
  return (w.p = end + extra);
}

/** Appends the raw unknown-field chunks of a message at `p`; returns the new position. */
export function writeUnknown(w: Writer, p: number, chunks: readonly Uint8Array[]): number {
  for (const chunk of chunks) {
    const b = grow(w, p, chunk.length);
    b.set(chunk, p);
    p += chunk.length;
  }
  return p;
}

let spare: Writer | undefined = { b: new Uint8Array(16384), p: 0 };
// A buffer that grew beyond this is not kept between calls.
const KEEP_LIMIT = 4 * 1024 * 1024;

/**
 * Runs `encode(message, writer)` and returns a copy of what it wrote. The
 * writer's buffer is reused by the next call; a nested call (from a getter,
 * say) gets its own.
 */
export function withWriter(encode: (message: object, w: Writer) => void, message: object): Uint8Array {
  const w = spare ?? { b: new Uint8Array(1024), p: 0 };
  spare = undefined;
  w.p = 0;
  try {
    encode(message, w);
    return w.b.slice(0, w.p);
  } finally {
    if (w.b.length <= KEEP_LIMIT) spare = w;
  }
}
