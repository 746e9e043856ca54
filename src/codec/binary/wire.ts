/**
 * Wire-format facts shared by the binary decoder and encoder: wire types, tags,
 * varint sizes and the error constructors both sides throw.
 */
import { CodecError } from "../errors.js";
import type { FieldSchema, ScalarType } from "../schema.js";

/** Wire type of varint-encoded values (int32, int64, uint*, sint*, bool, enum). */
export const WIRE_VARINT = 0;
/** Wire type of 8-byte little-endian values (fixed64, sfixed64, double). */
export const WIRE_FIXED64 = 1;
/** Wire type of length-delimited values (string, bytes, messages, maps, packed arrays). */
export const WIRE_LEN = 2;
/** Wire type that opens a (deprecated) group. */
export const WIRE_START_GROUP = 3;
/** Wire type that closes a group. */
export const WIRE_END_GROUP = 4;
/** Wire type of 4-byte little-endian values (fixed32, sfixed32, float). */
export const WIRE_FIXED32 = 5;

/** Messages nested deeper than this are rejected, like protobuf's default recursion limit. */
export const MAX_DEPTH = 100;

/** The wire type a scalar or enum value is written with when not packed. */
export function scalarWireType(type: ScalarType | "enum"): number {
  switch (type) {
    case "double":
    case "fixed64":
    case "sfixed64":
      return WIRE_FIXED64;
    case "float":
    case "fixed32":
    case "sfixed32":
      return WIRE_FIXED32;
    case "string":
    case "bytes":
      return WIRE_LEN;
    default:
      return WIRE_VARINT;
  }
}

/** The wire type one element of `field` is written with (packed arrays aside). */
export function fieldWireType(field: FieldSchema): number {
  if (field.kind === "message" || field.kind === "map") return WIRE_LEN;
  if (field.kind === "enum") return WIRE_VARINT;
  return scalarWireType(field.scalar!);
}

/** The numeric tag of a field number and wire type (unsigned; field numbers reach 2^29 - 1). */
export function makeTag(fieldNumber: number, wireType: number): number {
  // Multiplication instead of `<<` keeps tags of field numbers >= 2^28 positive.
  return fieldNumber * 8 + wireType;
}

/** The bytes of `value` (an unsigned 32-bit integer) as a varint. */
export function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** Number of bytes of `value` (an unsigned 32-bit integer) as a varint. */
export function varintSize32(value: number): number {
  const v = value >>> 0;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/** Bytes a fixed-width packable scalar takes, or 0 for varint-encoded types. */
export function fixedWidth(type: ScalarType | "enum"): number {
  const wire = scalarWireType(type);
  if (wire === WIRE_FIXED64) return 8;
  if (wire === WIRE_FIXED32) return 4;
  return 0;
}

/** A malformed-input error (`ERR_CODEC_BINARY`). */
export function binaryError(detail: string): CodecError {
  return new CodecError("ERR_CODEC_BINARY", detail);
}

/** The error for input that ends inside a field (or a field that overruns its message). */
export function truncatedError(): CodecError {
  return new CodecError("ERR_CODEC_BINARY", "truncated input");
}

/** The error for messages nested deeper than `MAX_DEPTH`. */
export function depthError(): CodecError {
  return new CodecError("ERR_CODEC_BINARY", `messages nested more than ${MAX_DEPTH} deep`);
}

/** A value that cannot be represented (`ERR_CODEC_VALUE`). */
export function valueError(detail: string): CodecError {
  return new CodecError("ERR_CODEC_VALUE", detail);
}
