/**
 * Properties over random messages of the test schemas: decoding what the
 * encoder wrote gives the message back (with the defaults Mesos writes filled
 * in), and base64 fast and careful paths agree.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJsonDecoder, compileJsonEncoder, parseMesosJson } from "../codec/json/index.js";
import { decodeMesosBase64 } from "../codec/json/base64.js";
import type { FieldSchema, MessageSchema, ScalarType } from "../codec/schema.js";
import type { FieldTarget } from "../codec/json/field-target.js";
import { fieldTarget } from "../codec/json/field-target.js";
import { msg } from "./json-test-schema.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function scalarArbitrary(scalar: ScalarType, int64: "bigint" | "number"): fc.Arbitrary<unknown> {
  const unsigned = scalar.startsWith("u") || scalar.startsWith("fixed");
  switch (scalar) {
    case "double":
      return fc.double({ noNaN: true });
    case "float":
      return fc.float({ noNaN: true });
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string({ unit: "binary", maxLength: 12 });
    case "bytes":
      return fc.uint8Array({ maxLength: 20 });
    default:
      if (/64$/.test(scalar)) {
        if (int64 === "number") return unsigned ? fc.maxSafeNat() : fc.maxSafeInteger();
        return unsigned ? fc.bigInt(0n, UINT64_MAX) : fc.bigInt(INT64_MIN, INT64_MAX);
      }
      return unsigned ? fc.integer({ min: 0, max: 2 ** 32 - 1 }) : fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  }
}

function mapKeyArbitrary(type: ScalarType): fc.Arbitrary<string> {
  if (type === "string") return fc.string({ unit: "binary", maxLength: 8 });
  if (type === "bool") return fc.constantFrom("true", "false");
  return scalarArbitrary(type, "bigint").map(String);
}

/** Random messages of `schema`, nesting at most `depth` more levels. */
function messageArbitrary(schema: MessageSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of schema.fields) {
    const target = fieldTarget(field);
    if (target.kind === "message" && depth === 0) continue;
    const one = valueArbitrary(target, depth);
    if (field.kind === "map")
      model[field.name] = fc.dictionary(mapKeyArbitrary(field.mapKey!), one, { minKeys: 1, maxKeys: 4 });
    else if (field.label === "repeated") model[field.name] = fc.array(one, { minLength: 1, maxLength: 4 });
    else model[field.name] = one;
  }
  return fc.record(model, { requiredKeys: [] });
}

function valueArbitrary(target: FieldTarget, depth: number): fc.Arbitrary<unknown> {
  if (target.kind === "message") return messageArbitrary(target.messageType, depth - 1);
  if (target.kind === "enum") return fc.constantFrom(...target.enumType.nameByNumber.values());
  return scalarArbitrary(target.scalar, target.int64);
}

/** What the decoder gives back: unset fields with a written default come back set. */
function withWrittenDefaults(schema: MessageSchema, message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const value = message[field.name];
    if (value === undefined) {
      if (field.label !== "repeated" && field.hasDefault && !field.deprecated)
        out[field.name] = defaultAsDecoded(field);
      continue;
    }
    out[field.name] = normalize(field, value);
  }
  return out;
}

function defaultAsDecoded(field: FieldSchema): unknown {
  return field.scalar === "float" ? Math.fround(field.defaultValue as number) : field.defaultValue;
}

function normalize(field: FieldSchema, value: unknown): unknown {
  const target = fieldTarget(field);
  if (target.kind !== "message") return value;
  const one = (v: unknown) => withWrittenDefaults(target.messageType, v as Record<string, unknown>);
  if (field.kind === "map") return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, one(v)]));
  return field.label === "repeated" ? (value as unknown[]).map(one) : one(value);
}

describe("decode(encode(m)) deep-equals m", () => {
  for (const [type, runs] of [
    ["Scalars", 800],
    ["Repeats", 500],
    ["Maps", 400],
    ["Defaults", 300],
    ["Call", 400],
    ["Tree", 300],
    ["TaskStatus", 300],
  ] as const) {
    it(`for random ${type} messages`, () => {
      const schema = msg(type);
      const encode = compileJsonEncoder(schema);
      const decode = compileJsonDecoder(schema, false);
      fc.assert(
        fc.property(messageArbitrary(schema, 3), (message) => {
          const text = encode(message);
          expect(decode(parseMesosJson(text))).toEqual(withWrittenDefaults(schema, message));
          // Mesos output is plain JSON apart from NaN (never generated here).
          expect(() => JSON.parse(text) as unknown).not.toThrow();
        }),
        { numRuns: runs },
      );
    });
  }

  it("encode is stable: encode(decode(encode(m))) === encode(m)", () => {
    const schema = msg("Scalars");
    const encode = compileJsonEncoder(schema);
    const decode = compileJsonDecoder(schema, false);
    fc.assert(
      fc.property(messageArbitrary(schema, 1), (message) => {
        const text = encode(message);
        expect(encode(decode(parseMesosJson(text)))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("base64", () => {
  it("decodes Node's encoding of any bytes, padded or not, with whitespace", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), fc.boolean(), (bytes, pad, spaced) => {
        let text = Buffer.from(bytes).toString("base64");
        if (!pad) text = text.replace(/=+$/, "");
        if (spaced) text = text.replace(/(.{5})/g, "$1\n ");
        expect(decodeMesosBase64(text)).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees between the fast path and the careful path (property)", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
          maxLength: 40,
        }),
        (text) => {
          // A trailing space forces the careful path without changing the meaning.
          expect(decodeMesosBase64(text)).toEqual(decodeMesosBase64(`${text} `));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
