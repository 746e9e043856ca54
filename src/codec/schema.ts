/**
 * The schema model that generated bindings embed and that the codecs compile from.
 *
 * Generated files describe their messages and enums with the plain-data
 * `FileDescriptorJson` below; `defineFile` links those descriptions (resolving
 * type references across files) into the `MessageSchema` / `EnumSchema` objects
 * that the binary and JSON codecs work on.
 */
import { SchemaError } from "./errors.js";

/** Protobuf scalar types, by their `.proto` spelling. */
export type ScalarType =
  | "double"
  | "float"
  | "int32"
  | "int64"
  | "uint32"
  | "uint64"
  | "sint32"
  | "sint64"
  | "fixed32"
  | "fixed64"
  | "sfixed32"
  | "sfixed64"
  | "bool"
  | "string"
  | "bytes";

/** How a 64-bit integer field is represented in TypeScript. */
export type Int64Mode = "bigint" | "number";

export type FieldLabel = "optional" | "required" | "repeated";

/** One value of an enum, as declared. */
export interface EnumValueJson {
  readonly name: string;
  readonly number: number;
}

/** Plain-data description of an enum, as embedded in generated code. */
export interface EnumJson {
  /** Fully-qualified name without a leading dot, e.g. `mesos.v1.TaskState`. */
  readonly name: string;
  readonly values: readonly EnumValueJson[];
  /** proto3 enums are open (unknown numbers are kept); proto2 enums are closed. */
  readonly open?: boolean;
}

/** Plain-data description of a field, as embedded in generated code. */
export interface FieldJson {
  readonly name: string;
  readonly number: number;
  readonly label: FieldLabel;
  /** A scalar type, or `enum`, `message` or `map`. */
  readonly type: ScalarType | "enum" | "message" | "map";
  /** Fully-qualified enum or message type for `enum`/`message` fields and map values. */
  readonly ref?: string;
  /** Key type of a `map` field. */
  readonly mapKey?: ScalarType;
  /** Value type of a `map` field (`ref` names its enum or message). */
  readonly mapValue?: ScalarType | "enum" | "message";
  /** Repeated scalars are written packed. */
  readonly packed?: boolean;
  /** Representation of 64-bit integers (here, or in map keys and values); default `bigint`. */
  readonly int64?: Int64Mode;
  /**
   * The explicit `[default = ...]`, in a JSON-safe spelling: numbers as JSON
   * numbers (64-bit integers as decimal strings, infinities as `"Infinity"` /
   * `"-Infinity"`, NaN as `"NaN"`), enums by value name, bytes as base64.
   */
  readonly default?: string | number | boolean;
  readonly deprecated?: boolean;
  /** Name of the `oneof` this field belongs to. */
  readonly oneof?: string;
  /** proto3 field without `optional`: zero values are not written. */
  readonly implicit?: boolean;
}

/** Plain-data description of a message, as embedded in generated code. */
export interface MessageJson {
  /** Fully-qualified name without a leading dot, e.g. `mesos.v1.Offer.Operation`. */
  readonly name: string;
  /** Fields in declaration order (the order Mesos writes JSON keys in). */
  readonly fields: readonly FieldJson[];
}

/** Plain-data description of one `.proto` file, as embedded in generated code. */
export interface FileDescriptorJson {
  /** Path of the `.proto` file relative to its import root. */
  readonly file: string;
  readonly package: string;
  readonly syntax: "proto2" | "proto3";
  readonly enums: readonly EnumJson[];
  readonly messages: readonly MessageJson[];
}

/** A linked enum. */
export interface EnumSchema {
  readonly typeName: string;
  readonly values: readonly EnumValueJson[];
  readonly open: boolean;
  readonly numberByName: ReadonlyMap<string, number>;
  /** The first declared name of each number (aliases share a number). */
  readonly nameByNumber: ReadonlyMap<number, string>;
}

/** What a map key, map value or singular/repeated field holds. */
export type ValueKind =
  | { readonly kind: "scalar"; readonly scalar: ScalarType }
  | { readonly kind: "enum"; readonly enumType: EnumSchema }
  | { readonly kind: "message"; readonly messageType: MessageSchema };

