/**
 * Conversions of JSON values into field values, following stout's
 * `protobuf::internal::Parser`: the slow and error paths that the compiled
 * decoders call when a value is not already of the expected JavaScript type.
 * Error details are Mesos' own texts.
 */
import { CodecError } from "../errors.js";
import type { ScalarType } from "../schema.js";
import { decodeMesosBase64 } from "./base64.js";
import { parseExact } from "./exact-parser.js";
import { DOUBLE_TOKEN, INTEGER_TOKEN } from "./number-token.js";

/** What a JSON number (or a string holding one) stands for: an exact integer or a double. */
type NumberValue = bigint | number;

/** The JSON kind of a value, as Mesos names it in `Not expecting a JSON <kind>`. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "object";
  }
}

/** Throws `Not expecting a JSON <kind> for field '<field>'`. */
export function notExpecting(value: unknown, field: string): never {
  throw new CodecError("ERR_CODEC_JSON_TYPE", `Not expecting a JSON ${kindOf(value)} for field '${field}'`);
}

/** stout's `JSON::parse<JSON::Number>` of a string value; throws Mesos' text on failure. */
function parseNumberText(text: string, field: string): NumberValue {
  const token = text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
  let failure: string;
  if (INTEGER_TOKEN.test(token)) {
    if (Number.isFinite(Number(token))) return BigInt(token);
    failure = "Value out of range";
  } else if (DOUBLE_TOKEN.test(token)) {
    const value = Number(token);
    if (Number.isFinite(value)) return value;
    failure = "Value out of range";
  } else {
    const parsed = parseExact(text);
    failure = parsed.ok ? "Unexpected JSON type parsed" : parsed.error;
  }
  throw new CodecError(
    "ERR_CODEC_VALUE",
    `Failed to parse '${text}' as a JSON number for field '${field}': ${failure}`,
  );
}

/** A JSON number or numeric string as a number or exact integer; other kinds are rejected. */
function numberValue(value: unknown, field: string): NumberValue {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "string") return parseNumberText(value, field);
  return notExpecting(value, field);
}

/** `double`/`float` fields: numbers, `"Infinity"`, `"-Infinity"`, numeric strings. */
export function toDouble(value: unknown, field: string): number {
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  const n = numberValue(value, field);
  return typeof n === "bigint" ? Number(n) : n;
}

/** Truncates toward zero, like C++'s conversion of a double to an integer type. */
function toBigInt(n: NumberValue, field: string): bigint {
  if (typeof n === "bigint") return n;
  if (Number.isFinite(n)) return BigInt(Math.trunc(n));
  throw new CodecError("ERR_CODEC_VALUE", `${n} is not an integer value for field '${field}'`);
}

/** `int32`, `sint32`, `sfixed32`: truncated and wrapped to 32 bits. */
export function toInt32(value: unknown, field: string): number {
  const n = numberValue(value, field);
  return typeof n === "bigint" ? Number(BigInt.asIntN(32, n)) : n | 0;
}

/** `uint32`, `fixed32`: truncated and wrapped to 32 bits (negative values wrap). */
export function toUint32(value: unknown, field: string): number {
  const n = numberValue(value, field);
  return typeof n === "bigint" ? Number(BigInt.asUintN(32, n)) : n >>> 0;
}

/** `int64`, `sint64`, `sfixed64` as bigint, wrapped to 64 bits. */
export function toInt64(value: unknown, field: string): bigint {
  return BigInt.asIntN(64, toBigInt(numberValue(value, field), field));
}

/** `uint64`, `fixed64` as bigint, wrapped to 64 bits (negative values wrap). */
export function toUint64(value: unknown, field: string): bigint {
  return BigInt.asUintN(64, toBigInt(numberValue(value, field), field));
}

/** A 64-bit value for a field represented as `number`: must be a safe integer. */
function safeNumber(value: bigint, field: string): number {
  const n = Number(value);
  if (Number.isSafeInteger(n)) return n;
  throw new CodecError(
    "ERR_CODEC_VALUE",
    `64-bit integer ${value} of field '${field}' is not a safe JavaScript number; ` +
      "generate the bindings with --int64 bigint or override this field's representation",
  );
}

/** `int64` family as number (range-checked). */
export function toInt64Number(value: unknown, field: string): number {
  return safeNumber(toInt64(value, field), field);
}

/** `uint64` family as number (range-checked). */
export function toUint64Number(value: unknown, field: string): number {
  return safeNumber(toUint64(value, field), field);
}

/** `bool` fields: JSON booleans or the strings `true`/`false` (JSON whitespace allowed). */
export function toBool(value: unknown, field: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return notExpecting(value, field);
  const token = value.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
  if (token === "true") return true;
  if (token === "false") return false;
  const parsed = parseExact(value);
  const failure = parsed.ok ? "Unexpected JSON type parsed" : parsed.error;
  throw new CodecError(
    "ERR_CODEC_VALUE",
    `Failed to parse '${value}' as a JSON boolean for field '${field}': ${failure}`,
  );
}

/** `bytes` fields: base64 text with stout's quirks. */
export function toBytes(value: string, field: string): Uint8Array {
  const result = decodeMesosBase64(value);
  if (result instanceof Uint8Array) return result;
  throw new CodecError(
    "ERR_CODEC_VALUE",
    `Failed to base64 decode bytes field '${field}': Invalid character '${result.invalid}'`,
  );
}

/** The text of a map key read as the map's key type (stout parses keys like values of a field named `key`). */
export function mapKeyText(key: string, type: ScalarType): string {
  switch (type) {
    case "bool":
      return toBool(key, "key") ? "true" : "false";
    case "int32":
    case "sint32":
    case "sfixed32":
      return String(toInt32(key, "key"));
    case "uint32":
    case "fixed32":
      return String(toUint32(key, "key"));
    case "int64":
    case "sint64":
    case "sfixed64":
      return toInt64(key, "key").toString();
    case "uint64":
    case "fixed64":
      return toUint64(key, "key").toString();
    default:
      return key;
  }
}

/** An enum name the schema does not know: an error for required fields, else dropped (undefined). */
export function unknownEnumName(value: string, required: boolean): undefined {
  if (required) throw new CodecError("ERR_CODEC_VALUE", `Failed to find enum for '${value}'`);
  return undefined;
}
