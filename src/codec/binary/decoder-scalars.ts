/**
 * Code snippets that read one scalar or enum value in a generated decoder.
 *
 * Conventions of the generated code: `b` is the input, `p` the position, `n`
 * the end of the current message; `l` and `e` hold the length and end of a
 * length-delimited value; `S` is the shared cursor that slow-path readers
 * leave their end position in.
 */
import type { EnumSchema, Int64Mode, ScalarType } from "../schema.js";
import type { Constants } from "./codegen.js";

/** Reads a length prefix into `l` and the end it gives into `e`, checking it stays inside `n`. */
export const READ_LENGTH =
  "l = b[p++]; if (l > 127) { l = rlen(b, p - 1, n); p = S.p; } e = p + l; if (!(e <= n)) throw trunc();";

/** Reads a varint's low 32 bits (signed) into `x`; one-byte varints take the inline path. */
export function readVarint32Into(x: string): string {
  return `${x} = b[p++]; if (${x} > 127) { ${x} = rv32(b, p - 1); p = S.p; }`;
}

const INT64_READERS: Record<string, readonly [string, string]> = {
  int64: ["ri64b", "ri64n"],
  uint64: ["ru64b", "ru64n"],
  sint64: ["rs64b", "rs64n"],
  fixed64: ["rfx64b", "rfx64n"],
  sfixed64: ["rsfx64b", "rsfx64n"],
};

/**
 * Statements reading one value of `type` at `p` into variable `v` and moving
 * `p` past it. `x` is a scratch local for raw integers.
 */
export function readScalar(type: ScalarType, int64: Int64Mode, v: string, x = "x"): string {
  switch (type) {
    case "double":
      return `${v} = rdbl(b, p); p += 8;`;
    case "float":
      return `${v} = rflt(b, p); p += 4;`;
    case "int32":
      return readVarint32Into(v);
    case "uint32":
      return `${v} = b[p++]; if (${v} > 127) { ${v} = rv32(b, p - 1) >>> 0; p = S.p; }`;
    case "sint32":
      return `${readVarint32Into(x)} ${v} = (${x} >>> 1) ^ -(${x} & 1);`;
    case "bool":
      return `${x} = b[p++]; if (${x} > 127) { ${v} = rbool(b, p - 1); p = S.p; } else ${v} = ${x} !== 0;`;
    case "fixed32":
      return `${v} = (b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24) >>> 0; p += 4;`;
    case "sfixed32":
      return `${v} = b[p] | b[p + 1] << 8 | b[p + 2] << 16 | b[p + 3] << 24; p += 4;`;
    case "fixed64":
    case "sfixed64": {
      const reader = INT64_READERS[type]![int64 === "bigint" ? 0 : 1];
      return `${v} = ${reader}(b, p); p += 8;`;
    }
    case "int64":
    case "uint64":
    case "sint64": {
      const reader = INT64_READERS[type]![int64 === "bigint" ? 0 : 1];
      return `${v} = ${reader}(b, p); p = S.p;`;
    }
    case "string":
      return `${READ_LENGTH} ${v} = rstr(b, p, e); p = e;`;
    case "bytes":
      // slice copies: a decoded message must not keep the input buffer alive or alias it.
      return `${READ_LENGTH} ${v} = b.slice(p, e); p = e;`;
  }
}

/** The lookup tables of an enum: names of small non-negative numbers by index, the rest in a map. */
interface EnumTable {
  readonly dense: readonly (string | undefined)[];
  readonly sparse: ReadonlyMap<number, string>;
}

const DENSE_LIMIT = 1024;
const tables = new WeakMap<EnumSchema, EnumTable>();

function enumTable(enumType: EnumSchema): EnumTable {
  let table = tables.get(enumType);
  if (table) return table;
  let size = 0;
  for (const number of enumType.nameByNumber.keys()) {
    if (number >= 0 && number < DENSE_LIMIT) size = Math.max(size, number + 1);
  }
  // Filled with undefined so the array stays packed (no holes) for fast indexing.
  const dense: (string | undefined)[] = new Array<string | undefined>(size).fill(undefined);
  const sparse = new Map<number, string>();
  for (const [number, name] of enumType.nameByNumber) {
    if (number >= 0 && number < size) dense[number] = name;
    else sparse.set(number, name);
  }
  table = { dense, sparse };
  tables.set(enumType, table);
  return table;
}

/** Statement setting `v` to the name of enum number `x`, or undefined when the number is unknown. */
export function lookupEnum(consts: Constants, enumType: EnumSchema, x: string, v: string): string {
  const table = enumTable(enumType);
  const dense = consts.ref(table.dense);
  const miss = table.sparse.size > 0 ? `${consts.ref(table.sparse)}.get(${x})` : "undefined";
  return `${v} = ${x} >>> 0 < ${dense}.length ? ${dense}[${x}] : ${miss};`;
}

/** JavaScript expression for the default value of a map key or value of this scalar type. */
export function scalarDefault(type: ScalarType, int64: Int64Mode): string {
  switch (type) {
    case "string":
      return '""';
    case "bytes":
      return "new Uint8Array(0)";
    case "bool":
      return "false";
    case "int64":
    case "uint64":
    case "sint64":
    case "fixed64":
    case "sfixed64":
      return int64 === "bigint" ? "0n" : "0";
    default:
      return "0";
  }
}
