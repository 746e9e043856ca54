/**
 * The helpers generated encoders call, by the short names the generated code
 * uses for them, plus the conversion of map keys from their text form.
 */
import { CodecError } from "../errors.js";
import type { ScalarType } from "../schema.js";
import { unknownFields } from "../unknown-fields.js";
import { writeDouble, writeFloat } from "./floats.js";
import { describe } from "./int64.js";
import { writeString } from "./write-string.js";
import {
  enumNumber,
  writeBytes,
  writeFixed32,
  writeFixed64,
  writeInt32,
  writeInt64,
  writeSfixed32,
  writeSfixed64,
  writeSint32,
  writeSint64,
  writeUint32,
  writeUint64,
} from "./write-primitives.js";
import { valueError } from "./wire.js";
import { finishLength, grow, writeUnknown, writeVarint32 } from "./writer.js";

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/**
 * The value a map key's text stands for: a number or bigint for integer keys,
 * a boolean for bool keys, the text itself for string keys. Range checks
 * happen when the value is written.
 */
function mapKey(text: string, type: ScalarType): unknown {
  if (type === "string") return text;
  if (type === "bool") {
    if (text === "true") return true;
    if (text === "false") return false;
  } else if (INTEGER.test(text)) {
    const big = BigInt(text);
    if (type === "int32" || type === "sint32" || type === "sfixed32" || type === "uint32" || type === "fixed32") {
      // Out-of-range values stay out of range as numbers, so the writer rejects them.
      return Number(big);
    }
    return big;
  }
  throw valueError(`map key ${JSON.stringify(text)} is not a valid ${type}`);
}

/** The error for a message value that is not an object. */
function notMessage(value: unknown, typeName: string): CodecError {
  return valueError(`expected a ${typeName} object, got ${describe(value)}`);
}

/** Adds a path segment to a codec error (other errors pass through unchanged). */
function within(err: unknown, segment: string): unknown {
  return err instanceof CodecError ? err.within(segment) : err;
}

/** Helpers available to generated encoders, by their local names. */
export const encodeRuntime: Readonly<Record<string, unknown>> = {
  U: unknownFields,
  grow,
  fin: finishLength,
  wunk: writeUnknown,
  wv32: writeVarint32,
  wi32: writeInt32,
  wu32: writeUint32,
  ws32: writeSint32,
  wfx32: writeFixed32,
  wsfx32: writeSfixed32,
  wi64: writeInt64,
  wu64: writeUint64,
  ws64: writeSint64,
  wfx64: writeFixed64,
  wsfx64: writeSfixed64,
  wdbl: writeDouble,
  wflt: writeFloat,
  wstr: writeString,
  wbytes: writeBytes,
  enumNum: enumNumber,
  mapKey,
  notMessage,
  within,
  hasOwn: Object.hasOwn,
};

/** `var U = rt.U, …;` binding every runtime helper to a local of the generated module. */
export const encodeRuntimePrelude = `var ${Object.keys(encodeRuntime)
  .map((name) => `${name} = rt.${name}`)
  .join(", ")};`;
