/**
 * The schema embedded in each generated module: the plain-data
 * `FileDescriptorJson` the runtime links and compiles codecs from. It is
 * written as JSON text, one message or enum a line: a string array costs the
 * type checker nothing (an object literal of this size cost ~0.8 s of tsc on
 * mesos.proto), and one line per declaration keeps diffs of regenerated
 * bindings readable.
 */
import type { FieldJson, FileDescriptorJson } from "@create-mesos-framework/runtime/codec/schema";
import type { EnumIR, FieldIR, FileIR, MessageIR } from "../ir/types.js";

function fieldJson(f: FieldIR): FieldJson {
  const t = f.type;
  const json: Record<string, unknown> = {
    name: f.name,
    number: f.number,
    label: f.label,
    type: t.kind === "scalar" ? t.scalar : t.kind,
    ref:
      t.kind === "enum" || t.kind === "message"
        ? t.ref
        : t.kind === "map" && t.value.kind !== "scalar"
          ? t.value.ref
          : undefined,
    mapKey: t.kind === "map" ? t.key : undefined,
    mapValue: t.kind === "map" ? (t.value.kind === "scalar" ? t.value.scalar : t.value.kind) : undefined,
    // Flags are written only when true.
    packed: f.packed || undefined,
    int64: f.int64 === "number" ? "number" : undefined,
    default: f.default,
    deprecated: f.deprecated || undefined,
    oneof: f.oneof,
    implicit: f.implicit || undefined,
  };
  return json as unknown as FieldJson;
}

function messageJson(m: MessageIR): string {
  return JSON.stringify({ name: m.fullName, fields: m.fields.map(fieldJson) });
}

function enumJson(e: EnumIR, syntax: FileIR["syntax"]): string {
  const open = e.open !== (syntax === "proto3") ? e.open : undefined;
  return JSON.stringify({ name: e.fullName, values: e.values.map((v) => ({ name: v.name, number: v.number })), open });
}

/** A JavaScript string literal in single quotes (JSON text rarely holds one). */
function quote(text: string): string {
  return `'${text
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")}'`;
}

function list(items: string[]): string[] {
  return items.map((item, i) => (i < items.length - 1 ? `${item},` : item));
}

/** Lines of JavaScript string literals whose concatenation is the `FileDescriptorJson` of `file`, as JSON. */
export function descriptorLines(file: FileIR): string[] {
  const head: Omit<FileDescriptorJson, "enums" | "messages"> = {
    file: file.path,
    package: file.package,
    syntax: file.syntax,
  };
  const json = [
    `${JSON.stringify(head).slice(0, -1)},"enums":[`,
    ...list(file.enums.map((e) => enumJson(e, file.syntax))),
    `],"messages":[`,
    ...list(file.messages.map(messageJson)),
    "]}",
  ];
  return json.map(quote);
}
