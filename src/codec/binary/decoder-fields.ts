/**
 * The `case` clauses a generated decoder has for one field: one per tag the
 * field may arrive with (packable repeated fields accept both the packed and
 * the unpacked form, whatever the schema says).
 */
import { isPackable, type FieldSchema, type MessageSchema } from "../schema.js";
import { Constants, Links, readProp, writeProp } from "./codegen.js";
import { emitMapEntry } from "./decoder-map.js";
import { lookupEnum, READ_LENGTH, readScalar, readVarint32Into } from "./decoder-scalars.js";
import { fieldWireType, makeTag, WIRE_LEN } from "./wire.js";

/** What emitting a message decoder collects besides its source. */
export interface DecoderContext {
  readonly consts: Constants;
  /** Links to the decoders of other message types. */
  readonly decoders: Links<MessageSchema>;
  /** Links to required-field checkers; undefined when required fields are not checked. */
  readonly checkers: Links<MessageSchema> | undefined;
  /** Extra functions of the module (map entry readers). */
  readonly helpers: string[];
  /** True when a message (or a singular sub-message of it) has required fields. */
  readonly needsCheck: (schema: MessageSchema) => boolean;
}

/** The case clauses for `field` of `message`. */
export function emitFieldCases(field: FieldSchema, message: MessageSchema, ctx: DecoderContext): string {
  const tag = makeTag(field.number, fieldWireType(field));
  switch (field.kind) {
    case "map": {
      const entry = emitMapEntry(field, ctx);
      return `case ${tag}: ${READ_LENGTH} ${entry}(b, s, p, e, d, m); p = e; break;`;
    }
    case "message":
      return `case ${tag}: ${READ_LENGTH} ${messageBody(field, message, ctx)} p = e; break;`;
    case "enum":
    case "scalar": {
      const type = field.kind === "enum" ? "enum" : field.scalar!;
      if (field.label !== "repeated") return `case ${tag}: ${readOne(field, ctx)} ${store(field, message)} break;`;
      const unpacked = `case ${tag}: ${arrayOf(field)} ${readOne(field, ctx)} ${push(field)} break;`;
      if (!isPackable(type)) return unpacked;
      const packedTag = makeTag(field.number, WIRE_LEN);
      const packed =
        `case ${packedTag}: ${READ_LENGTH} ${arrayOf(field)} ` +
        `while (p < e) { ${readOne(field, ctx, true)} ${push(field)} } if (p !== e) throw trunc(); break;`;
      return `${unpacked}\n${packed}`;
    }
  }
}

/** Statements reading one value of a scalar or enum field into `v` (an unknown closed-enum number leaves `v` undefined). */
function readOne(field: FieldSchema, ctx: DecoderContext, inPacked = false): string {
  if (field.kind === "scalar") return readScalar(field.scalar!, field.int64, "v");
  const enumType = field.enumType!;
  const read = `${readVarint32Into("x")} ${lookupEnum(ctx.consts, enumType, "x", "v")}`;
  if (enumType.open) return `${read} if (v === undefined) v = x;`;
  // protobuf keeps an unknown number of a closed enum as an unknown field, not in the field.
  const keep = inPacked ? `addUnk(m, echunk(${field.number}, x));` : "addUnk(m, b.slice(s, p));";
  return `${read} if (v === undefined) ${keep}`;
}

function skipsUnknownEnum(field: FieldSchema): boolean {
  return field.kind === "enum" && !field.enumType!.open;
}

function store(field: FieldSchema, message: MessageSchema): string {
  const set = `${clearOneof(field, message)}${writeProp("m", field.name, "v")}`;
  return skipsUnknownEnum(field) ? `if (v !== undefined) { ${set} }` : set;
}

function push(field: FieldSchema): string {
  return skipsUnknownEnum(field) ? "if (v !== undefined) a.push(v);" : "a.push(v);";
}

/** Statements setting `a` to the field's array, creating it when absent. */
function arrayOf(field: FieldSchema): string {
  return `a = ${readProp("m", field.name)}; if (a === undefined) { a = newArray(); ${writeProp("m", field.name, "a")} }`;
}

/** Statements removing the other members of the field's oneof, which setting this one replaces. */
function clearOneof(field: FieldSchema, message: MessageSchema): string {
  if (field.oneof === undefined) return "";
  return message.fields
    .filter((other) => other !== field && other.oneof === field.oneof)
    .map((other) => `if (${readProp("m", other.name)} !== undefined) delete m[${JSON.stringify(other.name)}]; `)
    .join("");
}

function messageBody(field: FieldSchema, message: MessageSchema, ctx: DecoderContext): string {
  const type = field.messageType!;
  const decode = ctx.decoders.ref(type);
  if (field.label === "repeated") {
    // Elements are complete once read, so their required fields are checked right away.
    const check = ctx.checkers && ctx.needsCheck(type) ? `${ctx.checkers.ref(type)}(v); ` : "";
    return `${arrayOf(field)} v = ${decode}(b, p, e, d + 1, undefined); ${check}a.push(v);`;
  }
  // A singular message seen again is merged into the one already read.
  const current = readProp("m", field.name);
  return `${clearOneof(field, message)}${writeProp("m", field.name, `${decode}(b, p, e, d + 1, ${current})`)}`;
}
