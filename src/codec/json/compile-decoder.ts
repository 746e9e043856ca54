/**
 * Compiles JSON decoders: one specialized function per message type, generated
 * on first use, mapping a parsed JSON value onto a new message object the way
 * stout's `protobuf::parse` does (see mesos-protocol.md 2.2).
 *
 * Keys are visited in sorted order, as Mesos walks its `std::map`, so that the
 * first error reported is the one Mesos would report; the result still gets
 * its properties in declaration order. Required fields are checked only after
 * the whole value is mapped, as Mesos does, so a type error anywhere wins.
 */
import { CodecError, MissingRequiredFieldsError } from "../errors.js";
import type { FieldSchema, MessageSchema } from "../schema.js";
import type { MessageObject } from "../unknown-fields.js";
import { findMissingRequired } from "../validate.js";
import { CodegenScope, functionName, lazySlots, literal, readProperty } from "./codegen-scope.js";
import { mapKeyText, notExpecting } from "./decode-scalars.js";
import { convertExpression, defaultExpression, type DecoderSlot, type UnknownEnum } from "./decoder-values.js";
import { MAX_JSON_DEPTH } from "./exact-parser.js";
import { fieldTarget } from "./field-target.js";

const decoders = [new WeakMap<MessageSchema, JsonDecoder>(), new WeakMap<MessageSchema, JsonDecoder>()];

/** Set by generated code when a message lacks a required field; read after a top-level decode. */
const state = { missing: false };
export { state as decoderState };

type JsonDecoder = (value: unknown) => MessageObject;

/**
 * A decoder from a parsed JSON value (see `parseMesosJson`) to a new message
 * object; compiled once and cached per (schema, checkRequired). With
 * `checkRequired`, a missing required field throws MissingRequiredFieldsError
 * (code `ERR_CODEC_REQUIRED_FIELD`) listing every missing path.
 */
export function compileJsonDecoder(schema: MessageSchema, checkRequired: boolean): JsonDecoder {
  const cache = decoders[checkRequired ? 1 : 0]!;
  let decoder = cache.get(schema);
  if (decoder) return decoder;
  const slot = slotOf(schema);
  decoder = (value: unknown): MessageObject => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new CodecError("ERR_CODEC_JSON_TYPE", "Expecting a JSON object");
    }
    state.missing = false;
    let message: MessageObject;
    try {
      message = slot.fn(value) as MessageObject;
    } catch (e) {
      // Only nesting far beyond what Mesos parses (MAX_JSON_DEPTH) exhausts the stack.
      if (e instanceof RangeError) {
        throw new CodecError("ERR_CODEC_JSON_SYNTAX", `nesting deeper than ${MAX_JSON_DEPTH} arrays and objects`);
      }
      throw e;
    }
    if (checkRequired && state.missing) {
      const paths = findMissingRequired(schema, message);
      if (paths.length > 0) throw new MissingRequiredFieldsError(paths);
    }
    return message;
  };
  cache.set(schema, decoder);
  return decoder;
}

export const slotOf = lazySlots<MessageSchema, DecoderSlot["fn"]>(compileMessage);

/** Adds a path segment to codec errors passing through generated code. */
function wrap(error: unknown, segment: string): unknown {
  if (error instanceof CodecError) error.within(segment);
  return error;
}

export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Assignment of `value` to property `name` of `target`, safe for a `__proto__` key. */
export function store(target: string, name: string, value: string, scope: CodegenScope): string {
  if (name === "__proto__") return `${scope.ref(defineOwn)}(${target}, "__proto__", ${value});`;
  return `${target}[${literal(name)}] = ${value};`;
}

