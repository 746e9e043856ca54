/**
 * `fromJson(text, { trusted: true })`: decoding JSON that Mesos itself wrote,
 * such as the event stream of a master or agent, at close to `JSON.parse`
 * speed.
 *
 * Mesos writes JSON from protobuf messages, so every value already has its
 * field's JSON type, keys are never null, and repeated fields are arrays. For
 * such text `JSON.parse` already gives the decoded message except where the
 * TypeScript representation differs from the JSON value: 64-bit integers
 * (bigint, or exact digits beyond 2^53), bytes (base64 → Uint8Array), floats
 * (rounded to single precision), doubles Mesos writes as strings
 * (`"Infinity"`) and enum names that are aliases. Only the objects on a path
 * to such a field are visited, and only those fields are converted and
 * checked; strings, booleans, 32-bit integers, enum names and messages of
 * nothing else (IDs, labels, addresses) are taken as parsed. Anything
 * unexpected on the visited paths (null, a wrong type, a number that cannot
 * be recovered) hands the text to the checked decoder, which gives the exact
 * result or Mesos' error.
 *
 * Text from a newer Mesos is where the result differs from the checked
 * decoder's: a field this schema does not know stays on its object (typed
 * code does not see it, the encoders ignore it), and an enum name it does not
 * know stays as sent, where the checked decoder drops both. Text Mesos never
 * writes is not looked for: an escaped lone surrogate is taken as
 * `JSON.parse` reads it, where Mesos' parser (and the checked decoder) fail;
 * the exact digits of a rounded 64-bit integer are looked for after the
 * field's name as Mesos spells it, never after a `\u`-escaped spelling.
 */
import type { FieldSchema, MessageSchema } from "../schema.js";
import type { MessageObject } from "../unknown-fields.js";
import { CodegenScope, functionName, lazySlots, literal, readProperty } from "./codegen-scope.js";
import { decodeExpression, giveUp, withNumbersOf, type JsonTextDecoder } from "./adopt-decoder.js";
import { fieldTarget, type FieldTarget } from "./field-target.js";

/** A lazily compiled visitor, referenced from generated code as `<id>.fn(value)`. */
interface TouchSlot {
  fn: (value: object) => void;
}

const decoders = new WeakMap<MessageSchema, JsonTextDecoder>();
/** Whether a message's JSON object can differ from its decoded message (filled per reachable type graph). */
const differs = new WeakMap<MessageSchema, boolean>();

/**
 * The trusted text decoder of `schema`: returns the decoded message, or
 * undefined when the checked decoder must decide.
 */
export function compileTrustedJsonTextDecoder(schema: MessageSchema): JsonTextDecoder {
  let decoder = decoders.get(schema);
  if (decoder) return decoder;
  const touch = mayDiffer(schema) ? touchSlotOf(schema) : undefined;
  decoder = (text: string): MessageObject | undefined => {
    // No scan for escaped lone surrogates (which Mesos' parser rejects): Mesos does not write them.
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (touch === undefined) return value as MessageObject;
    return withNumbersOf(text, () => {
      touch.fn(value);
      return value as MessageObject;
    });
  };
  decoders.set(schema, decoder);
  return decoder;
}

/** Whether values of `field` need converting by themselves (not counting nested messages). */
function convertsItself(field: FieldSchema): boolean {
  if (field.kind === "map" && field.mapKey !== "string") return true;
  const target = fieldTarget(field);
  // Only enums with aliases: Mesos writes names, and every other name is already the decoded value.
  if (target.kind === "enum") return target.enumType.nameByNumber.size < target.enumType.values.length;
  if (target.kind === "message") return false;
  switch (target.scalar) {
    case "double": // Mesos writes ±Infinity and NaN as strings
    case "int64":
    case "sint64":
    case "sfixed64":
    case "uint64":
    case "fixed64":
    case "bytes":
    case "float":
      return true;
    default:
      return false;
  }
}

