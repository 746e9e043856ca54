/**
 * Compiles JSON encoders that write exactly what Mesos writes
 * (mesos-protocol.md 2.1): keys in declaration order; singular fields when set,
 * or when unset with a `[default = ...]` and not deprecated (then the default);
 * repeated and map fields only when non-empty; no nulls, no whitespace.
 * One specialized function per message type, generated on first use.
 */
import { CodecError, MissingRequiredFieldsError } from "../errors.js";
import type { FieldSchema, MessageSchema } from "../schema.js";
import { findMissingRequired } from "../validate.js";
import { CodegenScope, functionName, lazySlots, literal, readProperty } from "./codegen-scope.js";
import * as enc from "./encode-scalars.js";
import { formatMesosDouble } from "./format-double.js";
import { quoteMesosString } from "./quote-string.js";
import { fieldTarget, type FieldTarget } from "./field-target.js";

interface EncoderSlot {
  fn: (message: object) => string;
}

const encoders = [new WeakMap<MessageSchema, JsonEncoder>(), new WeakMap<MessageSchema, JsonEncoder>()];

/** Set by generated code when a required field is unset; read after a top-level encode. */
const state = { missing: false };

type JsonEncoder = (message: object) => string;

/**
 * An encoder from a message object to the JSON text Mesos would write for it;
 * compiled once and cached per (schema, checkRequired). With `checkRequired`,
 * an unset required field anywhere throws MissingRequiredFieldsError (code
 * `ERR_CODEC_REQUIRED_FIELD`) listing every missing path; the check costs
 * nothing when all are set.
 */
export function compileJsonEncoder(schema: MessageSchema, checkRequired = false): JsonEncoder {
  const cache = encoders[checkRequired ? 1 : 0]!;
  let encoder = cache.get(schema);
  if (!encoder) {
    const slot = slotOf(schema);
    encoder = (message: object): string => {
      if (typeof message !== "object" || message === null || Array.isArray(message)) {
        enc.badValue(message, `a ${schema.typeName} message object`);
      }
      state.missing = false;
      let text: string;
      try {
        text = slot.fn(message);
      } catch (e) {
        if (e instanceof RangeError)
          throw new CodecError("ERR_CODEC_VALUE", "message nested too deeply (does it contain itself?)");
        throw e;
      }
      if (checkRequired && state.missing) {
        const paths = findMissingRequired(schema, message);
        if (paths.length > 0) throw new MissingRequiredFieldsError(paths);
      }
      return text;
    };
    cache.set(schema, encoder);
  }
  return encoder;
}

const slotOf = lazySlots<MessageSchema, EncoderSlot["fn"]>(compileMessage);

function wrap(error: unknown, segment: string): unknown {
  if (error instanceof CodecError) error.within(segment);
  return error;
}

/** Expression for the text of the value in `x`; for enums it may be undefined (not written). */
function textExpression(x: string, target: FieldTarget, scope: CodegenScope): string {
  const bad = (expected: string): string => `${scope.ref(enc.badValue)}(${x}, ${literal(expected)})`;
  if (target.kind === "message") {
    const slot = scope.ref(slotOf(target.messageType));
    return `(typeof ${x} === "object" && !Array.isArray(${x}) ? ${slot}.fn(${x}) : ${bad(`a ${target.messageType.typeName} message object`)})`;
  }
  if (target.kind === "enum") {
    const texts = scope.ref(enc.enumTextsOf(target.enumType));
    return `${scope.ref(enc.enumText)}(${x}, ${texts}, ${literal(target.enumType.typeName)})`;
  }
  const fmt = scope.ref(formatMesosDouble);
  switch (target.scalar) {
    case "string":
      return `(typeof ${x} === "string" ? ${scope.ref(quoteMesosString)}(${x}) : ${bad("a string")})`;
    case "bytes":
      return `${scope.ref(enc.bytesText)}(${x})`;
    case "bool":
      return `(${x} === true ? "true" : ${x} === false ? "false" : ${bad("a boolean")})`;
    case "double":
      return `(typeof ${x} === "number" ? ${fmt}(${x}) : ${bad("a number")})`;
    case "float":
      return `(typeof ${x} === "number" ? ${fmt}(Math.fround(${x})) : ${bad("a number")})`;
    case "int32":
    case "sint32":
    case "sfixed32":
      return `(typeof ${x} === "number" && (${x} | 0) === ${x} ? "" + ${x} : ${scope.ref(enc.int32Text)}(${x}, false))`;
    case "uint32":
    case "fixed32":
      return `(typeof ${x} === "number" && ${x} >>> 0 === ${x} ? "" + ${x} : ${scope.ref(enc.int32Text)}(${x}, true))`;
    case "uint64":
    case "fixed64":
      return `${scope.ref(enc.int64Text)}(${x}, true)`;
    default:
      return `${scope.ref(enc.int64Text)}(${x}, false)`;
  }
}

/** Text of a known value (a default), computed once at compile time. */
function constantText(target: FieldTarget, value: unknown): string {
  const scope = new CodegenScope();
  const text = scope.build<(x: unknown) => string | undefined>(
    "default.js",
    `return (x) => ${textExpression("x", target, scope)};`,
  )(value);
  if (text === undefined) throw new CodecError("ERR_CODEC_VALUE", `default ${String(value)} cannot be written`);
  return text;
}

