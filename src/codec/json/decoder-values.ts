/**
 * Source text of the expressions that turn one JSON value into one field value,
 * for the compiled JSON decoders. Fast paths are inline; everything else calls
 * the conversions of `decode-scalars.ts`.
 */
import type { EnumSchema, MessageSchema } from "../schema.js";
import { CodegenScope, functionName, literal } from "./codegen-scope.js";
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

/** Finds the canonical name of an enum value name, or undefined for a name the enum does not know. */
export type EnumLookup = (name: string) => string | undefined;

const enumLookups = new WeakMap<EnumSchema, EnumLookup>();

/**
 * The lookup of `enumType`'s names, each mapped to its canonical name (the
 * first declared name of its number), as stout re-reads enums. Compiled to a
 * switch on the length and then on the characters that tell names apart: the
 * strings of a parse are new every time, so a Map lookup would hash each one.
 */
export function enumLookup(enumType: EnumSchema): EnumLookup {
  let lookup = enumLookups.get(enumType);
  if (!lookup) {
    const canonical = new Map<string, string>();
    for (const v of enumType.values) canonical.set(v.name, enumType.nameByNumber.get(v.number) ?? v.name);
    const byLength = new Map<number, string[]>();
    for (const name of canonical.keys()) {
      const group = byLength.get(name.length);
      if (group) group.push(name);
      else byLength.set(name.length, [name]);
    }
    const cases = [...byLength].map(([length, names]) => `    case ${length}: {\n${dispatch(names, canonical)}\n    }`);
    const body = `return function ${functionName(enumType.typeName, "lookup")}(v) {
  switch (v.length) {
${cases.join("\n")}
  }
  return undefined;
};`;
    lookup = new CodegenScope().build<EnumLookup>(`${functionName(enumType.typeName, "lookup")}.js`, body);
    enumLookups.set(enumType, lookup);
  }
  return lookup;
}

/** Statements returning the canonical name of `v` among `names` (all of one length), else undefined. */
function dispatch(names: readonly string[], canonical: ReadonlyMap<string, string>): string {
  if (names.length <= 2) {
    return (
      // A canonical name returns `v` itself: the caller then sees no change without comparing again.
      names
        .map((n) => `if (v === ${literal(n)}) return ${canonical.get(n) === n ? "v" : literal(canonical.get(n)!)};`)
        .join("\n") + "\nreturn undefined;"
    );
  }
  // The position whose character splits the names into the most groups.
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < names[0]!.length; i++) {
    const count = new Set(names.map((n) => n.charCodeAt(i))).size;
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  if (bestCount === 1) return dispatch(names.slice(0, 2), canonical); // unreachable: names are distinct
  const groups = new Map<number, string[]>();
  for (const name of names) {
    const c = name.charCodeAt(best);
    const group = groups.get(c);
    if (group) group.push(name);
    else groups.set(c, [name]);
  }
  const cases = [...groups].map(([c, group]) => `case ${c}: {\n${dispatch(group, canonical)}\n}`);
  return `switch (v.charCodeAt(${best})) {\n${cases.join("\n")}\n}\nreturn undefined;`;
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
    const lookup = scope.ref(enumLookup(target.enumType));
    const miss =
      unknownEnum === "default"
        ? literal(target.enumType.values[0]?.name ?? "")
        : `${rt(scalars.unknownEnumName)}(${x}, ${unknownEnum === "error"})`;
    return `(typeof ${x} === "string" ? (${lookup}(${x}) ?? ${miss}) : ${fail})`;
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
