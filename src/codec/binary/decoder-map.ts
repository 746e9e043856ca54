/**
 * Generated readers of map entries. A map field is a repeated message of
 * `key = 1, value = 2`; the entry reader fills the field's plain object under
 * the key's text. Missing keys or values take their type's default.
 */
import type { FieldSchema } from "../schema.js";
import { quote, readProp, writeProp } from "./codegen.js";
import type { DecoderContext } from "./decoder-fields.js";
import { lookupEnum, READ_LENGTH, readScalar, readVarint32Into, scalarDefault } from "./decoder-scalars.js";
import { makeTag, scalarWireType, WIRE_LEN } from "./wire.js";

/**
 * Adds the entry reader of map `field` to the module's helpers and returns its
 * name. It is called as `name(b, s, p, n, d, m)`: `s` is where the entry's tag
 * starts, `p..n` the entry's bytes, `m` the message holding the map.
 */
export function emitMapEntry(field: FieldSchema, ctx: DecoderContext): string {
  const name = `mp${ctx.helpers.length}`;
  const keyType = field.mapKey!;
  const value = field.mapValue!;
  const keyTag = makeTag(1, scalarWireType(keyType));
  // Keys become text, so 64-bit keys are always read exactly, as bigint.
  const readKey = readScalar(keyType, "bigint", "k");
  const keyText = keyType === "string" ? "k" : keyType === "bool" ? '(k ? "true" : "false")' : '("" + k)';

  let valueDefault: string;
  let readValue: string;
  let afterLoop = "";
  let dropEntry = "";
  if (value.kind === "scalar") {
    valueDefault = scalarDefault(value.scalar, field.int64);
    readValue = `case ${makeTag(2, scalarWireType(value.scalar))}: ${readScalar(value.scalar, field.int64, "v")} break;`;
  } else if (value.kind === "enum") {
    const enumType = value.enumType;
    valueDefault = quote(enumType.values[0]!.name);
    const lookup = `${readVarint32Into("x")} ${lookupEnum(ctx.consts, enumType, "x", "y")}`;
    // An unknown number of a closed enum sends the whole entry to the unknown fields, as protobuf does.
    const unknown = enumType.open ? "v = x; u = false;" : "u = true;";
    readValue = `case ${makeTag(2, 0)}: ${lookup} if (y === undefined) { ${unknown} } else { v = y; u = false; } break;`;
    if (!enumType.open) dropEntry = "if (u) { addUnk(m, b.slice(s, n)); return; }";
  } else {
    const type = value.messageType;
    valueDefault = "undefined";
    readValue = `case ${makeTag(2, WIRE_LEN)}: ${READ_LENGTH} v = ${ctx.decoders.ref(type)}(b, p, e, d + 1, v); p = e; break;`;
    const check = ctx.checkers && ctx.needsCheck(type) ? ` ${ctx.checkers.ref(type)}(v);` : "";
    afterLoop = `if (v === undefined) v = new PlainObject();${check}`;
  }

  const target = readProp("m", field.name);
  ctx.helpers.push(
    [
      `function ${name}(b, s, p, n, d, m) {`,
      `  var t = 0, q = 0, l = 0, e = 0, x = 0, y, u = false, o, h, k = ${scalarDefault(keyType, "bigint")}, v = ${valueDefault};`,
      "  try {",
      "    while (p < n) {",
      "      q = p; t = b[p++];",
      "      if (t > 127) { t = rtag(b, q, n); p = S.p; }",
      "      switch (t) {",
      `        case ${keyTag}: ${readKey} break;`,
      `        ${readValue}`,
      "        default: p = skip(b, p, n, t, d);",
      "      }",
      "    }",
      "    if (p !== n) throw trunc();",
      `    ${afterLoop}`,
      `  } catch (err) { throw withinKey(err, ${keyText}); }`,
      `  ${dropEntry}`,
      `  o = ${target}; if (o === undefined) { o = new PlainObject(); ${writeProp("m", field.name, "o")} }`,
      `  h = ${keyText};`,
      '  if (h === "__proto__") setOwn(o, h, v); else o[h] = v;',
      "}",
    ].join("\n"),
  );
  return name;
}
