/**
 * JSON as text for the fidelity tests: a parser that keeps every number and
 * string token exactly as written (so `15.0` stays `15.0` and key order stays
 * the order of the bytes), a compact writer, and the normalisation that turns
 * an event into its SHAPE (see fidelity.test.ts for what is replaced and why).
 */

/** A parsed JSON value that remembers its tokens. */
export type JsonNode =
  | { readonly kind: "object"; readonly entries: [key: string, value: JsonNode][] }
  | { readonly kind: "array"; readonly items: JsonNode[] }
  | { readonly kind: "string"; readonly value: string; readonly raw: string }
  | { readonly kind: "number"; readonly raw: string }
  | { readonly kind: "literal"; readonly raw: "true" | "false" | "null" }
  /** A normalisation placeholder: written as `raw` (quoted for strings, bare for numbers). */
  | { readonly kind: "placeholder"; readonly raw: string };

/** Parses JSON text, keeping the raw number and string tokens. */
export function parseJsonText(text: string): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${pos} of ${JSON.stringify(text.slice(0, 200))}`);
  };
  const skip = (): void => {
    while (pos < text.length && " \t\r\n".includes(text[pos]!)) pos++;
  };
  const stringToken = (): { value: string; raw: string } => {
    const start = pos;
    if (text[pos] !== '"') fail("expected a string");
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    if (pos >= text.length) fail("unterminated string");
    pos++;
    const raw = text.slice(start, pos);
    return { value: JSON.parse(raw) as string, raw };
  };
  const value = (): JsonNode => {
    skip();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const entries: [string, JsonNode][] = [];
      skip();
      if (text[pos] === "}") {
        pos++;
        return { kind: "object", entries };
      }
      for (;;) {
        skip();
        const key = stringToken().value;
        skip();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        entries.push([key, value()]);
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return { kind: "object", entries };
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === "]") {
        pos++;
        return { kind: "array", items };
      }
      for (;;) {
        items.push(value());
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return { kind: "array", items };
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { kind: "string", ...stringToken() };
    const literal = /^(?:true|false|null)/.exec(text.slice(pos, pos + 5));
    if (literal) {
      pos += literal[0].length;
      return { kind: "literal", raw: literal[0] as "true" | "false" | "null" };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 64));
    if (!number) return fail("unexpected token");
    pos += number[0].length;
    return { kind: "number", raw: number[0] };
  };
  const root = value();
  skip();
  if (pos !== text.length) fail("trailing characters");
  return root;
}

/** Writes a node compactly (no whitespace), every token as it was read. */
export function writeJsonText(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJsonText(v)}`).join(",")}}`;
    case "array":
      return `[${node.items.map(writeJsonText).join(",")}]`;
    default:
      return node.raw;
  }
}

/** The node as a plain JavaScript value (numbers through `Number`), for reading fields. */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case "object":
      return Object.fromEntries(node.entries.map(([k, v]) => [k, toPlain(v)]));
    case "array":
      return node.items.map(toPlain);
    case "string":
      return node.value;
    case "number":
      return Number(node.raw);
    case "literal":
      return JSON.parse(node.raw) as unknown;
    default:
      return node.raw;
  }
}

/** The field of an object node, if present. */
export function field(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === "object" ? node.entries.find(([k]) => k === key)?.[1] : undefined;
}

/** The string at a path of object keys, if present. */
export function stringAt(node: JsonNode | undefined, ...path: string[]): string | undefined {
  let current = node;
  for (const key of path) current = field(current, key);
  return current?.kind === "string" ? current.value : undefined;
}

const placeholder = (node: JsonNode, name: string): JsonNode => ({
  kind: "placeholder",
  raw: node.kind === "string" ? JSON.stringify(`<${name}>`) : `<${name}>`,
});

/** Capability types of MasterInfo that 1.11.0's v1 enum lacks (mesos-protocol.md 2.4). */
const NEWER_MASTER_CAPABILITIES = new Set(["QUOTA_V2"]);

/**
 * Turns events of one stream into their shape. Ids the replay knows (master,
 * framework, agents, executor commands) are given as `known` (value →
 * placeholder name); offer ids are numbered in order of first appearance.
 * Keep one normaliser per stream, and feed it the stream's events in order.
 */
export class ShapeNormaliser {
  private readonly known: [value: string, name: string][];
  private offers = 0;

  constructor(known: ReadonlyMap<string, string>) {
    this.known = [...known].filter(([value]) => value !== "");
  }

  /** The normalised JSON text of one record; a record that is not compact JSON is flagged. */
  normalise(text: string): string {
    let node: JsonNode;
    try {
      node = parseJsonText(text);
    } catch (error) {
      return `<not JSON: ${(error as Error).message}>`;
    }
    const compact = writeJsonText(node) === text;
    node = this.sortOffers(node);
    this.registerOffers(node);
    const shape = writeJsonText(this.walk(node, []));
    return compact ? shape : `<not compact JSON> ${shape}`;
  }

  /** The placeholder name of a value (after registering offers), or undefined. */
  nameOf(value: string): string | undefined {
    return this.lookup(value);
  }

  /**
   * The offers of one OFFERS event in agent order (then role): a real master
   * shuffles the agents in every allocation round, so their order is not part
   * of the shape.
   */
  private sortOffers(node: JsonNode): JsonNode {
    const offers = field(field(node, "offers"), "offers");
    if (node.kind !== "object" || offers?.kind !== "array") return node;
    const key = (offer: JsonNode): string => {
      const agent = stringAt(offer, "agent_id", "value") ?? "";
      return `${this.lookup(agent) ?? agent}\u0000${stringAt(offer, "allocation_info", "role") ?? ""}`;
    };
    const items = offers.items
      .map((offer, i) => ({ offer: sortWithinReservations(offer), i, key: key(offer) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
      .map(({ offer }) => offer);
    const replace = (n: JsonNode, path: readonly string[]): JsonNode => {
      if (path.length === 0) return { kind: "array", items };
      if (n.kind !== "object") return n;
      return {
        kind: "object",
        entries: n.entries.map(([k, v]): [string, JsonNode] => [k, k === path[0] ? replace(v, path.slice(1)) : v]),
      };
    };
    return replace(node, ["offers", "offers"]);
  }

  private registerOffers(node: JsonNode): void {
    const offers = field(field(node, "offers"), "offers");
    for (const offer of offers?.kind === "array" ? offers.items : []) {
      const id = stringAt(offer, "id", "value");
      if (id !== undefined && this.lookup(id) === undefined) this.known.push([id, `offer ${++this.offers}`]);
    }
  }

  private lookup(value: string): string | undefined {
    return this.known.find(([v]) => v === value)?.[1];
  }

  /** Replaces known ids inside a free text (messages), longest first so prefixes do not split ids. */
  private substitute(text: string): string {
    const known = [...this.known].sort((a, b) => b[0].length - a[0].length);
    let result = text;
    for (const [value, name] of known) result = result.split(value).join(`<${name}>`);
    return result;
  }

  private walk(node: JsonNode, path: readonly string[]): JsonNode {
    const key = path[path.length - 1] ?? "";
    const parent = path[path.length - 2] ?? "";
    if (node.kind === "object") {
      let entries = node.entries.map(([k, v]): [string, JsonNode] => [k, this.walk(v, [...path, k])]);
      // mesos-protocol.md 2.4: a 1.11.0 master writes the capability it cannot name in v1 as `{}`.
      if (parent === "capabilities" && path.includes("master_info")) {
        const type = stringAt(node, "type");
        if (type !== undefined && NEWER_MASTER_CAPABILITIES.has(type)) entries = [];
      }
      return { kind: "object", entries };
    }
    if (node.kind === "array") {
      return { kind: "array", items: node.items.map((item) => this.walk(item, [...path, `${key}[]`])) };
    }
    if (node.kind !== "string" && node.kind !== "number") return node;
    // Values that differ from run to run by nature.
    if (key === "timestamp") return placeholder(node, "timestamp");
    if (key === "uuid" || (key === "value" && parent === "uuid")) return placeholder(node, "uuid");
    if (key === "executor_pid") return placeholder(node, "pid");
    if (path.includes("container_id") && key === "value") return placeholder(node, "container id");
    if (key === "port") return placeholder(node, "port");
    if (key === "hostname") return placeholder(node, "hostname");
    if (key === "pid") return placeholder(node, "pid");
    if (key === "version" && path.includes("master_info")) return placeholder(node, "version");
    if (node.kind !== "string") return node;
    const name = this.lookup(node.value);
    if (name !== undefined) return placeholder(node, name);
    const substituted = this.substitute(node.value);
    return substituted === node.value ? node : { kind: "string", value: substituted, raw: JSON.stringify(substituted) };
  }
}

/**
 * An offer whose resources, within each run of consecutive resources of one
 * type under the same reservations, are sorted by name. The order of the runs (offer-order.ts)
 * is part of the shape; inside a run, a real master's order depends on the
 * history of its resource arithmetic (recorded: `mem, cpus, disk` for a static
 * reservation in a first offer, `cpus, disk, mem` for a task's freed resources),
 * which mini-mesos does not replay.
 */
function sortWithinReservations(offer: JsonNode): JsonNode {
  const resources = field(offer, "resources");
  if (offer.kind !== "object" || resources?.kind !== "array") return offer;
  const reservations = (r: JsonNode) => {
    const stack = field(r, "reservations");
    return `${stringAt(r, "type") ?? ""} ${stack ? writeJsonText(stack) : ""}`;
  };
  const sorted: JsonNode[] = [];
  let run: JsonNode[] = [];
  const flush = () => {
    run.sort((a, b) => (stringAt(a, "name") ?? "").localeCompare(stringAt(b, "name") ?? ""));
    sorted.push(...run);
    run = [];
  };
  for (const resource of resources.items) {
    if (run.length > 0 && reservations(run[0]!) !== reservations(resource)) flush();
    run.push(resource);
  }
  flush();
  return {
    kind: "object",
    entries: offer.entries.map(([k, v]): [string, JsonNode] => [
      k,
      k === "resources" ? { kind: "array", items: sorted } : v,
    ]),
  };
}