function compileMessage(schema: MessageSchema): DecoderSlot["fn"] {
  const scope = new CodegenScope();
  const w = scope.ref(wrap);
  const helpers: string[] = [];
  const reads: string[] = [];
  const order = schema.fields.map((field, index) => ({ field, index }));
  order.sort((a, b) => (a.field.name < b.field.name ? -1 : a.field.name > b.field.name ? 1 : 0));

  for (const { field, index } of order) {
    const f = `f${index}`;
    const name = literal(field.name);
    let body: string;
    if (field.kind === "map") {
      body = mapBody(field, index, scope, helpers);
    } else if (field.label === "repeated") {
      const target = fieldTarget(field);
      const conv = (x: string): string => convertExpression(x, target, field.name, scope, slotOf, "drop");
      const keep = target.kind === "enum" ? "if (x !== undefined) " : "";
      helpers.push(`function r${index}(v, a) {
  let i = 0;
  try {
    for (; i < v.length; i++) {
      const e = v[i];
      if (e == null) continue;
      if (Array.isArray(e)) { r${index}(e, a); continue; }
      const x = ${conv("e")};
      ${keep}a.push(x);
    }
  } catch (err) { throw ${w}(err, "[" + i + "]"); }
}`);
      body = `const a = [];
      if (Array.isArray(v)) r${index}(v, a); else { const x = ${conv("v")}; ${keep}a.push(x); }
      if (a.length !== 0) ${f} = a;`;
    } else {
      const unknownEnum: UnknownEnum = field.label === "required" ? "error" : "drop";
      body = `${f} = ${convertExpression("v", fieldTarget(field), field.name, scope, slotOf, unknownEnum)};`;
    }
    reads.push(`    at = ${name}; v = ${readProperty("o", field.name, scope)};
    if (v != null) { ${body} }`);
  }

  const locals = schema.fields.map((_, i) => `f${i}`).join(", ");
  const st = scope.ref(state);
  const required = schema.fields
    .map((field, i) => (field.label === "required" ? `if (f${i} === undefined) ${st}.missing = true;` : ""))
    .filter(Boolean)
    .join("\n  ");
  const stores = schema.fields.map((field, i) => `if (f${i} !== undefined) ${store("r", field.name, `f${i}`, scope)}`);
  const fnName = functionName(schema.typeName, "fromJson");
  const body = `${helpers.join("\n")}
return function ${fnName}(o) {
  let at = "", v${locals ? `, ${locals}` : ""};
  try {
${reads.join("\n")}
  } catch (err) { throw ${w}(err, at); }
  ${required}
  const r = {};
  ${stores.join("\n  ")}
  return r;
};`;
  return scope.build(`${fnName}.js`, body);
}

/**
 * Body for a map field: an object (or arrays of objects, merged); keys and values parsed like `key`/`value` fields.
 * Sets `f<index>` to a new object, left unset when the map is empty.
 */
export function mapBody(field: FieldSchema, index: number, scope: CodegenScope, helpers: string[]): string {
  const w = scope.ref(wrap);
  const target = fieldTarget(field);
  const keyType = field.mapKey!;
  const key = keyType === "string" ? "k" : `${scope.ref(mapKeyText)}(k, ${literal(keyType)})`;
  const value = `x == null ? ${defaultExpression(target, scope, slotOf)} : ${convertExpression("x", target, "value", scope, slotOf, "default")}`;
  const fail = (x: string): string => `${scope.ref(notExpecting)}(${x}, ${literal(field.name)})`;
  helpers.push(`function m${index}(v, out) {
  const keys = Object.keys(v);
  if (keys.length > 1) keys.sort();
  let k = "";
  try {
    for (let j = 0; j < keys.length; j++) {
      k = keys[j];
      const key = ${key};
      const x = v[k];
      const value = ${value};
      if (key === "__proto__") ${scope.ref(defineOwn)}(out, key, value); else out[key] = value;
    }
  } catch (err) { throw ${w}(err, "[" + JSON.stringify(k) + "]"); }
}
function ma${index}(v, out) {
  let j = 0;
  try {
    for (; j < v.length; j++) {
      const e = v[j];
      if (e == null) continue;
      if (Array.isArray(e)) ma${index}(e, out);
      else if (typeof e === "object") m${index}(e, out);
      else ${fail("e")};
    }
  } catch (err) { throw ${w}(err, "[" + j + "]"); }
}`);
  return `const out = {};
      if (Array.isArray(v)) ma${index}(v, out); else if (typeof v === "object") m${index}(v, out); else ${fail("v")};
      for (const _ in out) { f${index} = out; break; }`;
}
