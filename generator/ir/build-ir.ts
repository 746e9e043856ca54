/**
 * Turns loaded protobufjs reflection objects into the plain-data IR, applying
 * the generator config (64-bit representation, plain messages).
 */
import protobuf from "protobufjs";
import {
  is64Bit,
  isPackable,
  isScalarType,
  type Int64Mode,
  type ScalarType,
} from "@create-mesos-framework/runtime/codec/schema";
import type { GeneratorConfig } from "../config.js";
import { GeneratorError } from "../parse/errors.js";
import type { LoadedFile, LoadedProtos } from "../parse/load-protos.js";
import { detectUnion } from "./union-pattern.js";
import type { EnumIR, FieldIR, FieldTypeIR, FileIR, MessageIR, OneofIR, ProtoSetIR, SourceLocation } from "./types.js";

/** Builds the IR of every loaded file. `onWarning` hears about config entries that match nothing. */
export function buildIR(
  protos: LoadedProtos,
  config: GeneratorConfig = {},
  onWarning?: (message: string) => void,
): ProtoSetIR {
  const fileOf = new Map<string, LoadedFile>();
  for (const f of protos.files) for (const d of f.declarations) fileOf.set(d.fullName.slice(1), f);

  const usedOverrides = new Set<string>();
  const enums = new Map<string, EnumIR>();
  for (const f of protos.files) {
    for (const d of f.declarations) if (d instanceof protobuf.Enum) enums.set(d.fullName.slice(1), buildEnum(d, f));
  }

  const files = protos.files.map((f): FileIR => {
    const messages: MessageIR[] = [];
    const deps = new Set<string>();
    for (const d of f.declarations) {
      if (!(d instanceof protobuf.Type)) continue;
      messages.push(
        buildMessage(
          d,
          f,
          config,
          usedOverrides,
          (ref) => {
            const owner = fileOf.get(ref);
            if (owner && owner !== f) deps.add(owner.path);
          },
          enums,
        ),
      );
    }
    return {
      path: f.path,
      package: f.package,
      syntax: f.syntax,
      imports: [...deps].sort(),
      messages,
      enums: f.declarations
        .filter((d): d is protobuf.Enum => d instanceof protobuf.Enum)
        .map((d) => enums.get(d.fullName.slice(1))!),
    };
  });

  for (const name of Object.keys(config.fields ?? {})) {
    if (!usedOverrides.has(name)) onWarning?.(`config: fields.${name} matches no 64-bit field in these protos`);
  }
  const allMessages = new Set(files.flatMap((f) => f.messages.map((m) => m.fullName)));
  for (const name of config.plainMessages ?? []) {
    if (!allMessages.has(name)) onWarning?.(`config: plainMessages entry ${name} matches no message in these protos`);
  }
  return { files };
}

function location(file: LoadedFile, fullName: string): SourceLocation | undefined {
  const site = file.sites.get(fullName);
  return site ? { file: file.path, line: site.line } : undefined;
}

function scopeOf(d: protobuf.ReflectionObject): string[] {
  const names: string[] = [];
  for (let o: protobuf.ReflectionObject | null = d; o && !(o.parent === null); o = o.parent) {
    if (o instanceof protobuf.Type || o instanceof protobuf.Enum) names.unshift(o.name);
    else break;
  }
  return names;
}

