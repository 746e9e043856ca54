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
const STATEMENT_KEYWORDS = new Set([
  "option",
  "reserved",
  "extensions",
  "import",
  "package",
  "syntax",
  "edition",
  "rpc",
]);

/** Indexes the declarations of one `.proto` source. */
export function indexDeclarations(source: string, packageName: string): Map<string, DeclarationSite> {
  const sites = new Map<string, DeclarationSite>();
  const tokens = protobuf.tokenize(source, true);
  const scopes: Scope[] = [];
  let bracketDepth = 0;
  let skippingStatement = false;

  // Fully-qualified name of the innermost message/enum/group scope, kept in step with `scopes`.
  const prefixes: string[] = [packageName];
  const prefix = (): string => prefixes[prefixes.length - 1]!;
  const enter = (scope: Scope): void => {
    scopes.push(scope);
    const named = scope.kind === "message" || scope.kind === "enum" || scope.kind === "group";
    prefixes.push(named ? joinName(prefix(), scope.name) : prefix());
  };
  const leave = (): void => {
    if (scopes.length === 0) return;
    scopes.pop();
    prefixes.pop();
  };
  const inside = (): Scope["kind"] | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.kind !== "oneof") return scopes[i]!.kind;
    return undefined;
  };

  // String literals come as quote, content, quote; fold them so a "}" inside one is not a brace.
  const nextToken = (): string | null => {
    const t = tokens.next();
    if (t !== '"' && t !== "'") return t;
    tokens.next();
    tokens.next();
    return "<string>";
  };

  let previous: string | null = null;
  let token: string | null;
  while ((token = nextToken()) !== null) {
    const line = tokens.line;
    if (skippingStatement) {
      if (token === ";") skippingStatement = false;
      else if (token === "{") {
        // An option with an aggregate value: skip to its closing brace.
        let depth = 1;
        while (depth > 0 && (token = nextToken()) !== null) {
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
      let name = nextToken();
      while (name !== null && tokens.peek() === ".") {
        tokens.next();
        name = `${name}.${nextToken() ?? ""}`;
      }
      if (name !== null && tokens.peek() === "{") {
        nextToken();
        const kind = token as Scope["kind"];
        if (kind === "message" || kind === "enum") sites.set(joinName(prefix(), name), { kind, line });
        if (kind === "extend") sites.set(joinName(prefix(), `extend ${name}`), { kind: "extend", line });
        enter({ kind, name });
        previous = "{";
        continue;
      }
    } else if (token === "group") {
      const name = nextToken();
      if (name !== null) {
        sites.set(joinName(prefix(), name), { kind: "group", line });
        sites.set(joinName(prefix(), name.toLowerCase()), { kind: "group", line });
        // Skip "= number [options] {" and enter the group's scope.
        let next: string | null;
        do next = nextToken();
        while (next !== null && next !== "{");
        enter({ kind: "group", name });
        previous = "{";
        continue;
      }
    } else if (token === "}") {
      leave();
    }
    previous = token;
  }
  return sites;
}

function joinName(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}
