/**
 * Line numbers of declarations. protobufjs keeps no source positions, so this
 * walks the token stream of a file once (with protobufjs' own tokenizer, which
 * knows comments and strings) and records where each message, enum, field,
 * enum value and group is declared.
 */
import protobuf from "protobufjs";

/** A declaration's kind and line, by fully-qualified name (no leading dot). */
export interface DeclarationSite {
  readonly kind: "message" | "enum" | "field" | "value" | "group" | "extend";
  readonly line: number;
}

type Scope = { readonly kind: "message" | "enum" | "service" | "extend" | "oneof" | "group"; readonly name: string };

const BLOCK_KEYWORDS = new Set(["message", "enum", "service", "extend", "oneof"]);
const STATEMENT_KEYWORDS = new Set(["option", "reserved", "extensions", "import", "package", "syntax", "edition", "rpc"]);

/** Indexes the declarations of one `.proto` source. */
export function indexDeclarations(source: string, packageName: string): Map<string, DeclarationSite> {
  const sites = new Map<string, DeclarationSite>();
  const tokens = protobuf.tokenize(source, true);
  const scopes: Scope[] = [];
  let bracketDepth = 0;
  let skippingStatement = false;

  const prefix = (): string => {
    const names = scopes.filter((s) => s.kind === "message" || s.kind === "enum" || s.kind === "group").map((s) => s.name);
    return [packageName, ...names].filter((n) => n !== "").join(".");
  };
  const inside = (): Scope["kind"] | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.kind !== "oneof") return scopes[i]!.kind;
    return undefined;
  };

  let previous: string | null = null;
  let token: string | null;
  while ((token = tokens.next()) !== null) {
    const line = tokens.line;
    if (skippingStatement) {
      if (token === ";") skippingStatement = false;
      else if (token === "{") {
        // An option with an aggregate value: skip to its closing brace.
        let depth = 1;
        while (depth > 0 && (token = tokens.next()) !== null) {
          if (token === "{") depth++;
          else if (token === "}") depth--;
        }
        skippingStatement = false;
      }
      previous = token;
      continue;
    }
    const assignment = tokens.peek() === "=";
    if (token === "[") bracketDepth++;
    else if (token === "]") bracketDepth--;
    else if (bracketDepth > 0) {
      // Field options such as [default = 5] are not declarations.
    } else if (assignment && previous !== "option") {
      const where = inside();
      if (where === "message" || where === "group") sites.set(joinName(prefix(), token), { kind: "field", line });
      else if (where === "enum") sites.set(joinName(prefix(), token), { kind: "value", line });
    } else if (STATEMENT_KEYWORDS.has(token)) {
      skippingStatement = true;
    } else if (BLOCK_KEYWORDS.has(token) && previous !== ".") {
      let name = tokens.next();
      while (name !== null && tokens.peek() === ".") {
        tokens.next();
        name = `${name}.${tokens.next() ?? ""}`;
      }
      if (name !== null && tokens.peek() === "{") {
        tokens.next();
        const kind = token as Scope["kind"];
        if (kind === "message" || kind === "enum") sites.set(joinName(prefix(), name), { kind, line });
        if (kind === "extend") sites.set(joinName(prefix(), `extend ${name}`), { kind: "extend", line });
        scopes.push({ kind, name });
        previous = "{";
        continue;
      }
    } else if (token === "group") {
      const name = tokens.next();
      if (name !== null) {
        sites.set(joinName(prefix(), name), { kind: "group", line });
        sites.set(joinName(prefix(), name.toLowerCase()), { kind: "group", line });
        // Skip "= number [options] {" and enter the group's scope.
        let next: string | null;
        do next = tokens.next();
        while (next !== null && next !== "{");
        scopes.push({ kind: "group", name });
        previous = "{";
        continue;
      }
    } else if (token === "}") {
      scopes.pop();
    }
    previous = token;
  }
  return sites;
}

function joinName(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}
