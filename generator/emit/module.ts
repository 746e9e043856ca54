/**
 * Emits one TypeScript module per `.proto` file: the schema literal, an
 * interface (or discriminated union) and a codec object per message, a
 * string-literal union and a value table per enum, and typed facades for
 * union-pattern messages.
 */
import CodeBlockWriter from "code-block-writer";
import type { EnumIR, FieldIR, FileIR, MessageIR, ProtoSetIR } from "../ir/types.js";
import { descriptorLines } from "./descriptor.js";
import { docText, paragraphs, protoSource } from "./docs.js";
import { defaultText, propertyType, type NameResolver } from "./field-types.js";
import { camelCase, moduleAlias, nameTable, relativeSpecifier } from "./naming.js";

/** Settings that shape every module. */
export interface ModuleOptions {
  /** Module specifier of the codec runtime. */
  readonly runtimeImport: string;
  /** First line of every file, e.g. the generator name and version. */
  readonly banner: string;
}

/** Context shared by the modules of one generation run. */
export interface EmitContext {
  readonly names: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly fileOf: ReadonlyMap<string, string>;
  readonly openEnums: ReadonlySet<string>;
}

/** Builds the cross-module lookups of a whole proto set. */
export function createEmitContext(set: ProtoSetIR): EmitContext {
  const names = new Map<string, Map<string, string>>();
  const fileOf = new Map<string, string>();
  const openEnums = new Set<string>();
  for (const f of set.files) {
    names.set(f.path, nameTable(f));
    for (const d of [...f.messages, ...f.enums]) fileOf.set(d.fullName, f.path);
    for (const e of f.enums) if (e.open) openEnums.add(e.fullName);
  }
  return { names, fileOf, openEnums };
}

function newWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ indentNumberOfSpaces: 2, useTabs: false, newLine: "\n", useSingleQuote: false });
}

function writeDoc(w: CodeBlockWriter, text: string): void {
  const lines = docText(text).split("\n");
  if (lines.length === 1 && lines[0]!.length < 90) {
    w.writeLine(`/** ${lines[0]} */`);
    return;
  }
  w.writeLine("/**");
  for (const line of lines) w.writeLine(line.trim() === "" ? " *" : ` * ${line.trimEnd()}`);
  w.writeLine(" */");
}

/** Emits the module of `file`. */
export function emitModule(file: FileIR, ctx: EmitContext, options: ModuleOptions): string {
  const local = ctx.names.get(file.path)!;
  const resolve: NameResolver = (fullName) => {
    const own = local.get(fullName);
    if (own) return own;
    const owner = ctx.fileOf.get(fullName)!;
    return `${moduleAlias(owner)}.${ctx.names.get(owner)!.get(fullName)!}`;
  };
  const isOpen = (fullName: string): boolean => ctx.openEnums.has(fullName);

  const w = newWriter();
  w.writeLine(`// ${options.banner}`);
  w.writeLine(`// Source: ${file.path} (package ${file.package || "<none>"}). Do not edit: regenerate instead.`);
  w.writeLine("/* eslint-disable */");
  w.blankLine();
  const hasUnions = file.messages.some((m) => m.union);
  const runtimeValues = ["defineFile as $defineFile", "messageType as $messageType", "enumType as $enumType"];
  if (hasUnions) runtimeValues.push("unionFacade as $unionFacade");
  w.writeLine(`import { ${runtimeValues.join(", ")} } from ${JSON.stringify(options.runtimeImport)};`);
  w.writeLine(
    `import type { EnumType as $EnumType, FileSchema as $FileSchema, MessageType as $MessageType } from ${JSON.stringify(options.runtimeImport)};`,
  );
  for (const dep of file.imports) {
    const spec = JSON.stringify(relativeSpecifier(file.path, dep));
    w.writeLine(`import { $file as ${moduleAlias(dep)}$file } from ${spec};`);
    w.writeLine(`import type * as ${moduleAlias(dep)} from ${spec};`);
  }
  w.blankLine();

  writeDoc(w, `Schema of \`${file.path}\`, linked with the files it imports; the codecs compile from it.`);
  w.writeLine(`export const $file: $FileSchema = $defineFile(`);
  w.indent(() => {
    w.writeLine("[");
    w.indent(() => descriptorLines(file).forEach((line) => w.writeLine(`${line},`)));
    w.writeLine("],");
    w.writeLine(`[${file.imports.map((d) => `${moduleAlias(d)}$file`).join(", ")}],`);
  });
  w.writeLine(");");

  for (const e of file.enums) {
    w.blankLine();
    writeEnum(w, e, local.get(e.fullName)!);
  }
  for (const m of file.messages) {
    w.blankLine();
    writeMessage(w, m, local.get(m.fullName)!, resolve, isOpen);
  }
  return w.toString();
}

