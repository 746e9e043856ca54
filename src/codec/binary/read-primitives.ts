/**
 * Readers for varints and fixed-width values, called by the generated decoders.
 *
 * Generated code keeps its read position in a local variable. Readers whose
 * length is not known up front leave the position after the value in
 * `cursor.p` (a shared cell: decoding is synchronous and calls no user code,
 * so one cell is enough). Reading past the end of the buffer yields
 * `undefined` bytes, which end every varint loop; the callers notice the
 * overrun when they compare the position with the end of their message.
 */
import { signedBig, signedNumber, unsignedBig, unsignedNumber } from "./int64.js";
import { binaryError, truncatedError } from "./wire.js";

/** Position after the last variable-length read, and the halves of the last 64-bit read. */
export const cursor = { p: 0, lo: 0, hi: 0 };

function tooLong(): Error {
  return binaryError("varint longer than 10 bytes");
}

/** Reads a varint at `p` and returns its low 32 bits as a signed int32 (protobuf truncates). */
export function readVarint32(b: Uint8Array, p: number): number {
  let c = b[p++]!;
  let v = c & 127;
  if (c > 127) {
    c = b[p++]!;
    v |= (c & 127) << 7;
    if (c > 127) {
      c = b[p++]!;
      v |= (c & 127) << 14;
      if (c > 127) {
        c = b[p++]!;
        v |= (c & 127) << 21;
        if (c > 127) {
          c = b[p++]!;
          v |= c << 28;
          if (c > 127) {
            // Bits above 32 are dropped, but the varint must still end within 10 bytes.
            for (let i = 0; i < 5; i++) {
              c = b[p++]!;
              if (!(c > 127)) {
                cursor.p = p;
                return v;
              }
            }
            throw tooLong();
          }
        }
      }
    }
  }
  cursor.p = p;
  return v;
}

/**
 * Reads a tag (a varint of at most 5 bytes that fits 32 bits) starting at `p`
 * and returns it unsigned; `end` is the end of the enclosing message.
 */
export function readTag(b: Uint8Array, p: number, end: number): number {
  const start = p;
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const c = b[p++]!;
    v += (c & 127) * 2 ** shift;
    if (!(c > 127)) {
      if (p > end) throw truncatedError();
      if (v > 0xffffffff) break;
      cursor.p = p;
      return v;
    }
  }
  if (p > end) throw truncatedError();
  throw binaryError(`invalid tag at offset ${start}`);
}

/** Reads a full varint into `cursor.lo` / `cursor.hi` (and the end into `cursor.p`). */
export function readVarint64(b: Uint8Array, p: number): void {
  let c = b[p++]!;
  let lo = c & 127;
  let hi = 0;
  if (c > 127) {
    c = b[p++]!;
    lo |= (c & 127) << 7;
    if (c > 127) {
      c = b[p++]!;
      lo |= (c & 127) << 14;
      if (c > 127) {
        c = b[p++]!;
        lo |= (c & 127) << 21;
        if (c > 127) {
          c = b[p++]!;
          lo |= (c & 127) << 28;
          hi = (c & 127) >>> 4;
          if (c > 127) {
            let shift = 3;
            for (;;) {
              c = b[p++]!;
              hi |= (c & 127) << shift;
              if (!(c > 127)) break;
              shift += 7;
              if (shift > 31) throw tooLong();
            }
          }
        }
      }
    }
  }
  cursor.p = p;
  cursor.lo = lo >>> 0;
  cursor.hi = hi >>> 0;
}

/** Reads a varint bool (any non-zero bit of the 64 makes it true). */
export function readBool(b: Uint8Array, p: number): boolean {
  readVarint64(b, p);
  return (cursor.lo | cursor.hi) !== 0;
}

function zigzag(): void {
  const lo = cursor.lo;
  const hi = cursor.hi;
  const mask = -(lo & 1);
  cursor.lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  cursor.hi = ((hi >>> 1) ^ mask) >>> 0;
}

function fixed64(b: Uint8Array, p: number): void {
  cursor.lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  cursor.hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
}

/** uint64 varint as bigint. */
export function readUint64Big(b: Uint8Array, p: number): bigint {
  const c = b[p]!;
  if (c < 128) {
    cursor.p = p + 1;
    return BigInt(c);
  }
  readVarint64(b, p);
  return unsignedBig(cursor.lo, cursor.hi);
}

/** int64 varint as bigint. */
export function readInt64Big(b: Uint8Array, p: number): bigint {
  readVarint64(b, p);
  return signedBig(cursor.lo, cursor.hi);
}

/** sint64 (zigzag) varint as bigint. */
export function readSint64Big(b: Uint8Array, p: number): bigint {
  readVarint64(b, p);
  zigzag();
  return signedBig(cursor.lo, cursor.hi);
}

/** uint64 varint as a safe-integer number. */
export function readUint64Number(b: Uint8Array, p: number): number {
  readVarint64(b, p);
  return unsignedNumber(cursor.lo, cursor.hi);
}

/** int64 varint as a safe-integer number. */
export function readInt64Number(b: Uint8Array, p: number): number {
  readVarint64(b, p);
  return signedNumber(cursor.lo, cursor.hi);
}

/** sint64 varint as a safe-integer number. */
export function readSint64Number(b: Uint8Array, p: number): number {
  readVarint64(b, p);
  zigzag();
  return signedNumber(cursor.lo, cursor.hi);
}

/** fixed64 as bigint. */
export function readFixed64Big(b: Uint8Array, p: number): bigint {
  fixed64(b, p);
  return unsignedBig(cursor.lo, cursor.hi);
}

/** sfixed64 as bigint. */
export function readSfixed64Big(b: Uint8Array, p: number): bigint {
  fixed64(b, p);
  return signedBig(cursor.lo, cursor.hi);
}

/** fixed64 as a safe-integer number. */
export function readFixed64Number(b: Uint8Array, p: number): number {
  fixed64(b, p);
  return unsignedNumber(cursor.lo, cursor.hi);
}

/** sfixed64 as a safe-integer number. */
export function readSfixed64Number(b: Uint8Array, p: number): number {
  fixed64(b, p);
  return signedNumber(cursor.lo, cursor.hi);
}
