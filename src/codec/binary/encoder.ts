/**
 * Compiles binary encoders: one specialized JavaScript function per message
 * type that writes its fields in field-number order (then its unknown fields),
 * byte for byte what protoc's C++ code writes. Built with `new Function` on
 * first use and cached per schema.
 */
import { CodecError } from "../errors.js";
import type { FieldSchema, MessageSchema } from "../schema.js";
import { Constants, Links, quote, Source } from "./codegen.js";
import { encodeRuntime, encodeRuntimePrelude } from "./encode-runtime.js";
import { emitFieldWrite, type EncoderContext } from "./encoder-fields.js";
import { withWriter, type Writer } from "./writer.js";

/** A compiled message encoder: appends `message` at `w.p` and leaves `w.p` after it. */
type MessageEncoder = (message: object, w: Writer) => void;

type PathWrapper = (err: unknown, field: number, index: number, key: string) => unknown;

const encoders = new WeakMap<MessageSchema, MessageEncoder>();

function messageEncoder(schema: MessageSchema): MessageEncoder {
  let encoder = encoders.get(schema);
  if (encoder) return encoder;

  const ctx: EncoderContext = { consts: new Constants(), encoders: new Links<MessageSchema>("e", 2) };
  const fields = [...schema.fields].sort((x, y) => x.number - y.number);
  const writes = fields.map((field, index) => emitFieldWrite(field, index, ctx));
  const wrap = ctx.consts.ref(pathWrapper(fields));
  const fnName = `encode_${schema.typeName.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const source = new Source().add(
    '"use strict";',
    encodeRuntimePrelude,
    ctx.consts.declarations("K"),
    ctx.encoders.declarations("E"),
    `return function ${fnName}(m, w) {`,
    `  if (typeof m !== "object" || m === null) throw notMessage(m, ${quote(schema.typeName)});`,
    '  var b = w.b, p = w.p, f = -1, i = 0, k = "", v, a, o, q = 0, z = 0, x = 0;',
    "  try {",
    ...writes.map((code) => `    ${code}`),
    "    f = -1;",
    "    a = m[U];",
    "    if (a !== undefined) { p = wunk(w, p, a); b = w.b; }",
    `  } catch (err) { throw ${wrap}(err, f, i, k); }`,
    "  w.p = p;",
    "};",
  );
  const factory = new Function("rt", "K", "E", source.toString()) as (
    rt: unknown,
    consts: unknown[],
    resolve: (i: number) => MessageEncoder,
  ) => MessageEncoder;
  encoder = factory(encodeRuntime, ctx.consts.values, (i) => messageEncoder(ctx.encoders.targets[i]!));
  encoders.set(schema, encoder);
  return encoder;
}

/** Adds the path of the field being written (`name`, `name[i]`, `name["key"]`) to an escaping codec error. */
function pathWrapper(fields: readonly FieldSchema[]): PathWrapper {
  return (err, index, element, key) => {
    const field = fields[index];
    if (!(err instanceof CodecError) || !field) return err;
    if (field.kind === "map") err.within(`[${JSON.stringify(key)}]`);
    else if (field.label === "repeated") err.within(`[${element}]`);
    return err.within(field.name);
  };
}

const topLevel = new WeakMap<MessageSchema, (message: object) => Uint8Array>();

/**
 * Returns the binary encoder of `schema` (compiled once, cached). It writes
 * what protoc writes: fields in number order, proto2 optional fields whenever
 * present, then the message's unknown fields. It does not check required
 * fields (see validate.ts); a value that cannot be represented throws
 * `ERR_CODEC_VALUE` with its path.
 */
export function compileBinaryEncoder(schema: MessageSchema): (message: object) => Uint8Array {
  let encode = topLevel.get(schema);
  if (encode) return encode;
  const encoder = messageEncoder(schema);
  encode = (message) => withWriter(encoder, message);
  topLevel.set(schema, encode);
  return encode;
}
