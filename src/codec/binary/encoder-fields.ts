/**
 * The statements a generated encoder has for one field.
 *
 * Conventions of the generated code: `b` is the output buffer and `p` the
 * write position (both cached from the writer `w`, reloaded after anything
 * that may grow the buffer); `f`, `i` and `k` say which field, element and
 * map key are being written, for error paths; `v`, `a`, `o`, `x`, `q`, `z`
 * are scratch locals.
 */
import type { EnumSchema, FieldSchema, MessageSchema, ScalarType } from "../schema.js";
import { emitTagBytes, quote, readProp, tagSize, type Constants, type Links } from "./codegen.js";
import { fieldWireType, fixedWidth, scalarWireType, WIRE_LEN } from "./wire.js";

/** What emitting a message encoder collects besides its source. */
export interface EncoderContext {
  readonly consts: Constants;
  /** Links to the encoders of other message types. */
  readonly encoders: Links<MessageSchema>;
}

/** Makes room for `size` (an expression) more bytes. */
function ensure(size: string | number): string {
  return `if (p + ${size} > b.length) b = grow(w, p, ${size});`;
}

/** Statements writing scalar `val` at `p` (room already made). */
function writeScalar(type: ScalarType, val: string): string {
  switch (type) {
    case "double":
      return `wdbl(b, p, ${val}); p += 8;`;
    case "float":
      return `wflt(b, p, ${val}); p += 4;`;
    case "int32":
      return `if ((${val} & 127) === ${val}) b[p++] = ${val}; else p = wi32(b, p, ${val});`;
    case "uint32":
      return `if ((${val} & 127) === ${val}) b[p++] = ${val}; else p = wu32(b, p, ${val});`;
    case "sint32":
      return `p = ws32(b, p, ${val});`;
    case "bool":
      return `b[p++] = ${val} ? 1 : 0;`;
    case "fixed32":
      return `p = wfx32(b, p, ${val});`;
    case "sfixed32":
      return `p = wsfx32(b, p, ${val});`;
    case "int64":
      return `p = wi64(b, p, ${val});`;
    case "uint64":
      return `p = wu64(b, p, ${val});`;
    case "sint64":
      return `p = ws64(b, p, ${val});`;
    case "fixed64":
      return `p = wfx64(b, p, ${val});`;
    case "sfixed64":
      return `p = wsfx64(b, p, ${val});`;
    case "string":
      return `p = wstr(b, p, ${val});`;
    case "bytes":
      return `p = wbytes(b, p, ${val});`;
  }
}

/** Largest encoding of scalar `val` (an expression for strings and bytes). */
function maxSize(type: ScalarType, val: string): string | number {
  if (type === "string") return `${val}.length * 3 + 5`;
  if (type === "bytes") return `${val}.length + 5`;
  if (type === "bool") return 1;
  return fixedWidth(type) || 10;
}

/** Condition under which a proto3 implicit-presence value differs from its zero value and is written. */
function nonZero(type: ScalarType | "enum", val: string): string {
  switch (type) {
    case "string":
      return `${val} !== ""`;
    case "bytes":
      return `${val}.length !== 0`;
    case "bool":
      return `${val} !== false`;
    case "double":
    case "float":
      // -0 is written: protobuf compares the bit pattern with zero.
      return `(${val} !== 0 || 1 / ${val} < 0)`;
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return `(${val} !== 0 && ${val} !== 0n)`;
    default:
      return `${val} !== 0`;
  }
}

/** Statements converting enum value `v` (a name, or a number) to its number in `x`. */
function enumToNumber(enumType: EnumSchema, ctx: EncoderContext, val = "v"): string {
  const numbers = ctx.consts.ref(enumType.numberByName);
  return `x = ${numbers}.get(${val}); if (x === undefined) x = enumNum(${numbers}, ${quote(enumType.typeName)}, ${val});`;
}

/** Statements writing one scalar or enum value `v` (tag included, room made). */
function writeOne(field: FieldSchema, ctx: EncoderContext): string {
  const tag = emitTagBytes(field.number, fieldWireType(field));
  const size = tagSize(field.number, fieldWireType(field));
  if (field.kind === "enum") {
    const write = `${ensure(size + 10)} ${tag} ${writeScalar("int32", "x")}`;
    const guarded = field.implicitPresence ? `if (x !== 0) { ${write} }` : write;
    return `${enumToNumber(field.enumType!, ctx)} ${guarded}`;
  }
  const type = field.scalar!;
  const write = `${ensure(`${size} + ${maxSize(type, "v")}`)} ${tag} ${writeScalar(type, "v")}`;
  return field.implicitPresence ? `if (${nonZero(type, "v")}) { ${write} }` : write;
}

