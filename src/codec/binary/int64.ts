/**
 * 64-bit integers travel as two unsigned 32-bit halves (`lo`, `hi`) inside the
 * codec; these helpers turn halves into `bigint` or `number` values and back,
 * refusing any `number` that would lose precision.
 */
import { valueError } from "./wire.js";

const TWO_32 = 4294967296;
const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** The unsigned value of the halves as a bigint. */
export function unsignedBig(lo: number, hi: number): bigint {
  return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** The two's-complement signed value of the halves as a bigint. */
export function signedBig(lo: number, hi: number): bigint {
  if (hi < 0x80000000) return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
  return (BigInt(hi | 0) << 32n) + BigInt(lo);
}

/** The unsigned value of the halves as a number; throws when it is not a safe integer. */
export function unsignedNumber(lo: number, hi: number): number {
  if (hi > 0x1fffff) throw unsafeError(unsignedBig(lo, hi));
  return hi * TWO_32 + lo;
}

/** The signed value of the halves as a number; throws when it is not a safe integer. */
export function signedNumber(lo: number, hi: number): number {
  const h = hi | 0;
  // Within these bounds the product and sum are exact, so isSafeInteger decides.
  if (h > 0x1fffff || h < -0x200000) throw unsafeError(signedBig(lo, hi));
  const v = h * TWO_32 + lo;
  if (!Number.isSafeInteger(v)) throw unsafeError(signedBig(lo, hi));
  return v;
}

/** The error for a 64-bit value that a `number` field cannot hold exactly. */
export function unsafeError(value: bigint | number): Error {
  return valueError(
    `64-bit value ${String(value)} does not fit a JavaScript number exactly; ` +
      "generate the bindings with --int64 bigint or use a per-field int64 override",
  );
}

/** Where `splitInt64` leaves the halves it computes. */
export const halves = { lo: 0, hi: 0 };

/**
 * Splits a 64-bit value (bigint or safe-integer number) into `halves`, as two's
 * complement. `signed` says which range is accepted.
 */
export function splitInt64(value: unknown, signed: boolean): void {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      if (Number.isInteger(value)) throw unsafeError(value);
      throw valueError(`expected a 64-bit integer, got ${String(value)}`);
    }
    if (value < 0 && !signed) throw valueError(`unsigned 64-bit field cannot hold ${value}`);
    splitNumber(value);
    return;
  }
  if (typeof value === "bigint") {
    if (signed ? value < I64_MIN || value > I64_MAX : value < 0n || value > U64_MAX) {
      throw valueError(`${value} is out of range for a${signed ? " signed" : "n unsigned"} 64-bit field`);
    }
    const u = BigInt.asUintN(64, value);
    halves.lo = Number(u & 0xffffffffn);
    halves.hi = Number(u >> 32n);
    return;
  }
  throw valueError(`expected a 64-bit integer (bigint or number), got ${describe(value)}`);
}

function splitNumber(value: number): void {
  const abs = Math.abs(value);
  let lo = abs >>> 0;
  let hi = Math.floor(abs / TWO_32) >>> 0;
  if (value < 0) {
    // Two's complement of the 64-bit magnitude.
    lo = ~lo >>> 0;
    hi = ~hi >>> 0;
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  }
  halves.lo = lo;
  halves.hi = hi;
}

/** A short description of an unexpected value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return `${typeof value} ${String(value)}`;
}
