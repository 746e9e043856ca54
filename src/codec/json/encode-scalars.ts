/**
 * Field values → JSON text as Mesos writes them; the slow and checking paths
 * behind the compiled JSON encoders. Values of the wrong JavaScript type, or
 * out of their field's range, throw CodecError `ERR_CODEC_VALUE`.
 */
import { CodecError } from "../errors.js";
import type { EnumSchema, ScalarType } from "../schema.js";
import { encodeMesosBase64 } from "./base64.js";
import { formatMesosDouble } from "./format-double.js";
import { quoteMesosString } from "./quote-string.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return value instanceof Uint8Array ? "a Uint8Array" : "an object";
  return String(value);
}

/** Throws: `value` cannot be written as `expected`. */
export function badValue(value: unknown, expected: string): never {
  throw new CodecError("ERR_CODEC_VALUE", `expected ${expected}, got ${describe(value)}`);
}

/** Text of a 32-bit integer that did not pass the inline fast check. */
export function int32Text(value: unknown, unsigned: boolean): string {
  const n = typeof value === "bigint" ? Number(value) : value;
  const ok = typeof n === "number" && (unsigned ? n >>> 0 === n : (n | 0) === n);
  return ok ? String(n) : badValue(value, unsigned ? "a uint32 (integer 0 to 4294967295)" : "an int32 integer");
}

/** Text of a 64-bit integer given as bigint or (safe integer) number. */
export function int64Text(value: unknown, unsigned: boolean): string {
  const expected = unsigned ? "a uint64 (bigint, or safe integer number)" : "an int64 (bigint, or safe integer number)";
  if (typeof value === "bigint") {
    const wrapped = unsigned ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value);
    return wrapped === value ? value.toString() : badValue(value, expected);
  }
  if (typeof value === "number" && Number.isSafeInteger(value) && (!unsigned || value >= 0)) return String(value);
  return badValue(value, expected);
}

/** Text of a double (or float, already rounded to float32) field. */
export function doubleText(value: unknown): string {
  return typeof value === "number" ? formatMesosDouble(value) : badValue(value, "a number");
}

/** Quoted base64 of a bytes field. */
export function bytesText(value: unknown): string {
  return value instanceof Uint8Array ? `"${encodeMesosBase64(value)}"` : badValue(value, "a Uint8Array");
}

/** Quoted string field. */
export function stringText(value: unknown): string {
  return typeof value === "string" ? quoteMesosString(value) : badValue(value, "a string");
}

/** Name (or number) → quoted canonical name, as Mesos writes an enum value. */
export type EnumTexts = ReadonlyMap<string | number, string>;

const enumTables = new WeakMap<EnumSchema, EnumTexts>();

/** The texts of an enum's values, by name and by number. */
export function enumTextsOf(enumType: EnumSchema): EnumTexts {
  let table = enumTables.get(enumType);
  if (!table) {
    const map = new Map<string | number, string>();
    for (const v of enumType.values) {
      const canonical = `"${enumType.nameByNumber.get(v.number) ?? v.name}"`;
      map.set(v.name, canonical);
      if (!map.has(v.number)) map.set(v.number, canonical);
    }
    table = map;
    enumTables.set(enumType, table);
  }
  return table;
}

/**
 * Text of an enum value: a known name or number. An unknown number (kept from
 * a binary message) is not written, like Mesos does with values its schema
 * lacks; an unknown name is an error.
 */
export function enumText(value: unknown, texts: EnumTexts, enumName: string): string | undefined {
  const text = texts.get(value as string | number);
  if (text !== undefined) return text;
  if (typeof value === "number" && Number.isInteger(value)) return undefined;
  return badValue(value, `a value of enum ${enumName}`);
}

/** The texts of the known values of a repeated enum field, comma-separated ("" if none). */
export function enumListText(values: readonly unknown[], texts: EnumTexts, enumName: string): string {
  let out = "";
  for (let i = 0; i < values.length; i++) {
    let text: string | undefined;
    try {
      text = enumText(values[i], texts, enumName);
    } catch (e) {
      if (e instanceof CodecError) e.within(`[${i}]`);
      throw e;
    }
    if (text !== undefined) out = out === "" ? text : `${out},${text}`;
  }
  return out;
}

/** Quoted text of a map key: as given for strings, canonical digits or `true`/`false` otherwise. */
export function mapKeyText(key: string, type: ScalarType): string {
  if (type === "string") return quoteMesosString(key);
  if (type === "bool") {
    if (key === "true" || key === "false") return `"${key}"`;
    return badValue(key, "a bool map key (true or false)");
  }
  if (!/^-?\d+$/.test(key)) return badValue(key, `a ${type} map key`);
  const value = BigInt(key);
  const unsigned = type.startsWith("u") || type.startsWith("fixed");
  const bits = /64$/.test(type) ? 64 : 32;
  const wrapped = unsigned ? BigInt.asUintN(bits, value) : BigInt.asIntN(bits, value);
  return wrapped === value ? `"${value}"` : badValue(key, `a ${type} map key`);
}

/** Whether a proto3 implicit-presence value is its zero value (then Mesos writes nothing). */
export function isZeroValue(value: unknown): boolean {
  if (value === 0 || value === 0n || value === "" || value === false) return true;
  return value instanceof Uint8Array && value.length === 0;
}
