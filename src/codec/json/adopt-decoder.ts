/**
 * The fast path of `fromJson`: `JSON.parse` without any scan of the text, and
 * a decoder that adopts the objects and arrays of the parsed tree as the
 * message objects instead of building a second tree.
 *
 * Mesos writes every key of a message in declaration order, never `null`,
 * never an empty array, and (up to version skew) only keys the schema knows.
 * For such an object the decoded message has exactly the object's keys in the
 * same order, so the object itself becomes the message: values that decode to
 * something else (64-bit integers, bytes, enum aliases, a single value of a
 * repeated field, ...) are written back in place, everything else stays as it
 * is. An object that does not qualify (a key out of order, unknown or null, a
 * value dropped) gets a new object built from its decoded fields, as the
 * reference decoder builds it. Objects are visited through their own keys
 * only, so absent fields cost nothing.
 *
 * `parseMesosJson` scans the text before `JSON.parse`, for the few texts
 * where `JSON.parse` reads something else than Mesos; this path does not scan
 * it, but looks at what it uses. A number token that overflows a double
 * (Mesos: `Value out of range`) is ±Infinity: the decoder checks every number
 * it uses, and the values of unknown keys, and has `parseMesosJson` report the
 * error. An integer beyond 2^53 may be rounded: integer fields take the exact
 * value from the text (see `long-numbers.ts`). Where that is ambiguous, for
 * -0 in a double field (picojson reads the integer `-0` as 0), and for nesting
 * as deep as Mesos' limit, the text is parsed by `parseMesosJson` after all,
 * and that tree adopted. The one difference left is in text Mesos never
 * writes: an overflowing number inside a value that a later duplicate key
 * replaces is dropped by `JSON.parse` unseen, so the text decodes where Mesos
 * (and `parseMesosJson`) rejects it.
 *
 * The fast path only has to be right when it succeeds. Anything unusual (a
 * type error, a missing required field, a null or nested array inside an
 * array, an unknown enum name inside an array) makes it give up: `fromJson`
 * then decodes a fresh exact parse with the reference decoder
 * (`compileJsonDecoder`), which finds the error Mesos reports first, with its
 * path, or the exact result. Because it changes the tree it is given, the fast
 * path is only ever used on a tree nobody else sees.
 */
import type { FieldSchema, MessageSchema } from "../schema.js";
import type { MessageObject } from "../unknown-fields.js";
import { CodegenScope, functionName, lazySlots, literal, readProperty } from "./codegen-scope.js";
import { decoderState, defineOwn, mapBody, slotOf, store } from "./compile-decoder.js";
import * as scalars from "./decode-scalars.js";
import { convertExpression } from "./decoder-values.js";
import { MAX_JSON_DEPTH } from "./exact-parser.js";
import { fieldTarget, type FieldTarget } from "./field-target.js";
import { AMBIGUOUS, ExactNumbers } from "./long-numbers.js";
import { parseJsonUnchecked, parseMesosJson } from "./parse.js";

/** Thrown by generated code to give up the fast path (never escapes this module). */
const GIVE_UP: unique symbol = Symbol("give up");
/** Thrown by generated code on ±Infinity: the number of an overflowing token, which Mesos rejects. */
const OVERFLOW: unique symbol = Symbol("overflow");
/** Thrown by generated code when a rounded number cannot be recovered: parse exactly. */
const REPARSE: unique symbol = Symbol("reparse");

/**
 * The text being decoded, the recovery of its rounded numbers (made when first needed), whether it was parsed
 * exactly, and whether it is trusted Mesos output (see `withNumbersOf`).
 */
const current: { text: string; numbers: ExactNumbers | undefined; exact: boolean; trusted: boolean } = {
  text: "",
  numbers: undefined,
  exact: false,
  trusted: false,
};

/** A lazily compiled adopter, referenced from generated code as `<id>.fn(value, depth)`. */
interface AdoptSlot {
  /** Adopts `value`, an object `depth` levels deep in the text (the top-level object is at 1). */
  fn: (value: object, depth: number) => MessageObject;
}

const textDecoders = new WeakMap<MessageSchema, JsonTextDecoder>();

/** Decodes JSON text, or returns undefined when the reference decoder must decide. */
export type JsonTextDecoder = (text: string) => MessageObject | undefined;

/**
 * The fast text decoder of `schema` (compiled on first use). It returns
 * undefined whenever the text is not the plain case, including every error and
 * every missing required field: decode `parseMesosJson(text)` with
 * `compileJsonDecoder` then. It may throw the CodecError of
 * `parseMesosJson(text)`.
 */
