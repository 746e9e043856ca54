/**
 * Writers for scalar values, called by the generated encoders. Each takes the
 * buffer and position (the caller has made room for the largest encoding),
 * checks that the value is representable, and returns the new position.
 */
import { describe, halves, splitInt64 } from "./int64.js";
import { valueError } from "./wire.js";
import { writeVarint32 } from "./writer.js";

/** Writes the halves of a 64-bit value as a varint. */
function writeHalves(b: Uint8Array, p: number, lo: number, hi: number): number {
  while (hi !== 0) {
    b[p++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  return writeVarint32(b, p, lo);
}

function isInt32(v: unknown): v is number {
  return typeof v === "number" && (v | 0) === v;
}

function isUint32(v: unknown): v is number {
  return typeof v === "number" && v >>> 0 === v;
}

function rangeError(type: string, v: unknown): Error {
  return valueError(`expected ${type}, got ${describe(v)}`);
}

/** int32 (and enum numbers): negative values take 10 bytes, sign-extended as protobuf does. */
export function writeInt32(b: Uint8Array, p: number, v: unknown): number {
  if (!isInt32(v)) throw rangeError("an int32", v);
  return v >= 0 ? writeVarint32(b, p, v) : writeHalves(b, p, v >>> 0, 0xffffffff);
}

/** uint32. */
export function writeUint32(b: Uint8Array, p: number, v: unknown): number {
  if (!isUint32(v)) throw rangeError("a uint32", v);
  return writeVarint32(b, p, v);
}

/** sint32 (zigzag). */
export function writeSint32(b: Uint8Array, p: number, v: unknown): number {
  if (!isInt32(v)) throw rangeError("an int32", v);
  return writeVarint32(b, p, ((v << 1) ^ (v >> 31)) >>> 0);
}

function write4(b: Uint8Array, p: number, v: number): number {
  b[p] = v & 255;
  b[p + 1] = (v >>> 8) & 255;
  b[p + 2] = (v >>> 16) & 255;
  b[p + 3] = v >>> 24;
  return p + 4;
}

/** fixed32. */
export function writeFixed32(b: Uint8Array, p: number, v: unknown): number {
  if (!isUint32(v)) throw rangeError("a uint32", v);
  return write4(b, p, v);
}

/** sfixed32. */
export function writeSfixed32(b: Uint8Array, p: number, v: unknown): number {
  if (!isInt32(v)) throw rangeError("an int32", v);
  return write4(b, p, v);
}

/** uint64 varint (bigint or safe-integer number). */
export function writeUint64(b: Uint8Array, p: number, v: unknown): number {
  if (typeof v === "number" && v >>> 0 === v) return writeVarint32(b, p, v);
  splitInt64(v, false);
  return writeHalves(b, p, halves.lo, halves.hi);
}

/** int64 varint; negative values take 10 bytes. */
export function writeInt64(b: Uint8Array, p: number, v: unknown): number {
  if (typeof v === "number" && v >>> 0 === v) return writeVarint32(b, p, v);
  splitInt64(v, true);
  return writeHalves(b, p, halves.lo, halves.hi);
}

/** sint64 varint (zigzag). */
export function writeSint64(b: Uint8Array, p: number, v: unknown): number {
  splitInt64(v, true);
  const { lo, hi } = halves;
  const sign = hi >> 31;
  return writeHalves(b, p, ((lo << 1) ^ sign) >>> 0, (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0);
}

/** fixed64. */
export function writeFixed64(b: Uint8Array, p: number, v: unknown): number {
  splitInt64(v, false);
  return write4(b, write4(b, p, halves.lo), halves.hi);
}

/** sfixed64. */
export function writeSfixed64(b: Uint8Array, p: number, v: unknown): number {
  splitInt64(v, true);
  return write4(b, write4(b, p, halves.lo), halves.hi);
}

/** Bytes with their length prefix. */
export function writeBytes(b: Uint8Array, p: number, v: unknown): number {
  if (!(v instanceof Uint8Array)) throw rangeError("a Uint8Array", v);
  p = writeVarint32(b, p, v.length);
  if (v.length < 32) for (let i = 0; i < v.length; i++) b[p + i] = v[i]!;
  else b.set(v, p);
  return p + v.length;
}

/** The number of an enum value given by name (or, for any enum, as an int32 number). */
export function enumNumber(numbers: ReadonlyMap<string, number>, typeName: string, v: unknown): number {
  const n = typeof v === "string" ? numbers.get(v) : undefined;
  if (n !== undefined) return n;
  if (isInt32(v)) return v;
  throw valueError(`${describe(v)} is not a value of enum ${typeName}`);
}