function comment(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function buildEnum(e: protobuf.Enum, file: LoadedFile): EnumIR {
  const fullName = e.fullName.slice(1);
  const features = (e as unknown as { _features?: { enum_type?: string } })._features;
  return {
    fullName,
    scope: scopeOf(e),
    comment: comment(e.comment),
    location: location(file, fullName),
    open: features?.enum_type ? features.enum_type === "OPEN" : file.syntax === "proto3",
    values: Object.entries(e.values).map(([name, number]) => ({ name, number, comment: comment(e.comments[name]) })),
  };
}

function buildMessage(
  t: protobuf.Type,
  file: LoadedFile,
  config: GeneratorConfig,
  usedOverrides: Set<string>,
  noteRef: (ref: string) => void,
  enums: ReadonlyMap<string, EnumIR>,
): MessageIR {
  const fullName = t.fullName.slice(1);
  const own = t.fieldsArray.filter((f) => !f.declaringField && !f.name.startsWith(".") && f.extend === undefined);
  const synthetic = new Set(
    t.oneofsArray
      .filter((o) => o.fieldsArray.length === 1 && o.fieldsArray[0]!.options?.proto3_optional)
      .map((o) => o.name),
  );
  const fields = own.map((f) => buildField(f, fullName, file, config, usedOverrides, noteRef, synthetic));
  const oneofs: OneofIR[] = t.oneofsArray
    .filter((o) => !synthetic.has(o.name))
    .map((o) => ({ name: o.name, comment: comment(o.comment), fields: o.fieldsArray.map((f) => f.name) }));
  const union = (config.plainMessages ?? []).includes(fullName) ? undefined : detectUnion(fields, (n) => enums.get(n));
  return {
    fullName,
    scope: scopeOf(t),
    comment: comment(t.comment),
    location: location(file, fullName),
    deprecated: t.options?.deprecated === true,
    fields,
    oneofs,
    union,
  };
}

function buildField(
  f: protobuf.Field,
  owner: string,
  file: LoadedFile,
  config: GeneratorConfig,
  usedOverrides: Set<string>,
  noteRef: (ref: string) => void,
  syntheticOneofs: ReadonlySet<string>,
): FieldIR {
  const fullName = `${owner}.${f.name}`;
  const where = location(file, fullName);
  const at = where ? `${where.file}:${where.line}` : file.path;
  if (
    f.delimited ||
    (f.resolvedType instanceof protobuf.Type && (f.resolvedType as unknown as { group?: boolean }).group === true)
  ) {
    throw new GeneratorError(
      "ERR_PROTO_UNSUPPORTED",
      `group field ${fullName} is not supported (groups are deprecated; declare a nested message instead)`,
      at,
    );
  }

  const type = fieldType(f, at, noteRef);
  const override = config.fields?.[fullName];
  if (override) usedOverrides.add(fullName);
  const int64: Int64Mode = (uses64Bit(type) ? override?.int64 : undefined) ?? config.int64 ?? "bigint";
  if (override && !uses64Bit(type)) usedOverrides.delete(fullName);

  const oneof = f.partOf && !syntheticOneofs.has(f.partOf.name) ? f.partOf.name : undefined;
  const repeated = f.repeated && !f.map;
  const label = f.map || repeated ? "repeated" : f.required ? "required" : "optional";
  return {
    name: f.name,
    number: f.id,
    label,
    type,
    comment: comment(f.comment),
    location: where,
    packed: repeated && (type.kind === "enum" || (type.kind === "scalar" && isPackable(type.scalar))) && f.packed,
    int64,
    default: defaultOf(f, type, file, fullName),
    deprecated: f.options?.deprecated === true,
    oneof,
    implicit: label === "optional" && !oneof && !f.hasPresence,
  };
}

function uses64Bit(type: FieldTypeIR): boolean {
  if (type.kind === "scalar") return is64Bit(type.scalar);
  if (type.kind === "map") return is64Bit(type.key) || (type.value.kind === "scalar" && is64Bit(type.value.scalar));
  return false;
}

function valueType(
  typeName: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  at: string,
  noteRef: (ref: string) => void,
) {
  if (resolved instanceof protobuf.Enum || resolved instanceof protobuf.Type) {
    const ref = resolved.fullName.slice(1);
    noteRef(ref);
    return resolved instanceof protobuf.Enum ? ({ kind: "enum", ref } as const) : ({ kind: "message", ref } as const);
  }
  if (isScalarType(typeName)) return { kind: "scalar", scalar: typeName } as const;
  throw new GeneratorError("ERR_PROTO_UNRESOLVED_TYPE", `unknown type ${typeName}`, at);
}

function fieldType(f: protobuf.Field, at: string, noteRef: (ref: string) => void): FieldTypeIR {
  if (f instanceof protobuf.MapField) {
    if (!isScalarType(f.keyType))
      throw new GeneratorError("ERR_PROTO_UNSUPPORTED", `map key type ${f.keyType} is not allowed`, at);
    return { kind: "map", key: f.keyType, value: valueType(f.type, f.resolvedType, at, noteRef) };
  }
  return valueType(f.type, f.resolvedType, at, noteRef);
}

/** The explicit default in the JSON-safe spelling of the schema (64-bit integers exact, from the source text). */
function defaultOf(
  f: protobuf.Field,
  type: FieldTypeIR,
  file: LoadedFile,
  fullName: string,
): string | number | boolean | undefined {
  const raw: unknown = f.options?.default;
  if (raw === undefined || type.kind === "map" || type.kind === "message") return undefined;
  if (type.kind === "enum") return String(raw);
  const scalar: ScalarType = type.scalar;
  if (scalar === "bool") return raw === true || raw === "true";
  if (scalar === "string") return String(raw);
  if (scalar === "bytes") {
    const text = String(raw);
    const latin1 = [...text].every((c) => c.charCodeAt(0) <= 0xff);
    return Buffer.from(text, latin1 ? "latin1" : "utf8").toString("base64");
  }
  if (typeof raw === "number" && !Number.isFinite(raw))
    return Number.isNaN(raw) ? "NaN" : raw > 0 ? "Infinity" : "-Infinity";
  if (is64Bit(scalar)) return exactIntegerDefault(file, fullName) ?? String(raw);
  return Number(raw);
}

function exactIntegerDefault(file: LoadedFile, fullName: string): string | undefined {
  const site = file.sites.get(fullName);
  if (!site) return undefined;
  // protobufjs reads numbers as doubles; take the digits from the declaration itself.
  const source = file.source.split(/\r?\n/)[site.line - 1] ?? "";
  const match = /default\s*=\s*(-?(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*))\b/.exec(source);
  return match ? BigInt(match[1]!).toString() : undefined;
}