export function compileJsonTextDecoder(schema: MessageSchema): JsonTextDecoder {
  let decoder = textDecoders.get(schema);
  if (decoder) return decoder;
  const slot = adoptSlotOf(schema);
  const adopt = (value: unknown): MessageObject | undefined | typeof REPARSE => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    decoderState.missing = false;
    let message: MessageObject;
    try {
      message = slot.fn(value, 1);
    } catch (e) {
      if (e === REPARSE) return REPARSE;
      // Mesos fails on the text before it looks at any field: let parseMesosJson say how.
      if (e === OVERFLOW) parseMesosJson(current.text);
      return undefined;
    }
    // Map values are decoded by the reference decoder, which notes missing required fields there.
    return decoderState.missing ? undefined : message;
  };
  decoder = (text: string): MessageObject | undefined => {
    const value = parseJsonUnchecked(text);
    if (value === undefined) return undefined;
    current.text = text;
    current.exact = false;
    try {
      const message = adopt(value);
      if (message !== REPARSE) return message;
      current.exact = true;
      const exact = adopt(parseMesosJson(text));
      return exact === REPARSE ? undefined : exact;
    } finally {
      current.text = "";
      current.numbers = undefined;
    }
  };
  textDecoders.set(schema, decoder);
  return decoder;
}

/**
 * Runs `decode` (generated code that may call the slow paths here) on the
 * parsed `text`; undefined when it gives up, or meets a number it cannot
 * take from the parsed tree, or any error: the checked path then decides.
 */
export function withNumbersOf<R>(text: string, decode: () => R): R | undefined {
  current.text = text;
  current.exact = false;
  current.trusted = true;
  try {
    return decode();
  } catch {
    return undefined;
  } finally {
    current.text = "";
    current.numbers = undefined;
    current.trusted = false;
  }
}

const adoptSlotOf = lazySlots<MessageSchema, AdoptSlot["fn"]>(compileAdopter);

/** Assignment of `value` to the existing own property `name` of `target`. */
function writeBack(target: string, name: string, value: string, scope: CodegenScope): string {
  if (name === "__proto__") return `${scope.ref(defineOwn)}(${target}, "__proto__", ${value});`;
  return `${target}[${literal(name)}] = ${value};`;
}

/** Whether a decoded scalar or enum value `y` can differ from its JSON value `x` (then it is written back). */
function changes(target: FieldTarget): "never" | "compare" | "always" {
  if (target.kind === "message") return "compare";
  if (target.kind === "enum") return "compare";
  switch (target.scalar) {
    case "string":
      return "never";
    case "bytes":
      return "always";
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
      return target.int64 === "bigint" ? "always" : "compare";
    default:
      return "compare";
  }
}

/**
 * Statement storing decoded `y` (from JSON value `x`, of `target`) with `assign`
 * when it differs. `-0` becomes `0` in integer fields, so zero is always stored.
 */
function storeIfChanged(target: FieldTarget, x: string, y: string, assign: (value: string) => string): string {
  switch (changes(target)) {
    case "never":
      return "";
    case "always":
      return assign(y);
    case "compare": {
      const zero = target.kind === "scalar" && target.scalar !== "bool" ? ` || ${y} === 0` : "";
      return `if (${y} !== ${x}${zero}) ${assign(y)}`;
    }
  }
}

/** Gives up the fast path (from generated code). */
export function giveUp(): never {
  throw GIVE_UP;
}

function overflow(): never {
  throw OVERFLOW;
}

/** Leaves the tree to `parseMesosJson` (unless it comes from there). */
function reparse(): void {
  if (!current.exact) throw REPARSE;
}

/** Slow path of double and float fields: ±Infinity, or a zero that may be -0. */
function toDouble(value: unknown, field: string): number {
  if (typeof value === "number") {
    if (value - value !== 0) overflow();
    if (Object.is(value, -0)) reparse();
    return value;
  }
  return scalars.toDouble(value, field);
}

/**
 * The value Mesos reads for a number of magnitude 2^53 or more that an
 * integer field uses (`key`: the field, when the number is its value rather
 * than an element of it): `JSON.parse` may have rounded it.
 */
function recover(value: number, key: string | undefined): bigint | number {
  if (current.exact) return value;
  current.numbers ??= new ExactNumbers(current.text, current.trusted);
  const exact = current.numbers.exact(value, key);
  if (exact !== undefined && exact !== AMBIGUOUS) return exact;
  reparse();
  return value;
}

type Convert<R> = (value: unknown, field: string) => R;

