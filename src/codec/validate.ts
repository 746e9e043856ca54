/**
 * Required-field checking over a decoded or hand-built message, listing every
 * missing field the way Mesos does (`a.b`, `c[1].d`, in declaration order).
 */
import type { MessageSchema } from "./schema.js";

/** Paths of every `required` field that is not set in `message`, in declaration order. */
export function findMissingRequired(schema: MessageSchema, message: unknown): string[] {
  // Encoders call this on every message: a cheap walk first, paths only when something is missing.
  if (isComplete(schema, message)) return [];
  const missing: string[] = [];
  collect(schema, message, "", missing);
  return missing;
}

function isComplete(schema: MessageSchema, message: unknown): boolean {
  if (typeof message !== "object" || message === null) return true;
  const record = message as Record<string, unknown>;
  for (const field of schema.fields) {
    const value = record[field.name];
    if (value === undefined || value === null) {
      if (field.label === "required") return false;
      continue;
    }
    if (field.kind === "message") {
      const type = field.messageType!;
      if (field.label !== "repeated") {
        if (!isComplete(type, value)) return false;
      } else if (Array.isArray(value)) {
        for (const item of value) if (!isComplete(type, item)) return false;
      }
    } else if (field.kind === "map" && field.mapValue?.kind === "message") {
      const type = field.mapValue.messageType;
      for (const key in value as Record<string, unknown>) {
        if (!isComplete(type, (value as Record<string, unknown>)[key])) return false;
      }
    }
  }
  return true;
}

function join(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

function collect(schema: MessageSchema, message: unknown, prefix: string, out: string[]): void {
  if (typeof message !== "object" || message === null) return;
  const record = message as Record<string, unknown>;
  for (const field of schema.fields) {
    const value = record[field.name];
    const path = join(prefix, field.name);
    if (value === undefined || value === null) {
      if (field.label === "required") out.push(path);
      continue;
    }
    if (field.kind === "message" && field.messageType) {
      if (field.label === "repeated") {
        if (Array.isArray(value)) value.forEach((item, i) => collect(field.messageType!, item, `${path}[${i}]`, out));
      } else {
        collect(field.messageType, value, path, out);
      }
    } else if (field.kind === "map" && field.mapValue?.kind === "message") {
      const valueType = field.mapValue.messageType;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        collect(valueType, item, `${path}[${JSON.stringify(key)}]`, out);
      }
    }
  }
}