/** Statements writing a length-delimited nested message `val` with encoder `encoder`; `q` keeps its length slot. */
function writeNested(encoder: string, val: string, slot: string): string {
  return `${slot} = p; w.p = p + 1; ${encoder}(${val}, w); p = fin(w, ${slot}); b = w.b;`;
}

/** The statements writing `field` (index `index` in number order) of message `m`. */
export function emitFieldWrite(field: FieldSchema, index: number, ctx: EncoderContext): string {
  const head = `f = ${index};`;
  const wire = fieldWireType(field);
  const tag = emitTagBytes(field.number, wire);
  const size = tagSize(field.number, wire);
  const value = readProp("m", field.name);

  if (field.kind === "map") return `${head} o = ${value}; if (o != null) { ${emitMapWrite(field, ctx)} }`;
  if (field.kind === "message") {
    const encoder = ctx.encoders.ref(field.messageType!);
    const one = `${ensure(size + 1)} ${tag} ${writeNested(encoder, "v", "q")}`;
    if (field.label !== "repeated") return `${head} v = ${value}; if (v != null) { ${one} }`;
    return `${head} a = ${value}; if (a != null) { for (i = 0; i < a.length; i++) { v = a[i]; ${one} } }`;
  }
  if (field.label !== "repeated") return `${head} v = ${value}; if (v != null) { ${writeOne(field, ctx)} }`;
  if (!field.packed) {
    return `${head} a = ${value}; if (a != null) { for (i = 0; i < a.length; i++) { v = a[i]; ${writeOne(field, ctx)} } }`;
  }

  // Packed: one tag, then the elements back to back; an empty array writes nothing.
  const type = field.kind === "enum" ? "int32" : field.scalar!;
  const packedTag = emitTagBytes(field.number, WIRE_LEN);
  const packedTagSize = tagSize(field.number, WIRE_LEN);
  const element =
    field.kind === "enum"
      ? `v = a[i]; ${enumToNumber(field.enumType!, ctx)} ${writeScalar(type, "x")}`
      : `v = a[i]; ${writeScalar(type, "v")}`;
  const width = field.kind === "enum" ? 0 : fixedWidth(type);
  let body: string;
  if (width > 0) {
    body =
      `x = a.length * ${width}; ${ensure(`${packedTagSize} + 5 + x`)} ${packedTag} p = wv32(b, p, x); ` +
      `for (i = 0; i < a.length; i++) { ${element} }`;
  } else {
    const perElement = type === "bool" ? 1 : 10;
    body =
      `${ensure(`${packedTagSize} + 1 + a.length * ${perElement}`)} ${packedTag} q = p++; ` +
      `for (i = 0; i < a.length; i++) { ${element} } ` +
      "x = p - q - 1; if (x < 128) b[q] = x; else { w.p = p; p = fin(w, q); b = w.b; }";
  }
  return `${head} a = ${value}; if (a != null && a.length !== 0) { ${body} }`;
}

/** Statements writing every entry of map object `o`, each with both key and value. */
function emitMapWrite(field: FieldSchema, ctx: EncoderContext): string {
  const keyType = field.mapKey!;
  const mapValue = field.mapValue!;
  const entryTag = emitTagBytes(field.number, WIRE_LEN);
  const entrySize = tagSize(field.number, WIRE_LEN);
  const keyTag = emitTagBytes(1, scalarWireType(keyType));
  const key = keyType === "string" ? "x = k;" : `x = mapKey(k, ${quote(keyType)});`;
  const head =
    `${key} ${ensure(`${entrySize} + 2 + ${maxSize(keyType, "x")}`)} ${entryTag} q = p++; ` +
    `${keyTag} ${writeScalar(keyType, "x")}`;

  let valuePart: string;
  if (mapValue.kind === "message") {
    const encoder = ctx.encoders.ref(mapValue.messageType);
    valuePart = `${ensure(2)} ${emitTagBytes(2, WIRE_LEN)} ${writeNested(encoder, "v == null ? {} : v", "z")}`;
  } else if (mapValue.kind === "enum") {
    const first = quote(mapValue.enumType.values[0]!.name);
    valuePart = `if (v == null) v = ${first}; ${enumToNumber(mapValue.enumType, ctx)} ${ensure(11)} ${emitTagBytes(2, 0)} ${writeScalar("int32", "x")}`;
  } else {
    const type = mapValue.scalar;
    const zero = type === "string" ? '""' : type === "bytes" ? "new Uint8Array(0)" : type === "bool" ? "false" : "0";
    valuePart =
      `if (v == null) v = ${zero}; ${ensure(`1 + ${maxSize(type, "v")}`)} ` +
      `${emitTagBytes(2, scalarWireType(type))} ${writeScalar(type, "v")}`;
  }
  return (
    "a = Object.keys(o); " +
    `for (i = 0; i < a.length; i++) { k = a[i]; v = o[k]; ${head} ${valuePart} w.p = p; p = fin(w, q); b = w.b; }`
  );
}
