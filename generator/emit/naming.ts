/**
 * TypeScript names of proto declarations. Nested declarations are joined with
 * `_` (`Offer.Operation.Type` → `Offer_Operation_Type`); names that would clash
 * with another declaration, a TypeScript keyword or a global the generated
 * code uses get a `$` suffix (proto identifiers never contain `$`).
 */
import type { FileIR } from "../ir/types.js";

const RESERVED = new Set([
  // Keywords and primitive type names.
  ...[
    "any",
    "unknown",
    "never",
    "string",
    "number",
    "boolean",
    "bigint",
    "symbol",
    "object",
    "undefined",
    "null",
    "void",
  ],
  ...["true", "false", "this", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"],
  ...[
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
  ],
  ...["return", "super", "switch", "throw", "try", "typeof", "var", "while", "with", "as", "implements", "interface"],
  ...[
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "type",
    "await",
    "async",
    "keyof",
    "infer",
  ],
  // Globals the generated code refers to.
  ...["Uint8Array", "Record", "Partial", "Extract", "Array", "Readonly"],
]);

/** Maps each fully-qualified name declared in `file` to its TypeScript identifier. */
export function nameTable(file: FileIR): Map<string, string> {
  const table = new Map<string, string>();
  const taken = new Set<string>();
  const declarations = [...file.messages, ...file.enums].sort((a, b) => a.scope.length - b.scope.length);
  for (const d of declarations) {
    let name = d.scope.join("_");
    while (taken.has(name) || RESERVED.has(name)) name += "$";
    taken.add(name);
    table.set(d.fullName, name);
  }
  return table;
}

/** The identifier a module is imported under, from its proto path (`mesos/v1/mesos.proto` → `$mesos_v1_mesos`). */
export function moduleAlias(protoPath: string): string {
  return "$" + protoPath.replace(/\.proto$/, "").replace(/[^A-Za-z0-9_]/g, "_");
}

/** The generated module path of a proto file (`mesos/v1/mesos.proto` → `mesos/v1/mesos.ts`). */
export function modulePath(protoPath: string): string {
  return protoPath.replace(/\.proto$/, "") + ".ts";
}

/** The relative ESM specifier from one generated module to another (`../mesos.js`). */
export function relativeSpecifier(fromProto: string, toProto: string): string {
  const from = modulePath(fromProto).split("/").slice(0, -1);
  const to = modulePath(toProto).replace(/\.ts$/, ".js").split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

/** `ACCEPT_INVERSE_OFFERS` → `acceptInverseOffers`. */
export function camelCase(enumValue: string): string {
  const words = enumValue
    .toLowerCase()
    .split(/_+/)
    .filter((w) => w !== "");
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("") || "value";
}