/** A linked field. */
export interface FieldSchema {
  readonly name: string;
  readonly number: number;
  readonly label: FieldLabel;
  /** `scalar`, `enum`, `message` or `map`. */
  readonly kind: "scalar" | "enum" | "message" | "map";
  readonly scalar?: ScalarType;
  readonly enumType?: EnumSchema;
  readonly messageType?: MessageSchema;
  readonly mapKey?: ScalarType;
  readonly mapValue?: ValueKind;
  readonly packed: boolean;
  readonly int64: Int64Mode;
  readonly hasDefault: boolean;
  /** The default in its TypeScript representation (bigint/number/string/boolean/Uint8Array/enum name). */
  readonly defaultValue: unknown;
  readonly deprecated: boolean;
  readonly oneof: string | undefined;
  readonly implicitPresence: boolean;
}

/** A linked message. */
export interface MessageSchema {
  readonly typeName: string;
  /** Short name, e.g. `Operation` for `mesos.v1.Offer.Operation`. */
  readonly name: string;
  readonly file: string;
  readonly syntax: "proto2" | "proto3";
  readonly fields: readonly FieldSchema[];
  readonly fieldByNumber: ReadonlyMap<number, FieldSchema>;
  readonly fieldByName: ReadonlyMap<string, FieldSchema>;
}

/** A linked file: its own types plus lookups that see its dependencies. */
export interface FileSchema {
  readonly file: string;
  readonly package: string;
  readonly messages: ReadonlyMap<string, MessageSchema>;
  readonly enums: ReadonlyMap<string, EnumSchema>;
  /** Finds a message declared here or in a dependency. */
  findMessage(typeName: string): MessageSchema | undefined;
  /** Finds an enum declared here or in a dependency. */
  findEnum(typeName: string): EnumSchema | undefined;
  /** Returns a message of this file, or throws. */
  message(typeName: string): MessageSchema;
  /** Returns an enum of this file, or throws. */
  enum(typeName: string): EnumSchema;
}

const INT64_TYPES: ReadonlySet<ScalarType> = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

/** True for the 64-bit integer scalar types. */
export function is64Bit(type: ScalarType): boolean {
  return INT64_TYPES.has(type);
}

const SCALAR_TYPES: ReadonlySet<string> = new Set([
  "double",
  "float",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "sint32",
  "sint64",
  "fixed32",
  "fixed64",
  "sfixed32",
  "sfixed64",
  "bool",
  "string",
  "bytes",
]);

/** True if `type` names a protobuf scalar type. */
export function isScalarType(type: string): type is ScalarType {
  return SCALAR_TYPES.has(type);
}

/** Types that may be written packed (every scalar but string and bytes, and enums). */
export function isPackable(type: ScalarType | "enum"): boolean {
  return type !== "string" && type !== "bytes";
}

/**
 * Links a generated file description against the files it imports.
 *
 * Type references resolve in this file first, then in `deps` (and their
 * dependencies), so a generated module only needs to pass its direct imports.
 * The description is the plain data, or its JSON text split into lines.
 */
export function defineFile(
  description: FileDescriptorJson | readonly string[],
  deps: readonly FileSchema[] = [],
): FileSchema {
  // Generated code passes the description as JSON text in lines (cheap to type-check).
  const json: FileDescriptorJson = isTextLines(description)
    ? (JSON.parse(description.join("")) as FileDescriptorJson)
    : description;
  const enums = new Map<string, EnumSchema>();
  for (const e of json.enums) enums.set(e.name, linkEnum(e, json.syntax));

  const messages = new Map<string, MutableMessage>();
  for (const m of json.messages) {
    const dot = m.name.lastIndexOf(".");
    messages.set(m.name, {
      typeName: m.name,
      name: m.name.slice(dot + 1),
      file: json.file,
      syntax: json.syntax,
      fields: [],
      fieldByNumber: new Map(),
      fieldByName: new Map(),
    });
  }

  const findEnum = (name: string): EnumSchema | undefined => {
    const own = enums.get(name);
    if (own) return own;
    for (const d of deps) {
      const found = d.findEnum(name);
      if (found) return found;
    }
    return undefined;
  };
  const findMessage = (name: string): MessageSchema | undefined => {
    const own = messages.get(name);
    if (own) return own;
    for (const d of deps) {
      const found = d.findMessage(name);
      if (found) return found;
    }
    return undefined;
  };

  for (const m of json.messages) {
    const target = messages.get(m.name)!;
    for (const f of m.fields) {
      const field = linkField(json, m.name, f, findEnum, findMessage);
      target.fields.push(field);
      target.fieldByNumber.set(field.number, field);
      target.fieldByName.set(field.name, field);
    }
  }

  return {
    file: json.file,
    package: json.package,
    messages,
    enums,
    findEnum,
    findMessage,
    message(name) {
      const m = messages.get(name);
      if (!m) throw new SchemaError(`message ${name} is not declared in ${json.file}`);
      return m;
    },
    enum(name) {
      const e = enums.get(name);
      if (!e) throw new SchemaError(`enum ${name} is not declared in ${json.file}`);
      return e;
    },
  };
}

