/**
 * Prints a message in protobuf text format, the input of `protoc --encode`.
 * Used by the oracle tests to hand protoc the same message our codec encodes.
 */
import type { FieldSchema, MessageSchema, ValueKind } from "@create-mesos-framework/runtime/codec";

function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\" + b.toString(8).padStart(3, "0");
  }
  return `"${out}"`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

function scalarText(kind: ValueKind, value: unknown): string {
  if (kind.kind === "enum") return String(value);
  if (kind.kind === "message") throw new Error("not a scalar");
  switch (kind.scalar) {
    case "string":
      return escapeBytes(new TextEncoder().encode(value as string));
    case "bytes":
      return escapeBytes(value as Uint8Array);
    case "bool":
      return value ? "true" : "false";
    case "double":
    case "float":
      return number(value as number);
    default:
      return String(value);
  }
}

function kindOf(f: FieldSchema): ValueKind {
  if (f.kind === "scalar") return { kind: "scalar", scalar: f.scalar! };
  if (f.kind === "enum") return { kind: "enum", enumType: f.enumType! };
  return { kind: "message", messageType: f.messageType! };
}

function valueText(kind: ValueKind, value: unknown, indent: string): string {
  return kind.kind === "message"
    ? `{\n${toTextFormat(kind.messageType, value, indent + "  ")}${indent}}`
    : scalarText(kind, value);
}

/** The text format of `message` (one field a line). */
export function toTextFormat(schema: MessageSchema, message: unknown, indent = ""): string {
  const record = message as Record<string, unknown>;
  let out = "";
  for (const f of [...schema.fields].sort((a, b) => a.number - b.number)) {
    const value = record[f.name];
    if (value === undefined) continue;
    if (f.kind === "map") {
      const keyKind: ValueKind = { kind: "scalar", scalar: f.mapKey! };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const key = f.mapKey === "bool" ? k : f.mapKey === "string" ? scalarText(keyKind, k) : k;
        out += `${indent}${f.name} {\n${indent}  key: ${key}\n${indent}  value: ${valueText(f.mapValue!, v, indent + "  ")}\n${indent}}\n`;
      }
    } else if (f.label === "repeated") {
      for (const item of value as unknown[]) out += `${indent}${f.name}: ${valueText(kindOf(f), item, indent)}\n`;
    } else {
      out += `${indent}${f.name}: ${valueText(kindOf(f), value, indent)}\n`;
    }
  }
  return out;
}
