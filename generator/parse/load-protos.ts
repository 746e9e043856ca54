/**
 * Reads a set of `.proto` files and everything they import into one protobufjs
 * Root, remembering which file declared each type, with clear errors for
 * syntax problems and missing imports.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import protobuf from "protobufjs";
import { GeneratorError } from "./errors.js";
import { indexDeclarations, type DeclarationSite } from "./locations.js";

/** What to load. */
export interface LoadOptions {
  /** Import roots, searched in order (the first is where the entry files live). */
  readonly importPaths: readonly string[];
  /** Entry files, relative to an import root. */
  readonly files: readonly string[];
}

/** One loaded file. */
export interface LoadedFile {
  /** Path relative to its import root, forward slashes. */
  readonly path: string;
  /** Absolute path on disk, or undefined for built-in well-known types. */
  readonly absolutePath?: string;
  /** The file's text (empty for built-in well-known types). */
  readonly source: string;
  readonly package: string;
  readonly syntax: "proto2" | "proto3";
  readonly imports: readonly string[];
  /** Declaration lines by fully-qualified name. */
  readonly sites: ReadonlyMap<string, DeclarationSite>;
  /** Types and enums declared by this file, in declaration order. */
  readonly declarations: readonly (protobuf.Type | protobuf.Enum)[];
}

/** The loaded proto set. */
export interface LoadedProtos {
  readonly root: protobuf.Root;
  /** Every file, entries first, then imports in the order they were reached. */
  readonly files: readonly LoadedFile[];
  readonly entryFiles: readonly string[];
}

/** protobufjs ships google/protobuf/descriptor.proto and friends; used for imports found nowhere else. */
const BUNDLED_PROTOS = path.dirname(createRequire(import.meta.url).resolve("protobufjs/package.json"));

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true, preferTrailingComment: false };

/** Loads the entry files and their imports; resolves every type reference. */
export function loadProtos(options: LoadOptions): LoadedProtos {
  const root = new protobuf.Root();
  const loaded = new Map<string, LoadedFile>();
  const order: string[] = [];
  const pending: { file: string; importedBy?: string }[] = options.files.map((file) => ({ file: toPosix(file) }));

  while (pending.length > 0) {
    const { file, importedBy } = pending.shift()!;
    if (loaded.has(file)) continue;
    const result = loadOne(root, file, options.importPaths, importedBy);
    loaded.set(file, result);
    order.push(file);
    for (const dep of result.imports) if (!loaded.has(dep)) pending.push({ file: dep, importedBy: file });
  }

  try {
    root.resolveAll();
  } catch (e) {
    throw unresolvedTypeError(e, [...loaded.values()]);
  }
  return { root, files: order.map((f) => loaded.get(f)!), entryFiles: options.files.map(toPosix) };
}

function loadOne(root: protobuf.Root, file: string, importPaths: readonly string[], importedBy?: string): LoadedFile {
  let absolutePath = importPaths.map((dir) => path.join(dir, file)).find((p) => existsSync(p));
  if (absolutePath === undefined && file.startsWith("google/protobuf/")) {
    const builtIn = protobuf.common.get(file);
    if (builtIn) return loadBuiltIn(root, file, builtIn);
    const bundled = path.join(BUNDLED_PROTOS, file);
    if (existsSync(bundled)) absolutePath = bundled;
  }
  if (absolutePath === undefined) {
    const searched = importPaths.map((p) => `  ${p}`).join("\n");
    if (importedBy === undefined) {
      throw new GeneratorError("ERR_PROTO_FILE_NOT_FOUND", `cannot find ${file}; searched:\n${searched}`);
    }
    throw new GeneratorError(
      "ERR_PROTO_IMPORT_NOT_FOUND",
      `import "${file}" not found; searched:\n${searched}\nAdd the directory that contains it as an import path (--proto-path).`,
      importedBy,
    );
  }

  const source = readFileSync(absolutePath, "utf8");
  const before = new Set(collectDeclarations(root));
  let parsed: protobuf.IParserResult;
  try {
    parsed = protobuf.parse(source, root, PARSE_OPTIONS);
  } catch (e) {
    throw syntaxError(e, file, source);
  }
  const declarations = collectDeclarations(root).filter((d) => !before.has(d));
  for (const d of declarations) d.filename = file;
  const pkg = parsed.package ?? "";
  return {
    path: file,
    absolutePath,
    source,
    package: pkg,
    syntax: /^\s*syntax\s*=\s*["']proto3["']/m.test(source) ? "proto3" : "proto2",
    imports: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])].map(toPosix),
    sites: indexDeclarations(source, pkg),
    declarations,
  };
}

function loadBuiltIn(root: protobuf.Root, file: string, json: protobuf.INamespace): LoadedFile {
  const before = new Set(collectDeclarations(root));
  root.addJSON(json.nested ?? {});
  const declarations = collectDeclarations(root).filter((d) => !before.has(d));
  for (const d of declarations) d.filename = file;
  const first = declarations[0];
  const pkg = first ? first.fullName.slice(1, first.fullName.length - first.name.length - 1) : "google.protobuf";
  return { path: file, source: "", package: pkg, syntax: "proto3", imports: [], sites: new Map(), declarations };
}

/** Every Type and Enum under `ns`, depth first in declaration order. */
export function collectDeclarations(ns: protobuf.NamespaceBase): (protobuf.Type | protobuf.Enum)[] {
  const out: (protobuf.Type | protobuf.Enum)[] = [];
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) out.push(nested);
    if (nested instanceof protobuf.Namespace) out.push(...collectDeclarations(nested));
  }
  return out;
}

function syntaxError(e: unknown, file: string, source: string): GeneratorError {
  const message = e instanceof Error ? e.message : String(e);
  const match = /^(.*) \(line (\d+)\)$/.exec(message);
  if (!match) return new GeneratorError("ERR_PROTO_SYNTAX", message, file);
  const [, text = message, lineText = "1"] = match;
  const line = Number(lineText);
  const token = /'([^']*)'/.exec(text)?.[1];
  const lineSource = source.split(/\r?\n/)[line - 1] ?? "";
  const column = token !== undefined && lineSource.includes(token) ? lineSource.indexOf(token) + 1 : 1;
  return new GeneratorError(
    "ERR_PROTO_SYNTAX",
    `syntax error: ${text}\n  ${lineSource.trim()}`,
    `${file}:${line}:${column}`,
  );
}

function unresolvedTypeError(e: unknown, files: readonly LoadedFile[]): GeneratorError {
  const message = e instanceof Error ? e.message : String(e);
  // protobufjs: "no such Type or Enum 'Foo' in Type .pkg.Message"
  const match = /no such Type or Enum '([^']+)' in Type \.(\S+)/.exec(message);
  if (match) {
    const [, missing, owner = ""] = match;
    for (const f of files) {
      const site = f.sites.get(owner);
      if (site) {
        return new GeneratorError(
          "ERR_PROTO_UNRESOLVED_TYPE",
          `type ${missing} used in message ${owner} is not declared in this file or its imports (is an import missing?)`,
          `${f.path}:${site.line}`,
        );
      }
    }
  }
  return new GeneratorError("ERR_PROTO_UNRESOLVED_TYPE", message);
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
