/**
 * The helpers generated decoders call, by the short names the generated code
 * uses for them. Each compiled module binds them to locals once.
 */
import { CodecError } from "../errors.js";
import { addUnknownField } from "../unknown-fields.js";
import { readDouble, readFloat } from "./floats.js";
import {
  cursor,
  readBool,
  readFixed64Big,
  readFixed64Number,
  readInt64Big,
  readInt64Number,
  readSfixed64Big,
  readSfixed64Number,
  readSint64Big,
  readSint64Number,
  readTag,
  readUint64Big,
  readUint64Number,
  readVarint32,
} from "./read-primitives.js";
import { readString } from "./read-string.js";
import { enumChunk, keepUnknown, skipField } from "./skip-unknown.js";
import { binaryError, depthError, truncatedError } from "./wire.js";

/**
 * Reads a length prefix of two or more bytes at `p` (the one-byte case is
 * inline); `end` is the end of the enclosing message. Lengths must fit a
 * signed 32-bit size, as in protobuf.
 */
function readLength(b: Uint8Array, p: number, end: number): number {
  const start = p;
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const c = b[p++]!;
    v += (c & 127) * 2 ** shift;
    if (!(c > 127)) {
      if (v > 0x7fffffff) break;
      cursor.p = p;
      return v;
    }
  }
  if (p > end) throw truncatedError();
  throw binaryError(`invalid length at offset ${start}`);
}

/** Defines an own enumerable property (for the names `__proto__` would otherwise hijack). */
function setOwn(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/** Adds a path segment to a codec error (other errors pass through unchanged). */
function within(err: unknown, segment: string): unknown {
  return err instanceof CodecError ? err.within(segment) : err;
}

/** Adds a map-key segment (`["key"]`) to a codec error. */
function withinKey(err: unknown, key: string): unknown {
  return err instanceof CodecError ? err.within(`[${JSON.stringify(key)}]`) : err;
}

/** The error for a missing required field. */
function required(name: string): CodecError {
  return new CodecError("ERR_CODEC_REQUIRED_FIELD", "required field missing", name);
}

// Decoded objects and arrays are never made by `{}` / `[]` literals in generated
// code: V8 tracks literal allocation sites and, when most of their objects
// survive a scavenge (as a large decoded tree does), starts allocating them
// straight in the old generation. Their young children then keep every
// scavenge busy and old-space garbage piles up; decoding was measured several
// times slower, at random, in a process that had warmed up other code first.

/** Constructor of plain objects (its instances have Object.prototype as prototype). */
function PlainObject(): void {}
PlainObject.prototype = Object.prototype;

const EMPTY: readonly unknown[] = [];

/** A new empty array that no literal allocation site tracks. */
function newArray(): unknown[] {
  return EMPTY.slice();
}

/** Helpers available to generated decoders, by their local names. */
export const decodeRuntime: Readonly<Record<string, unknown>> = {
  S: cursor,
  rv32: readVarint32,
  rtag: readTag,
  rlen: readLength,
  rbool: readBool,
  ru64b: readUint64Big,
  ri64b: readInt64Big,
  rs64b: readSint64Big,
  ru64n: readUint64Number,
  ri64n: readInt64Number,
  rs64n: readSint64Number,
  rfx64b: readFixed64Big,
  rsfx64b: readSfixed64Big,
  rfx64n: readFixed64Number,
  rsfx64n: readSfixed64Number,
  rdbl: readDouble,
  rflt: readFloat,
  rstr: readString,
  unk: keepUnknown,
  skip: skipField,
  echunk: enumChunk,
  addUnk: addUnknownField,
  trunc: truncatedError,
  deep: depthError,
  hasOwn: Object.hasOwn,
  setOwn,
  within,
  withinKey,
  required,
  PlainObject,
  newArray,
};

/** `var S = rt.S, …;` binding every runtime helper to a local of the generated module. */
export const decodeRuntimePrelude = `var ${Object.keys(decodeRuntime)
  .map((name) => `${name} = rt.${name}`)
  .join(", ")};`;