/**
 * Slow paths of an integer field: ±Infinity would become 0 or an error, a
 * large number may be rounded. One for values of the field, one for elements.
 */
function integer<R>(convert: Convert<R>): { value: Convert<R>; element: Convert<R> } {
  const slow = (value: unknown, field: string, key: string | undefined): R => {
    if (typeof value === "number") {
      if (value - value !== 0) overflow();
      if (!(Math.abs(value) < 2 ** 53)) return convert(recover(value, key), field);
    }
    return convert(value, field);
  };
  return {
    value: (value, field) => slow(value, field, field),
    element: (value, field) => slow(value, field, undefined),
  };
}

const toInt32 = integer(scalars.toInt32);
const toUint32 = integer(scalars.toUint32);
const toInt64 = integer(scalars.toInt64);
const toUint64 = integer(scalars.toUint64);
const toInt64Number = integer(scalars.toInt64Number);
const toUint64Number = integer(scalars.toUint64Number);

/** Fails on ±Infinity anywhere in `value` (`depth` levels deep): for values of unknown keys, which are dropped. */
function checkNumbers(value: unknown, depth: number): void {
  if (typeof value === "number") {
    if (value - value !== 0) overflow();
  } else if (typeof value === "object" && value !== null) {
    if (depth > MAX_JSON_DEPTH) reparse();
    if (Array.isArray(value)) for (const item of value) checkNumbers(item, depth + 1);
    else for (const key in value) checkNumbers((value as Record<string, unknown>)[key], depth + 1);
  }
}

/**
 * Like `checkNumbers`, and leaves to `parseMesosJson` a number that may be
 * rounded or -0: for maps, decoded by the reference conversions.
 */
function checkMapNumbers(value: unknown, depth: number): void {
  if (typeof value === "number") {
    if (value - value !== 0) overflow();
    if (!(Math.abs(value) < 2 ** 53) || Object.is(value, -0)) reparse();
  } else if (typeof value === "object" && value !== null) {
    if (depth > MAX_JSON_DEPTH) reparse();
    if (Array.isArray(value)) for (const item of value) checkMapNumbers(item, depth + 1);
    else for (const key in value) checkMapNumbers((value as Record<string, unknown>)[key], depth + 1);
  }
}

/**
 * Expression decoding non-null `x` for `target` (an object `depth` levels
 * deep; `inArray`: an element, not the value of the field); for enums,
 * undefined stands for a dropped name.
 */
export function decodeExpression(
  x: string,
  target: FieldTarget,
  field: FieldSchema,
  scope: CodegenScope,
  depth: string,
  inArray: boolean,
): string {
  if (target.kind === "message") {
    const slot = scope.ref(adoptSlotOf(target.messageType));
    return `(typeof ${x} === "object" && !Array.isArray(${x}) ? ${slot}.fn(${x}, ${depth}) : ${scope.ref(giveUp)}())`;
  }
  if (target.kind === "enum") {
    const unknownEnum = field.label === "required" ? "error" : "drop";
    return convertExpression(x, target, field.name, scope, slotOf, unknownEnum);
  }
  const slow = (fn: Convert<unknown> | { value: Convert<unknown>; element: Convert<unknown> }): string =>
    `${scope.ref(typeof fn === "function" ? fn : inArray ? fn.element : fn.value)}(${x}, ${literal(field.name)})`;
  const isNumber = `typeof ${x} === "number"`;
  const bigintMode = target.int64 === "bigint";
  switch (target.scalar) {
    case "double":
      return `(${isNumber} && ${x} - ${x} === 0 && ${x} !== 0 ? ${x} : ${slow(toDouble)})`;
    case "float":
      return `Math.fround(${isNumber} && ${x} - ${x} === 0 && ${x} !== 0 ? ${x} : ${slow(toDouble)})`;
    case "int32":
    case "sint32":
    case "sfixed32":
      return `(${isNumber} && (${x} | 0) === ${x} ? ${x} | 0 : ${slow(toInt32)})`;
    case "uint32":
    case "fixed32":
      return `(${isNumber} && ${x} >>> 0 === ${x} ? ${x} >>> 0 : ${slow(toUint32)})`;
    case "int64":
    case "sint64":
    case "sfixed64": {
      const fast = `${isNumber} && Number.isSafeInteger(${x})`;
      if (bigintMode) return `(${fast} ? BigInt(${x}) : ${slow(toInt64)})`;
      return `(${fast} ? ${x} + 0 : ${slow(toInt64Number)})`;
    }
    case "uint64":
    case "fixed64": {
      const fast = `${isNumber} && ${x} >= 0 && Number.isSafeInteger(${x})`;
      if (bigintMode) return `(${fast} ? BigInt(${x}) : ${slow(toUint64)})`;
      return `(${fast} ? ${x} + 0 : ${slow(toUint64Number)})`;
    }
    default:
      // string, bytes, bool: a number is a type error anyway.
      return convertExpression(x, target, field.name, scope, slotOf, "drop");
  }
}

