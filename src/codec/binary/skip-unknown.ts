/**
 * Unknown fields: skipping them (groups included, with nesting) and keeping
 * their raw bytes on the message, so a decode/encode round trip is exact.
 */
import { addUnknownField } from "../unknown-fields.js";
import { cursor, readTag, readVarint64 } from "./read-primitives.js";
import {
  binaryError,
  depthError,
  makeTag,
  MAX_DEPTH,
  truncatedError,
  varintBytes,
  WIRE_END_GROUP,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_LEN,
  WIRE_START_GROUP,
  WIRE_VARINT,
} from "./wire.js";

/**
 * Skips the value of the field whose tag `tag` ended at `p` and returns the
 * position after it (never beyond `end`). `depth` is the nesting of the
 * message being read, for the group recursion limit.
 */
export function skipField(b: Uint8Array, p: number, end: number, tag: number, depth: number): number {
  const fieldNumber = Math.floor(tag / 8);
  const wireType = tag & 7;
  if (fieldNumber === 0) throw binaryError("invalid field number 0");
  switch (wireType) {
    case WIRE_VARINT:
      readVarint64(b, p);
      p = cursor.p;
      break;
    case WIRE_FIXED64:
      p += 8;
      break;
    case WIRE_LEN: {
      readVarint64(b, p);
      p = cursor.p;
      if (cursor.hi !== 0 || cursor.lo > end - p) throw truncatedError();
      p += cursor.lo;
      break;
    }
    case WIRE_START_GROUP:
      p = skipGroup(b, p, end, fieldNumber, depth + 1);
      break;
    case WIRE_END_GROUP:
      throw binaryError(`unexpected end-group tag for field ${fieldNumber}`);
    case WIRE_FIXED32:
      p += 4;
      break;
    default:
      throw binaryError(`invalid wire type ${wireType} for field ${fieldNumber}`);
  }
  if (p > end) throw truncatedError();
  return p;
}

function skipGroup(b: Uint8Array, p: number, end: number, fieldNumber: number, depth: number): number {
  if (depth > MAX_DEPTH) throw depthError();
  while (p < end) {
    const tag = readTag(b, p, end);
    p = cursor.p;
    if ((tag & 7) === WIRE_END_GROUP) {
      if (Math.floor(tag / 8) !== fieldNumber) {
        throw binaryError(`end-group tag for field ${Math.floor(tag / 8)} closes the group of field ${fieldNumber}`);
      }
      if (p > end) throw truncatedError();
      return p;
    }
    p = skipField(b, p, end, tag, depth);
  }
  throw truncatedError();
}

/**
 * Skips an unknown field (its tag started at `start` and ended at `p`), keeps
 * its raw bytes on `message` and returns the position after it.
 */
export function keepUnknown(
  b: Uint8Array,
  start: number,
  p: number,
  end: number,
  tag: number,
  message: object,
  depth: number,
): number {
  const next = skipField(b, p, end, tag, depth);
  addUnknownField(message, b.slice(start, next));
  return next;
}

/**
 * The unknown-field chunk for a closed-enum number found in a packed array:
 * protobuf keeps each one as its own unpacked varint field.
 */
export function enumChunk(fieldNumber: number, value: number): Uint8Array {
  const tag = varintBytes(makeTag(fieldNumber, WIRE_VARINT));
  // Enum numbers are int32; negative ones are sign-extended to 10 bytes.
  const body = value >= 0 ? varintBytes(value) : negativeVarint(value);
  return Uint8Array.from([...tag, ...body]);
}

function negativeVarint(value: number): number[] {
  const out: number[] = [];
  let lo = value >>> 0;
  let hi = 0xffffffff;
  for (let i = 0; i < 9; i++) {
    out.push((lo & 127) | 128);
    lo = (lo >>> 7) | ((hi & 127) << 25);
    hi >>>= 7;
  }
  out.push(1);
  return out;
}
