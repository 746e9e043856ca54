/**
 * The intermediate representation between parsing and emission: plain data,
 * independent of protobufjs and of TypeScript printing.
 */
import type { FieldLabel, Int64Mode, ScalarType } from "@create-mesos-framework/runtime/codec/schema";

/** Where a declaration is in its `.proto` file (1-based line). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** One generated module: one `.proto` file. */
export interface FileIR {
  /** Path relative to the import root, forward slashes, e.g. `mesos/v1/mesos.proto`. */
  readonly path: string;
  readonly package: string;
  readonly syntax: "proto2" | "proto3";
  /** Files this one imports, by path (only those that declare types it uses). */
  readonly imports: readonly string[];
  /** Every message of the file, nested ones included, in declaration order (parents first). */
  readonly messages: readonly MessageIR[];
  /** Every enum of the file, nested ones included, in declaration order. */
  readonly enums: readonly EnumIR[];
  /** Comment before the `package` or `syntax` statement is not kept; this is the file-level doc if any. */
  readonly comment?: string;
}

/** A message. */
export interface MessageIR {
  /** Fully-qualified name without the leading dot. */
  readonly fullName: string;
  /** Names from the package down, e.g. `["Offer", "Operation"]`. */
  readonly scope: readonly string[];
  readonly comment?: string;
  readonly location?: SourceLocation;
  readonly deprecated: boolean;
  /** Fields in declaration order. */
  readonly fields: readonly FieldIR[];
  /** Real oneofs (not the synthetic ones of proto3 `optional`). */
  readonly oneofs: readonly OneofIR[];
  /** Set when the message follows the "union" pattern (a `type` enum plus one field per value). */
  readonly union?: UnionIR;
}

/** A `oneof` group. */
export interface OneofIR {
  readonly name: string;
  readonly comment?: string;
  readonly fields: readonly string[];
}

/** The union pattern of a message: the discriminator field and the value → field pairing. */
export interface UnionIR {
  /** Name of the discriminator field (`type`). */
  readonly discriminator: string;
  /** Whether the discriminator is `required` (then no "unset" member exists). */
  readonly discriminatorRequired: boolean;
  /** Fully-qualified name of the discriminator's enum. */
  readonly enumName: string;
  /** Every enum value, with the payload field carrying its data (if the message has one). */
  readonly members: readonly { readonly value: string; readonly field?: string; readonly comment?: string }[];
}

/** What a field holds. */
export type FieldTypeIR =
  | { readonly kind: "scalar"; readonly scalar: ScalarType }
  | { readonly kind: "enum"; readonly ref: string }
  | { readonly kind: "message"; readonly ref: string }
  | {
      readonly kind: "map";
      readonly key: ScalarType;
      readonly value:
        | { readonly kind: "scalar"; readonly scalar: ScalarType }
        | { readonly kind: "enum"; readonly ref: string }
        | { readonly kind: "message"; readonly ref: string };
    };

/** A field. */
export interface FieldIR {
  readonly name: string;
  readonly number: number;
  readonly label: FieldLabel;
  readonly type: FieldTypeIR;
  readonly comment?: string;
  readonly location?: SourceLocation;
  readonly packed: boolean;
  /** Representation of 64-bit integers in this field (after overrides). */
  readonly int64: Int64Mode;
  /** The explicit `[default = ...]` in the JSON-safe spelling of `FieldJson.default`. */
  readonly default?: string | number | boolean;
  readonly deprecated: boolean;
  readonly oneof?: string;
  /** proto3 field without `optional`: no presence, zero values are not written. */
  readonly implicit: boolean;
}

/** An enum. */
export interface EnumIR {
  readonly fullName: string;
  readonly scope: readonly string[];
  readonly comment?: string;
  readonly location?: SourceLocation;
  readonly open: boolean;
  readonly values: readonly { readonly name: string; readonly number: number; readonly comment?: string }[];
}

/** All files of one generation run. */
export interface ProtoSetIR {
  readonly files: readonly FileIR[];
}