/**
 * Source of the text Mesos writes for an unset map value: the value type's
 * zero; for messages an empty message (which still shows its defaults).
 */
function zeroSource(target: FieldTarget, scope: CodegenScope): string {
  if (target.kind === "message") return `${scope.ref(slotOf(target.messageType))}.fn({})`;
  if (target.kind === "enum") return literal(`"${target.enumType.values[0]?.name ?? ""}"`);
  switch (target.scalar) {
    case "string":
    case "bytes":
      return literal('""');
    case "bool":
      return literal("false");
    case "double":
    case "float":
      return literal("0.0");
    default:
      return literal("0");
  }
}

function compileMessage(schema: MessageSchema): EncoderSlot["fn"] {
  const scope = new CodegenScope();
  const w = scope.ref(wrap);
  const helpers: string[] = [];
  const parts = schema.fields.map((field, index) => fieldSource(field, index, scope, helpers));
  const fnName = functionName(schema.typeName, "toJson");
  const body = `${helpers.join("\n")}
return function ${fnName}(m) {
  let s = "{", at = "", v;
  try {
${parts.join("\n")}
  } catch (err) { throw ${w}(err, at); }
  return s + "}";
};`;
  return scope.build(`${fnName}.js`, body);
}

function fieldSource(field: FieldSchema, index: number, scope: CodegenScope, helpers: string[]): string {
  const w = scope.ref(wrap);
  const target = fieldTarget(field);
  const name = `${quoteMesosString(field.name)}:`;
  const key = `(s.length === 1 ? ${literal(name)} : ${literal(`,${name}`)})`;
  const read = `    at = ${literal(field.name)}; v = ${readProperty("m", field.name, scope)};`;
  const bad = (expected: string): string => `${scope.ref(enc.badValue)}(v, ${literal(expected)})`;

  if (field.kind === "map") {
    const keyText =
      field.mapKey === "string"
        ? `${scope.ref(quoteMesosString)}(k)`
        : `${scope.ref(enc.mapKeyText)}(k, ${literal(field.mapKey!)})`;
    const zero = zeroSource(target, scope);
    const value =
      target.kind === "enum"
        ? `(${textExpression("x", target, scope)} ?? ${zero})`
        : textExpression("x", target, scope);
    helpers.push(`function m${index}(v) {
  const keys = Object.keys(v);
  let t = "", k = "";
  try {
    for (let j = 0; j < keys.length; j++) {
      k = keys[j];
      const x = v[k];
      t += (j === 0 ? "" : ",") + ${keyText} + ":" + (x == null ? ${zero} : ${value});
    }
  } catch (err) { throw ${w}(err, "[" + JSON.stringify(k) + "]"); }
  return t;
}`);
    return `${read}
    if (v != null) { if (typeof v !== "object" || Array.isArray(v)) ${bad("an object (map)")}; const t = m${index}(v); if (t !== "") s += ${key} + "{" + t + "}"; }`;
  }

  if (field.label === "repeated") {
    const check = `if (!Array.isArray(v)) ${bad("an array")};`;
    if (target.kind === "enum") {
      const list = `${scope.ref(enc.enumListText)}(v, ${scope.ref(enc.enumTextsOf(target.enumType))}, ${literal(target.enumType.typeName)})`;
      return `${read}
    if (v != null) { ${check} const t = ${list}; if (t !== "") s += ${key} + "[" + t + "]"; }`;
    }
    helpers.push(`function r${index}(v) {
  let i = 0;
  try {
    let t = ${textExpression("v[0]", target, scope)};
    for (i = 1; i < v.length; i++) t += "," + ${textExpression("v[i]", target, scope)};
    return t;
  } catch (err) { throw ${w}(err, "[" + i + "]"); }
}`);
    return `${read}
    if (v != null) { ${check} if (v.length !== 0) s += ${key} + "[" + r${index}(v) + "]"; }`;
  }

  const writesDefault = field.hasDefault && !field.deprecated;
  const writeDefault = writesDefault ? `s += ${key} + ${literal(constantText(target, field.defaultValue))};` : "";
  const missing = field.label === "required" ? `${scope.ref(state)}.missing = true;` : "";
  const unset = missing || writeDefault ? ` else { ${missing} ${writeDefault} }` : "";
  const present = field.implicitPresence ? `v != null && !${implicitZero(field, scope)}` : "v != null";
  if (target.kind === "enum") {
    // A number the enum does not know is not written (but counts as set).
    const unknown = writeDefault ? ` else ${writeDefault}` : "";
    return `${read}
    if (${present}) { const t = ${textExpression("v", target, scope)}; if (t !== undefined) s += ${key} + t;${unknown} }${unset}`;
  }
  return `${read}
    if (${present}) s += ${key} + ${textExpression("v", target, scope)};${unset}`;
}

/** Condition under which a proto3 implicit-presence value is its zero (and so not written). */
function implicitZero(field: FieldSchema, scope: CodegenScope): string {
  if (field.kind === "enum") {
    const zeroName = field.enumType!.nameByNumber.get(0);
    return `(v === 0${zeroName === undefined ? "" : ` || v === ${literal(zeroName)}`})`;
  }
  if (field.kind === "message") return "false";
  return `${scope.ref(enc.isZeroValue)}(v)`;
}
