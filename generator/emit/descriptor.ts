/**
 * The schema literal embedded in each generated module: the plain-data
 * `FileDescriptorJson` the runtime links and compiles codecs from. One message
 * or enum a line keeps diffs of regenerated bindings readable.
 */
import type { EnumIR, FieldIR, FileIR, MessageIR } from "../ir/types.js";

/** An object literal of the entries that are set (flags are written only when true). */
function literal(entries: [string, unknown][]): string {
  return `{ ${entries
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(", ")} }`;
}

function fieldLiteral(f: FieldIR): string {
  const t = f.type;
  const entries: [string, unknown][] = [
    ["name", f.name],
    ["number", f.number],
    ["label", f.label],
    ["type", t.kind === "scalar" ? t.scalar : t.kind],
    [
      "ref",
      t.kind === "enum" || t.kind === "message"
        ? t.ref
        : t.kind === "map" && t.value.kind !== "scalar"
          ? t.value.ref
          : undefined,
    ],
    ["mapKey", t.kind === "map" ? t.key : undefined],
    ["mapValue", t.kind === "map" ? (t.value.kind === "scalar" ? t.value.scalar : t.value.kind) : undefined],
    ["packed", f.packed || undefined],
    ["int64", f.int64 === "number" ? "number" : undefined],
    ["default", f.default],
    ["deprecated", f.deprecated || undefined],
    ["oneof", f.oneof],
    ["implicit", f.implicit || undefined],
  ];
  return literal(entries);
}

function messageLiteral(m: MessageIR): string {
  return `{ name: ${JSON.stringify(m.fullName)}, fields: [${m.fields.map(fieldLiteral).join(", ")}] }`;
}

function enumLiteral(e: EnumIR, syntax: FileIR["syntax"]): string {
  const values = e.values.map((v) => `{ name: ${JSON.stringify(v.name)}, number: ${v.number} }`).join(", ");
  const open = e.open !== (syntax === "proto3") ? `, open: ${e.open}` : "";
  return `{ name: ${JSON.stringify(e.fullName)}, values: [${values}]${open} }`;
}

/** Lines of the `FileDescriptorJson` literal of `file`. */
export function descriptorLines(file: FileIR): string[] {
  return [
    "{",
    `  file: ${JSON.stringify(file.path)},`,
    `  package: ${JSON.stringify(file.package)},`,
    `  syntax: ${JSON.stringify(file.syntax)},`,
    "  enums: [",
    ...file.enums.map((e) => `    ${enumLiteral(e, file.syntax)},`),
    "  ],",
    "  messages: [",
    ...file.messages.map((m) => `    ${messageLiteral(m)},`),
    "  ],",
    "}",
  ];
}