function isTextLines(value: FileDescriptorJson | readonly string[]): value is readonly string[] {
  return Array.isArray(value);
}

interface MutableMessage extends MessageSchema {
  readonly fields: FieldSchema[];
  readonly fieldByNumber: Map<number, FieldSchema>;
  readonly fieldByName: Map<string, FieldSchema>;
}

function linkEnum(e: EnumJson, syntax: "proto2" | "proto3"): EnumSchema {
  const numberByName = new Map<string, number>();
  const nameByNumber = new Map<number, string>();
  for (const v of e.values) {
    numberByName.set(v.name, v.number);
    if (!nameByNumber.has(v.number)) nameByNumber.set(v.number, v.name);
  }
  return { typeName: e.name, values: e.values, open: e.open ?? syntax === "proto3", numberByName, nameByNumber };
}

function linkField(
  file: FileDescriptorJson,
  owner: string,
  f: FieldJson,
  findEnum: (n: string) => EnumSchema | undefined,
  findMessage: (n: string) => MessageSchema | undefined,
): FieldSchema {
  const where = `${owner}.${f.name} (${file.file})`;
  const needRef = (): string => {
    if (!f.ref) throw new SchemaError(`${where}: missing type reference`);
    return f.ref;
  };
  const resolveEnum = (): EnumSchema => {
    const e = findEnum(needRef());
    if (!e) throw new SchemaError(`${where}: enum ${f.ref} is not declared in this file or its imports`);
    return e;
  };
  const resolveMessage = (): MessageSchema => {
    const m = findMessage(needRef());
    if (!m) throw new SchemaError(`${where}: message ${f.ref} is not declared in this file or its imports`);
    return m;
  };

  let kind: FieldSchema["kind"];
  let scalar: ScalarType | undefined;
  let enumType: EnumSchema | undefined;
  let messageType: MessageSchema | undefined;
  let mapKey: ScalarType | undefined;
  let mapValue: ValueKind | undefined;
  if (f.type === "map") {
    kind = "map";
    if (!f.mapKey || !f.mapValue) throw new SchemaError(`${where}: map field without key or value type`);
    mapKey = f.mapKey;
    if (f.mapValue === "enum") mapValue = { kind: "enum", enumType: resolveEnum() };
    else if (f.mapValue === "message") mapValue = { kind: "message", messageType: resolveMessage() };
    else mapValue = { kind: "scalar", scalar: f.mapValue };
  } else if (f.type === "enum") {
    kind = "enum";
    enumType = resolveEnum();
  } else if (f.type === "message") {
    kind = "message";
    messageType = resolveMessage();
  } else if (isScalarType(f.type)) {
    kind = "scalar";
    scalar = f.type;
  } else {
    throw new SchemaError(`${where}: unknown field type ${String(f.type)}`);
  }

  const int64 = f.int64 ?? "bigint";
  const hasDefault = f.default !== undefined;
  return {
    name: f.name,
    number: f.number,
    label: f.label,
    kind,
    scalar,
    enumType,
    messageType,
    mapKey,
    mapValue,
    packed: f.packed ?? false,
    int64,
    hasDefault,
    defaultValue: hasDefault ? convertDefault(where, f.default!, scalar, enumType, int64) : undefined,
    deprecated: f.deprecated ?? false,
    oneof: f.oneof,
    implicitPresence: f.implicit ?? false,
  };
}

function convertDefault(
  where: string,
  value: string | number | boolean,
  scalar: ScalarType | undefined,
  enumType: EnumSchema | undefined,
  int64: Int64Mode,
): unknown {
  if (enumType) {
    if (typeof value !== "string" || !enumType.numberByName.has(value)) {
      throw new SchemaError(`${where}: default ${String(value)} is not a value of ${enumType.typeName}`);
    }
    return value;
  }
  switch (scalar) {
    case "bool":
      return value === true || value === "true";
    case "string":
      return String(value);
    case "bytes":
      return Uint8Array.from(Buffer.from(String(value), "base64"));
    case "double":
    case "float":
      if (value === "Infinity") return Infinity;
      if (value === "-Infinity") return -Infinity;
      if (value === "NaN") return NaN;
      return Number(value);
    default:
      if (scalar && is64Bit(scalar)) return int64 === "bigint" ? BigInt(value) : Number(value);
      return Number(value);
  }
}
