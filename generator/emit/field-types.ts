/** TypeScript type text of fields. */
import { is64Bit, type Int64Mode, type ScalarType } from "@create-mesos-framework/runtime/codec/schema";
import type { FieldIR, FieldTypeIR } from "../ir/types.js";

/** Resolves a fully-qualified proto name to the identifier usable in the current module. */
export type NameResolver = (fullName: string) => string;

/** Whether an enum is open (proto3): unknown numbers are kept as numbers. */
export type EnumOpenness = (fullName: string) => boolean;

function scalarType(scalar: ScalarType, int64: Int64Mode): string {
  if (is64Bit(scalar)) return int64 === "number" ? "number" : "bigint";
  switch (scalar) {
    case "bool":
      return "boolean";
    case "string":
      return "string";
    case "bytes":
      return "Uint8Array";
    default:
      return "number";
  }
}

function valueType(
  type: Exclude<FieldTypeIR, { kind: "map" }>,
  int64: Int64Mode,
  resolve: NameResolver,
  isOpen: EnumOpenness,
): string {
  if (type.kind === "scalar") return scalarType(type.scalar, int64);
  const name = resolve(type.ref);
  return type.kind === "enum" && isOpen(type.ref) ? `${name} | number` : name;
}

/** The element type of a field (without `[]` for repeated fields). */
export function elementType(field: FieldIR, resolve: NameResolver, isOpen: EnumOpenness): string {
  if (field.type.kind === "map") {
    const value = valueType(field.type.value, field.int64, resolve, isOpen);
    return `Record<string, ${value}>`;
  }
  return valueType(field.type, field.int64, resolve, isOpen);
}

/** The property type of a field: repeated fields are arrays, maps records. */
export function propertyType(field: FieldIR, resolve: NameResolver, isOpen: EnumOpenness): string {
  const element = elementType(field, resolve, isOpen);
  if (field.label !== "repeated" || field.type.kind === "map") return element;
  return element.includes("|") ? `(${element})[]` : `${element}[]`;
}

/** How a default value reads in TSDoc. */
export function defaultText(field: FieldIR): string | undefined {
  const d = field.default;
  if (d === undefined) return undefined;
  if (field.type.kind === "enum") return `"${String(d)}"`;
  if (field.type.kind === "scalar") {
    if (field.type.scalar === "string") return JSON.stringify(d);
    if (field.type.scalar === "bytes") return `bytes (base64) ${JSON.stringify(d)}`;
    if (is64Bit(field.type.scalar) && field.int64 === "bigint") return `${String(d)}n`;
  }
  return String(d);
}