function fieldBody(field: FieldSchema, index: number, scope: CodegenScope, helpers: string[]): string {
  const f = `f${index}`;
  const assign = (value: string): string => writeBack("o", field.name, value, scope);
  if (field.kind === "map") {
    return `${scope.ref(checkMapNumbers)}(v, d + 1);
        ${mapBody(field, index, scope, helpers)}
        if (${f} === undefined) own = false; else ${assign(f)}`;
  }
  const target = fieldTarget(field);
  // An element of an array is two levels below the object, a value one.
  const decode = (x: string, inArray = false): string =>
    decodeExpression(x, target, field, scope, inArray ? "d + 2" : "d + 1", inArray);
  const mayDrop = target.kind === "enum";
  if (field.label !== "repeated") {
    const keep = storeIfChanged(target, "v", "y", assign);
    if (mayDrop) return `y = ${decode("v")}; if (y === undefined) own = false; else { ${f} = y; ${keep} }`;
    return `y = ${decode("v")}; ${f} = y; ${keep}`;
  }
  const element = storeIfChanged(target, "e", "y", (value) => `v[j] = ${value};`);
  const drop = mayDrop ? `if (y === undefined) ${scope.ref(giveUp)}();` : "";
  const single = mayDrop
    ? `if (y === undefined) own = false; else { ${f} = [y]; ${assign(f)} }`
    : `${f} = [y]; ${assign(f)}`;
  return `if (Array.isArray(v)) {
          const n = v.length;
          if (n === 0) own = false;
          else {
            for (let j = 0; j < n; j++) {
              const e = v[j];
              if (e === null || Array.isArray(e)) ${scope.ref(giveUp)}();
              y = ${decode("e", true)}; ${drop}
              ${element}
            }
            ${f} = v;
          }
        } else {
          y = ${decode("v")}; ${single}
        }`;
}

function compileAdopter(schema: MessageSchema): AdoptSlot["fn"] {
  const scope = new CodegenScope();
  const helpers: string[] = [];
  const fields = schema.fields;
  const known = scope.ref(new Set(fields.map((field) => field.name)));
  // Values are read inside the key loop (`o[k]` there is a load by the object's own key list, fast whatever
  // the object's shape), not by name afterwards: objects of one message type come in many shapes (optional
  // fields present or not), and a load by name that sees many shapes is slow.
  const expect = fields.map(
    (field, i) => `      case ${i}: if (k === ${literal(field.name)}) { p = ${i + 1}; x${i} = o[k]; continue; }`,
  );
  const rereads = fields.map((field, i) => `x${i} = ${readProperty("o", field.name, scope)};`);
  const reads = fields.map(
    (field, i) => `  if (x${i} !== undefined) {
    v = x${i};
    if (v === null) own = false;
    else {
      ${fieldBody(field, i, scope, helpers)}
    }
  }`,
  );
  const locals = fields.map((_, i) => `, f${i}, x${i}`).join("");
  const required = fields
    .map((field, i) => (field.label === "required" ? `if (f${i} === undefined) ${scope.ref(giveUp)}();` : ""))
    .filter(Boolean)
    .join("\n  ");
  const stores = fields.map((field, i) => `if (f${i} !== undefined) ${store("r", field.name, `f${i}`, scope)}`);
  const fnName = functionName(schema.typeName, "adoptJson");
  // The keys are expected in declaration order: the switch tries the fields
  // from the one after the previous key on (falling through). Any other key
  // (unknown, or out of order) means a new object, and every field is read by name.
  const body = `${helpers.join("\n")}
return function ${fnName}(o, d) {
  if (d > ${MAX_JSON_DEPTH}) ${scope.ref(reparse)}();
  let p = 0, own = true, v, y${locals};
  for (const k in o) {
    switch (p) {
${expect.join("\n")}
    }
    own = false;
    if (!${known}.has(k)) ${scope.ref(checkNumbers)}(o[k], d + 1);
  }
  if (!own) {
    ${rereads.join("\n    ")}
  }
${reads.join("\n")}
  ${required}
  if (own) return o;
  const r = {};
  ${stores.join("\n  ")}
  return r;
};`;
  return scope.build(`${fnName}.js`, body);
}
