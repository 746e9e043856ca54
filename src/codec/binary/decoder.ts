/**
 * Compiles binary decoders: one specialized JavaScript function per message
 * type (a loop with a `switch` on the full tag), built with `new Function` on
 * first use and cached per schema and required-check mode.
 */
import { CodecError } from "../errors.js";
import { isPackable, type FieldSchema, type MessageSchema } from "../schema.js";
import type { MessageObject } from "../unknown-fields.js";
import { Constants, Links, Source } from "./codegen.js";
import { decodeRuntime, decodeRuntimePrelude } from "./decode-runtime.js";
import { emitFieldCases, type DecoderContext } from "./decoder-fields.js";
import { needsRequiredCheck, requiredChecker } from "./decoder-required.js";
import { fieldWireType, makeTag, MAX_DEPTH, WIRE_LEN } from "./wire.js";

/**
 * A compiled message decoder: reads `b[p..n)` at nesting depth `d`, into
 * `target` when given (merging, as protobuf does for a repeated singular
 * message) or into a new object.
 */
type MessageDecoder = (
  b: Uint8Array,
  p: number,
  n: number,
  d: number,
  target: MessageObject | undefined,
) => MessageObject;

type PathWrapper = (err: unknown, tag: number, message: MessageObject) => unknown;

const decoders = [new WeakMap<MessageSchema, MessageDecoder>(), new WeakMap<MessageSchema, MessageDecoder>()];

function messageDecoder(schema: MessageSchema, checkRequired: boolean): MessageDecoder {
  const cache = decoders[checkRequired ? 1 : 0]!;
  let decoder = cache.get(schema);
  if (decoder) return decoder;

  const ctx: DecoderContext = {
    consts: new Constants(),
    decoders: new Links<MessageSchema>("d", 5),
    checkers: checkRequired ? new Links<MessageSchema>("c", 1) : undefined,
    helpers: [],
    needsCheck: needsRequiredCheck,
  };
  const cases = schema.fields.map((field) => emitFieldCases(field, schema, ctx));
  const wrap = ctx.consts.ref(pathWrapper(schema));
  const fnName = `decode_${schema.typeName.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const source = new Source().add(
    '"use strict";',
    decodeRuntimePrelude,
    ctx.consts.declarations("K"),
    ctx.decoders.declarations("D"),
    ctx.checkers ? ctx.checkers.declarations("C") : "",
    ...ctx.helpers,
    // Messages are made by a constructor of their own, not a `{}` literal (see
    // decode-runtime.ts on pretenuring); with Object.prototype as prototype
    // they are plain objects, and V8 sizes each type's objects to its fields.
    "function Msg() {}",
    "Msg.prototype = Object.prototype;",
    `return function ${fnName}(b, p, n, d, o) {`,
    `  if (d > ${MAX_DEPTH}) throw deep();`,
    "  var m = o === undefined ? new Msg() : o, t = 0, s = 0, l = 0, e = 0, x = 0, v, a;",
    "  try {",
    "    while (p < n) {",
    "      s = p;",
    "      t = b[p++];",
    // Tags of field numbers below 2048 take two bytes at most: read those inline.
    "      if (t > 127) { x = b[p++]; if (x < 128 && p <= n) t = (t & 127) | (x << 7); else { t = -1; t = rtag(b, s, n); p = S.p; } }",
    "      switch (t) {",
    ...cases,
    "        default: p = unk(b, s, p, n, t, m, d);",
    "      }",
    "    }",
    `  } catch (err) { throw ${wrap}(err, t, m); }`,
    "  if (p !== n) throw trunc();",
    "  return m;",
    "};",
  );
  const factory = new Function("rt", "K", "D", "C", source.toString()) as (
    rt: unknown,
    consts: unknown[],
    resolveDecoder: (i: number) => MessageDecoder,
    resolveChecker: (i: number) => (m: object) => void,
  ) => MessageDecoder;
  decoder = factory(
    decodeRuntime,
    ctx.consts.values,
    (i) => messageDecoder(ctx.decoders.targets[i]!, checkRequired),
    (i) => requiredChecker(ctx.checkers!.targets[i]!),
  );
  cache.set(schema, decoder);
  return decoder;
}

/**
 * Adds the path segment of the field being read when an error escapes a
 * message decoder: the field name, and `[index]` for the element of a
 * repeated field (map fields get their `["key"]` from the entry reader).
 */
function pathWrapper(schema: MessageSchema): PathWrapper {
  const byTag = new Map<number, FieldSchema>();
  for (const field of schema.fields) {
    byTag.set(makeTag(field.number, fieldWireType(field)), field);
    if (field.label === "repeated" && field.kind !== "map" && field.kind !== "message") {
      const type = field.kind === "enum" ? "enum" : field.scalar!;
      if (isPackable(type)) byTag.set(makeTag(field.number, WIRE_LEN), field);
    }
  }
  return (err, tag, message) => {
    if (!(err instanceof CodecError)) return err;
    const field = byTag.get(tag);
    if (!field) return err;
    if (field.label === "repeated" && field.kind !== "map") {
      const items = Object.hasOwn(message, field.name) ? message[field.name] : undefined;
      err.within(`[${Array.isArray(items) ? items.length : 0}]`);
    }
    return err.within(field.name);
  };
}

const topLevel = [
  new WeakMap<MessageSchema, (bytes: Uint8Array) => MessageObject>(),
  new WeakMap<MessageSchema, (bytes: Uint8Array) => MessageObject>(),
];

/**
 * Returns the binary decoder of `schema` (compiled once, cached per schema and
 * `checkRequired`). With `checkRequired`, a missing proto2 `required` field
 * throws `ERR_CODEC_REQUIRED_FIELD` with its path; malformed input throws
 * `ERR_CODEC_BINARY`.
 */
export function compileBinaryDecoder(
  schema: MessageSchema,
  checkRequired: boolean,
): (bytes: Uint8Array) => MessageObject {
  const cache = topLevel[checkRequired ? 1 : 0]!;
  let decode = cache.get(schema);
  if (decode) return decode;
  const decoder = messageDecoder(schema, checkRequired);
  const check = checkRequired && needsRequiredCheck(schema) ? requiredChecker(schema) : undefined;
  decode = (bytes) => {
    // A Node Buffer is viewed as a plain Uint8Array so that the generated code
    // only ever sees one array type and `slice` copies instead of aliasing.
    const b =
      bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const message = decoder(b, 0, b.length, 0, undefined);
    if (check) check(message);
    return message;
  };
  cache.set(schema, decode);
  return decode;
}
