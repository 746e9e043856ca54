/**
 * fast-check arbitraries of valid messages of any schema: every required field
 * set, optional fields sometimes, repeated and map fields with a few entries,
 * at most one member per oneof. Deeper levels set fewer optional fields so that
 * big schemas such as Mesos' stay small.
 */
import fc from "fast-check";
import {
  is64Bit,
  type FieldSchema,
  type MessageSchema,
  type ScalarType,
  type ValueKind,
} from "@create-mesos-framework/runtime/codec";

const MAX_DEPTH = 5;

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const UINT32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });

function scalar(type: ScalarType, int64: "bigint" | "number"): fc.Arbitrary<unknown> {
  if (is64Bit(type)) {
    const unsigned = type === "uint64" || type === "fixed64";
    if (int64 === "number")
      return unsigned ? fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) : fc.maxSafeInteger();
    return unsigned ? fc.bigInt(0n, 2n ** 64n - 1n) : fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
  }
  switch (type) {
    case "double":
      return fc.double({ noNaN: true });
    case "float":
      return fc.float({ noNaN: true }).map(Math.fround);
    case "int32":
    case "sint32":
    case "sfixed32":
      return INT32;
    case "uint32":
    case "fixed32":
      return UINT32;
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string({ unit: "binary", maxLength: 12 });
    case "bytes":
      return fc.uint8Array({ maxLength: 12 });
    default:
      throw new Error(`no arbitrary for ${type as string}`);
  }
}

function mapKey(type: ScalarType): fc.Arbitrary<string> {
  if (type === "string") return fc.string({ unit: "binary", maxLength: 6 });
  if (type === "bool") return fc.constantFrom("true", "false");
  return scalar(type, "bigint").map((v) => String(v));
}

function compareKeys(type: ScalarType, a: string, b: string): number {
  if (type === "string") return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  if (type === "bool") return a === b ? 0 : a === "false" ? -1 : 1;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Builds message arbitraries for one root schema, memoised per message and depth. */
export class MessageArbitraries {
  private readonly cache = new Map<string, fc.Arbitrary<Record<string, unknown>>>();

  /** Valid messages of `schema`. */
  message(schema: MessageSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const key = `${schema.typeName}@${depth}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Placeholder breaks cycles in recursive schemas.
    const holder: { arb?: fc.Arbitrary<Record<string, unknown>> } = {};
    this.cache.set(
      key,
      fc.constant(null).chain(() => holder.arb!),
    );
    holder.arb = this.build(schema, depth);
    this.cache.set(key, holder.arb);
    return holder.arb;
  }

  private value(kind: ValueKind, int64: "bigint" | "number", depth: number): fc.Arbitrary<unknown> {
    if (kind.kind === "scalar") return scalar(kind.scalar, int64);
    if (kind.kind === "enum") return fc.constantFrom(...kind.enumType.values.map((v) => v.name));
    return this.message(kind.messageType, depth + 1);
  }

  private fieldValue(f: FieldSchema, depth: number): fc.Arbitrary<unknown> {
    if (f.kind === "map") {
      // Entries come in protobuf's own map order (by key; protoc prints and re-encodes maps sorted).
      // Plain objects list integer-like keys first, so signed keys get one entry to keep that order honest.
      const signed = ["int32", "int64", "sint32", "sint64", "sfixed32", "sfixed64"].includes(f.mapKey!);
      return fc
        .dictionary(mapKey(f.mapKey!), this.value(f.mapValue!, f.int64, depth), { minKeys: 1, maxKeys: signed ? 1 : 2 })
        .map((map) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => compareKeys(f.mapKey!, a, b))));
    }
    const kind: ValueKind =
      f.kind === "scalar"
        ? { kind: "scalar", scalar: f.scalar! }
        : f.kind === "enum"
          ? { kind: "enum", enumType: f.enumType! }
          : { kind: "message", messageType: f.messageType! };
    const element = this.value(kind, f.int64, depth);
    return f.label === "repeated" ? fc.array(element, { minLength: 1, maxLength: depth < 2 ? 3 : 1 }) : element;
  }

  private build(schema: MessageSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const presence = Math.max(1, 6 * (depth + 1)); // weight of "absent" grows with depth
    const entries: [string, fc.Arbitrary<unknown>][] = [];
    const oneofs = new Map<string, FieldSchema[]>();
    for (const f of schema.fields) {
      if (f.oneof) {
        oneofs.set(f.oneof, [...(oneofs.get(f.oneof) ?? []), f]);
        continue;
      }
      if (f.label === "required") {
        entries.push([f.name, this.fieldValue(f, depth)]);
      } else if (depth < MAX_DEPTH || f.kind !== "message") {
        entries.push([
          f.name,
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: presence },
            { arbitrary: this.fieldValue(f, depth), weight: 2 },
          ),
        ]);
      }
    }
    const oneofArbs = [...oneofs.values()].map((members) =>
      fc.oneof(
        fc.constant(undefined),
        ...members.map((m) => this.fieldValue(m, depth).map((v) => [m.name, v] as const)),
      ),
    );
    return fc.tuple(fc.tuple(...entries.map(([, a]) => a)), fc.tuple(...oneofArbs)).map(([values, chosen]) => {
      const out: Record<string, unknown> = {};
      entries.forEach(([name], i) => {
        if (values[i] !== undefined) out[name] = values[i];
      });
      for (const c of chosen) if (c) out[c[0]] = c[1];
      return out;
    });
  }
}
