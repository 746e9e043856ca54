/**
 * What a field, map key or map value holds, in the terms the JSON codec
 * compilers generate code for.
 */
import type { EnumSchema, FieldSchema, Int64Mode, MessageSchema, ScalarType } from "../schema.js";

/** A scalar (with its 64-bit representation), an enum or a message. */
export type FieldTarget =
  | { readonly kind: "scalar"; readonly scalar: ScalarType; readonly int64: Int64Mode }
  | { readonly kind: "enum"; readonly enumType: EnumSchema }
  | { readonly kind: "message"; readonly messageType: MessageSchema };

/** What one value of `field` holds (for a map field: one map value). */
export function fieldTarget(field: FieldSchema): FieldTarget {
  if (field.kind === "map") {
    const value = field.mapValue!;
    return value.kind === "scalar" ? { kind: "scalar", scalar: value.scalar, int64: field.int64 } : value;
  }
  if (field.kind === "enum") return { kind: "enum", enumType: field.enumType! };
  if (field.kind === "message") return { kind: "message", messageType: field.messageType! };
  return { kind: "scalar", scalar: field.scalar!, int64: field.int64 };
}