function mayDiffer(schema: MessageSchema): boolean {
  const known = differs.get(schema);
  if (known !== undefined) return known;
  // A fixed point over the types reachable from `schema`: recursive types make a single pass wrong.
  const reachable: MessageSchema[] = [];
  const seen = new Set<MessageSchema>();
  const visit = (type: MessageSchema): void => {
    if (seen.has(type) || differs.has(type)) return;
    seen.add(type);
    reachable.push(type);
    for (const field of type.fields) {
      const target = fieldTarget(field);
      if (target.kind === "message") visit(target.messageType);
    }
  };
  visit(schema);
  const result = new Set<MessageSchema>();
  const nestedDiffers = (target: FieldTarget): boolean =>
    target.kind === "message" && (differs.get(target.messageType) ?? result.has(target.messageType));
  for (let changed = true; changed;) {
    changed = false;
    for (const type of reachable) {
      if (result.has(type)) continue;
      if (type.fields.some((field) => convertsItself(field) || nestedDiffers(fieldTarget(field)))) {
        result.add(type);
        changed = true;
      }
    }
  }
  for (const type of reachable) differs.set(type, result.has(type));
  return differs.get(schema)!;
}

const touchSlotOf = lazySlots<MessageSchema, TouchSlot["fn"]>(compileTouch);

/** Statement converting `x` (a value of `field`, not null) and storing the result with `store` when it changed. */
function convert(
  x: string,
  field: FieldSchema,
  scope: CodegenScope,
  store: (value: string) => string,
  element: boolean,
): string {
  const target = fieldTarget(field);
  const fail = `${scope.ref(giveUp)}()`;
  if (target.kind === "message") {
    if (!mayDiffer(target.messageType)) return "";
    const slot = scope.ref(touchSlotOf(target.messageType));
    return `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) ${fail}; ${slot}.fn(${x});`;
  }
  if (!convertsItself(field)) return "";
  // The checked decoder's conversions; an unknown enum name (undefined) goes to the checked decoder too.
  return `y = ${decodeExpression(x, target, field, scope, "0", element)}; if (y === undefined) ${fail}; if (y !== ${x}) ${store("y")}`;
}

function fieldStatement(field: FieldSchema, scope: CodegenScope): string {
  const fail = `${scope.ref(giveUp)}()`;
  const name = literal(field.name);
  if (field.kind === "map") {
    // Keys that are not strings are converted by the checked decoder.
    if (field.mapKey !== "string") return fail + ";";
    const body = convert("e", field, scope, (value) => `v[k] = ${value};`, true);
    if (body === "") return "";
    return `if (typeof v !== "object" || v === null || Array.isArray(v)) ${fail};
    for (const k in v) {
      if (k === "__proto__") ${fail};
      const e = v[k];
      if (e === null) ${fail};
      ${body}
    }`;
  }
  if (field.label === "repeated") {
    const body = convert("e", field, scope, (value) => `v[j] = ${value};`, true);
    if (body === "") return "";
    return `if (!Array.isArray(v)) ${fail};
    for (let j = 0; j < v.length; j++) {
      const e = v[j];
      if (e === null) ${fail};
      ${body}
    }`;
  }
  const write =
    field.name === "__proto__"
      ? (value: string) =>
          `Object.defineProperty(o, "__proto__", { value: ${value}, writable: true, enumerable: true, configurable: true });`
      : (value: string) => `o[${name}] = ${value};`;
  return convert("v", field, scope, write, false);
}

function compileTouch(schema: MessageSchema): TouchSlot["fn"] {
  const scope = new CodegenScope();
  const statements = schema.fields.flatMap((field) => {
    const statement = fieldStatement(field, scope);
    if (statement === "") return [];
    return [
      `  v = ${readProperty("o", field.name, scope)};
  if (v !== undefined) {
    if (v === null) ${scope.ref(giveUp)}();
    ${statement}
  }`,
    ];
  });
  const fnName = functionName(schema.typeName, "touchJson");
  const body = `return function ${fnName}(o) {
  let v, y;
${statements.join("\n")}
};`;
  return scope.build(`${fnName}.js`, body);
}