function writeEnum(w: CodeBlockWriter, e: EnumIR, name: string): void {
  const list = e.values.map(
    (v) => `- \`${v.name}\` (${v.number})${v.comment ? `: ${v.comment.replace(/\n/g, "\n  ")}` : ""}`,
  );
  writeDoc(w, paragraphs(e.comment, list.join("\n"), protoSource("enum", e.fullName, e.location)));
  const literals = e.values.map((v) => JSON.stringify(v.name));
  const union = [...new Set(literals)].join(" | ") || "never";
  w.writeLine(`export type ${name} = ${union};`);
  writeDoc(w, `Names and numbers of {@link ${name}}.`);
  w.writeLine(`export const ${name}: $EnumType<${name}> = $enumType($file, ${JSON.stringify(e.fullName)});`);
}

function fieldDoc(f: FieldIR): string {
  const facts: string[] = [];
  const d = defaultText(f);
  if (d !== undefined) facts.push(`@defaultValue ${d}`);
  if (f.deprecated) facts.push("@deprecated");
  const where = f.location ? `Field ${f.number}, line ${f.location.line}.` : `Field ${f.number}.`;
  return paragraphs(f.comment, where, facts.join("\n"));
}

function writeProperties(
  w: CodeBlockWriter,
  fields: readonly FieldIR[],
  resolve: NameResolver,
  isOpen: (n: string) => boolean,
): void {
  for (const f of fields) {
    writeDoc(w, fieldDoc(f));
    const optional = f.label !== "required";
    w.writeLine(`${propertyName(f.name)}${optional ? "?" : ""}: ${propertyType(f, resolve, isOpen)};`);
  }
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function writeMessage(
  w: CodeBlockWriter,
  m: MessageIR,
  name: string,
  resolve: NameResolver,
  isOpen: (n: string) => boolean,
): void {
  const doc = paragraphs(
    m.comment,
    protoSource("message", m.fullName, m.location),
    m.deprecated ? "@deprecated" : undefined,
  );
  const oneofFields = new Set(m.oneofs.flatMap((o) => o.fields));
  const plain = m.fields.filter((f) => !oneofFields.has(f.name) && f.name !== m.union?.discriminator);

  if (m.union) {
    writeUnionMessage(w, m, name, doc, plain, resolve, isOpen);
  } else if (m.oneofs.length > 0) {
    writeDoc(w, doc);
    w.write(`export type ${name} = `).inlineBlock(() => writeProperties(w, plain, resolve, isOpen));
    for (const o of m.oneofs) writeOneof(w, m, o.name, o.fields, resolve, isOpen);
    w.write(";").newLine();
  } else {
    writeDoc(w, doc);
    w.write(`export interface ${name} `).block(() => writeProperties(w, m.fields, resolve, isOpen));
  }
  writeDoc(w, `Codec of {@link ${name}}: binary and Mesos JSON.`);
  w.writeLine(`export const ${name}: $MessageType<${name}> = $messageType($file, ${JSON.stringify(m.fullName)});`);
  if (m.union) writeFacade(w, m, name, resolve, isOpen);
}

/** A oneof becomes a union of "exactly this member set, the others absent" alternatives. */
function writeOneof(
  w: CodeBlockWriter,
  m: MessageIR,
  oneof: string,
  members: readonly string[],
  resolve: NameResolver,
  isOpen: (n: string) => boolean,
): void {
  const byName = new Map(m.fields.map((f) => [f.name, f]));
  w.write(" & (").newLine();
  w.indent(() => {
    for (const chosen of members) {
      const f = byName.get(chosen)!;
      const others = members.filter((n) => n !== chosen).map((n) => `${propertyName(n)}?: undefined`);
      w.writeLine(`| { ${[`${propertyName(chosen)}: ${propertyType(f, resolve, isOpen)}`, ...others].join("; ")} }`);
    }
    w.writeLine(`| { ${members.map((n) => `${propertyName(n)}?: undefined`).join("; ")} }`);
  });
  w.write(`) /* oneof ${oneof} */`);
}

function writeUnionMessage(
  w: CodeBlockWriter,
  m: MessageIR,
  name: string,
  doc: string,
  common: readonly FieldIR[],
  resolve: NameResolver,
  isOpen: (n: string) => boolean,
): void {
  const union = m.union!;
  const byName = new Map(m.fields.map((f) => [f.name, f]));
  const discriminator = byName.get(union.discriminator)!;
  writeDoc(w, paragraphs(doc, `Narrowing on \`${union.discriminator}\` makes the matching field present.`));
  w.write(`export type ${name} = ${name}$Fields & (`).newLine();
  w.indent(() => {
    for (const member of union.members) {
      const parts = [`${union.discriminator}: ${JSON.stringify(member.value)}`];
      if (member.field)
        parts.push(`${propertyName(member.field)}: ${propertyType(byName.get(member.field)!, resolve, isOpen)}`);
      w.writeLine(`| { ${parts.join("; ")} }`);
    }
    if (!union.discriminatorRequired) w.writeLine(`| { ${union.discriminator}?: undefined }`);
  });
  w.writeLine(");");
  writeDoc(w, paragraphs(`Fields of {@link ${name}} other than \`${union.discriminator}\`.`, fieldDoc(discriminator)));
  if (m.oneofs.length > 0) {
    w.write(`export type ${name}$Fields = `).inlineBlock(() => writeProperties(w, common, resolve, isOpen));
    for (const o of m.oneofs) writeOneof(w, m, o.name, o.fields, resolve, isOpen);
    w.write(";").newLine();
  } else {
    w.write(`export interface ${name}$Fields `).block(() => writeProperties(w, common, resolve, isOpen));
  }
}

function writeFacade(
  w: CodeBlockWriter,
  m: MessageIR,
  name: string,
  resolve: NameResolver,
  isOpen: (n: string) => boolean,
): void {
  const union = m.union!;
  const byName = new Map(m.fields.map((f) => [f.name, f]));
  const used = new Set<string>();
  const methods = union.members.map((member) => {
    let method = camelCase(member.value);
    while (used.has(method)) method += "_";
    used.add(method);
    return { method, member };
  });
  w.blankLine();
  writeDoc(
    w,
    `Typed constructors of {@link ${name}}, one per \`${union.discriminator}\` value; each hands the message to the function given to {@link ${name}$facade}.`,
  );
  w.write(`export interface ${name}$Facade<R> `).block(() => {
    for (const { method, member } of methods) {
      writeDoc(w, paragraphs(`\`${member.value}\`${member.comment ? `: ${member.comment}` : "."}`));
      const fields = `fields?: Partial<${name}$Fields>`;
      if (member.field) {
        const f = byName.get(member.field)!;
        w.writeLine(`${method}(${propertyName(member.field)}: ${propertyType(f, resolve, isOpen)}, ${fields}): R;`);
      } else {
        w.writeLine(`${method}(${fields}): R;`);
      }
    }
  });
  writeDoc(w, `Builds a {@link ${name}$Facade} whose methods pass each ${name} to \`send\`.`);
  w.writeLine(`export function ${name}$facade<R>(send: (message: ${name}) => R): ${name}$Facade<R> {`);
  w.indent(() => {
    w.writeLine(`return $unionFacade(${JSON.stringify(union.discriminator)}, [`);
    w.indent(() => {
      for (const { method, member } of methods) {
        const spec = [method, member.value, ...(member.field ? [member.field] : [])]
          .map((s) => JSON.stringify(s))
          .join(", ");
        w.writeLine(`[${spec}],`);
      }
    });
    w.writeLine(`], send) as unknown as ${name}$Facade<R>;`);
  });
  w.writeLine("}");
}
