/**
 * Source text of the expressions that turn one JSON value into one field value,
 * for the compiled JSON decoders. Fast paths are inline; everything else calls
 * the conversions of `decode-scalars.ts`.
 */
import type { EnumSchema, MessageSchema } from "../schema.js";
import { CodegenScope, literal } from "./codegen-scope.js";
import * as scalars from "./decode-scalars.js";
import type { FieldTarget } from "./field-target.js";

/** What happens to an enum name the schema does not know. */
export type UnknownEnum = "error" | "drop" | "default";

/** A lazily compiled message decoder, referenced from generated code as `<id>.fn(value)`. */
export interface DecoderSlot {
  fn: (value: object) => Record<string, unknown>;
}

/** Resolves the decoder slot of a message type (compiling it on first use). */
export type SlotLookup = (schema: MessageSchema) => DecoderSlot;

/** Name → canonical name (the first declared name of its number), as stout re-reads enums. */
const canonicalNames = new WeakMap<EnumSchema, ReadonlyMap<string, string>>();

function canonicalNamesOf(enumType: EnumSchema): ReadonlyMap<string, string> {
  let names = canonicalNames.get(enumType);
  if (!names) {
    const map = new Map<string, string>();
    for (const v of enumType.values) map.set(v.name, enumType.nameByNumber.get(v.number) ?? v.name);
    names = map;
    canonicalNames.set(enumType, names);
  }
  return names;
}

/**
 * Source of the value an unset map value stands for (stout adds the entry with
 * the value unset): the type's zero; for messages an empty message, decoded so
 * that its required fields count as missing.
 */
export function defaultExpression(target: FieldTarget, scope: CodegenScope, slots: SlotLookup): string {
  if (target.kind === "enum") return literal(target.enumType.values[0]?.name ?? "");
  if (target.kind === "message") return `${scope.ref(slots(target.messageType))}.fn({})`;
  switch (target.scalar) {
    case "string":
      return '""';
    case "bool":
      return "false";
    case "bytes":
      return "new Uint8Array(0)";
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
      return target.int64 === "bigint" ? "0n" : "0";
    default:
      return "0";
  }
}

/**
 * An expression converting the JSON value in variable `x` (never null or
 * undefined) for `target`; `field` is the name Mesos puts in its errors.
 */
export function convertExpression(
  x: string,
  target: FieldTarget,
  field: string,
  scope: CodegenScope,
  slots: SlotLookup,
  unknownEnum: UnknownEnum,
): string {
  const name = literal(field);
  const rt = (fn: (...args: never[]) => unknown): string => scope.ref(fn);
  const fail = `${rt(scalars.notExpecting)}(${x}, ${name})`;
  if (target.kind === "message") {
    const slot = scope.ref(slots(target.messageType));
    return `(typeof ${x} === "object" && !Array.isArray(${x}) ? ${slot}.fn(${x}) : ${fail})`;
  }
  if (target.kind === "enum") {
    const names = scope.ref(canonicalNamesOf(target.enumType));
    const miss =
      unknownEnum === "default"
        ? literal(target.enumType.values[0]?.name ?? "")
        : `${rt(scalars.unknownEnumName)}(${x}, ${unknownEnum === "error"})`;
    return `(typeof ${x} === "string" ? (${names}.get(${x}) ?? ${miss}) : ${fail})`;
  }
  const call = (fn: (value: unknown, field: string) => unknown): string => `${rt(fn)}(${x}, ${name})`;
  const isNumber = `typeof ${x} === "number"`;
  const bigintMode = target.int64 === "bigint";
  switch (target.scalar) {
    case "string":
      return `(typeof ${x} === "string" ? ${x} : ${fail})`;
    case "bytes":
      return `(typeof ${x} === "string" ? ${rt(scalars.toBytes)}(${x}, ${name}) : ${fail})`;
    case "bool":
      return `(typeof ${x} === "boolean" ? ${x} : ${call(scalars.toBool)})`;
    case "double":
      return `(${isNumber} ? ${x} : ${call(scalars.toDouble)})`;
    case "float":
      return `Math.fround(${isNumber} ? ${x} : ${call(scalars.toDouble)})`;
    case "int32":
    case "sint32":
    case "sfixed32":
      return `(${isNumber} ? ${x} | 0 : ${call(scalars.toInt32)})`;
    case "uint32":
    case "fixed32":
      return `(${isNumber} ? ${x} >>> 0 : ${call(scalars.toUint32)})`;
    case "int64":
    case "sint64":
    case "sfixed64": {
      const fast = `${isNumber} && Number.isSafeInteger(${x})`;
      if (bigintMode) return `(${fast} ? BigInt(${x}) : ${call(scalars.toInt64)})`;
      return `(${fast} ? ${x} + 0 : ${call(scalars.toInt64Number)})`;
    }
    case "uint64":
    case "fixed64": {
      const fast = `${isNumber} && ${x} >= 0 && Number.isSafeInteger(${x})`;
      if (bigintMode) return `(${fast} ? BigInt(${x}) : ${call(scalars.toUint64)})`;
      return `(${fast} ? ${x} + 0 : ${call(scalars.toUint64Number)})`;
    }
  }
}
