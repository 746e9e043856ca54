/**
 * Text level of the Mesos JSON dialect (mesos-protocol.md 2.2): exact integers,
 * agreement with JSON.parse where Mesos agrees, Mesos-only syntax, and Mesos'
 * error texts (C048, C049).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CodecError } from "../codec/errors.js";
import { MAX_JSON_DEPTH, mesosJsonSyntaxError, parseMesosJson, parseMesosJsonExact } from "../codec/json/index.js";
import { hasLongDigitRun } from "../codec/json/number-token.js";

function syntaxErrorOf(text: string): CodecError {
  try {
    parseMesosJson(text);
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe("parseMesosJson: exact integers", () => {
  it("keeps integers beyond 2^53 as digit strings", () => {
    expect(parseMesosJson('{"nanoseconds":1700000000123456789}')).toEqual({ nanoseconds: "1700000000123456789" });
    expect(parseMesosJson("[9007199254740993,-9223372036854775807]")).toEqual([
      "9007199254740993",
      "-9223372036854775807",
    ]);
    expect(parseMesosJson('{"u":18446744073709551615}')).toEqual({ u: "18446744073709551615" });
  });

  it("leaves integers a double holds exactly as numbers", () => {
    expect(parseMesosJson("[1234567890123456, 9007199254740992, 1152921504606846976, -9223372036854775808]")).toEqual([
      1234567890123456,
      9007199254740992,
      2 ** 60,
      -(2 ** 63),
    ]);
  });

  it("never quotes digits inside strings, fractions or exponents", () => {
    const text =
      '{"s":"12345678901234567890","t":"x 12345678901234567890","f":1.12345678901234567891,' +
      '"e":1e-12345678901234567,"g":12345678901234567.5,"h":"\\u12345678901234567890"}';
    expect(parseMesosJson(text)).toEqual(JSON.parse(text));
  });

  it("takes the exact path when a digit run inside a string looks like a number", () => {
    const text = '{"s":"a 12345678901234567890 b","n":12345678901234567890}';
    expect(parseMesosJson(text)).toEqual({ s: "a 12345678901234567890 b", n: "12345678901234567890" });
  });

  it("agrees with JSON.parse on texts without long integers (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!/\d{16}/.test(text));
        expect(parseMesosJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 1500 },
    );
  });

  it("keeps every int64 exact wherever it appears (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), { minLength: 1, maxLength: 8 }),
        (values) => {
          const text = `{"a":[${values.join(", ")}],"b":{"c":${values[0]}}}`;
          const parsed = parseMesosJson(text) as { a: unknown[]; b: { c: unknown } };
          expect(parsed.a.map((v) => BigInt(v as string | number))).toEqual(values);
          expect(BigInt(parsed.b.c as string | number)).toBe(values[0]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("hasLongDigitRun", () => {
  it("finds a run of 16 digits exactly when a regex does (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("1", "2", "9", "0", "0", "7", "a", '"'), maxLength: 70 }),
        (text) => {
          expect(hasLongDigitRun(text)).toBe(/\d{16}/.test(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("parseMesosJson: Mesos-only syntax and corners", () => {
  it("accepts what picojson accepts and JSON.parse does not", () => {
    expect(parseMesosJson('{"a":007,"b":1.,"c":-.5,"d":00.25,"e":1.e2}')).toEqual({
      a: 7,
      b: 1,
      c: -0.5,
      d: 0.25,
      e: 100,
    });
  });

  it("reads -0 as the integer 0, like picojson's int64", () => {
    expect(Object.is(parseMesosJsonExact("-0"), 0)).toBe(true);
  });

  it("keeps the last of duplicate keys", () => {
    expect(parseMesosJson('{"a":1,"a":2}')).toEqual({ a: 2 });
    expect(parseMesosJsonExact('{"a":1,"a":2}')).toEqual({ a: 2 });
  });

  it("keeps a __proto__ key as an own property", () => {
    const value = parseMesosJsonExact('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it("decodes escapes and surrogate pairs, and rejects lone surrogates", () => {
    expect(parseMesosJson('["\\u00e9\\ud83d\\ude00\\/\\b"]')).toEqual(["é😀/\b"]);
    expect(syntaxErrorOf('["\\ud800"]').detail).toBe('syntax error at line 1 near: "]');
    expect(syntaxErrorOf('["\\udc00x"]').detail).toBe('syntax error at line 1 near: x"]');
    expect(syntaxErrorOf('["\\ud800\\u0041"]').detail).toBe('syntax error at line 1 near: "]');
    expect(syntaxErrorOf('["a\\uDC00"]').detail).toBe('syntax error at line 1 near: "]');
    expect(parseMesosJson('["\\uD83D\\uDE00 \\\\ud800"]')).toEqual(["😀 \\ud800"]);
  });

  it("rejects numbers that overflow a double, even deep inside", () => {
    for (const text of ['{"x":1e400}', "[1, 2, -1.5e+999]", `{"x":${"9".repeat(400)}}`, `[${"1".repeat(400)}.5]`]) {
      const error = syntaxErrorOf(text);
      expect(error.code).toBe("ERR_CODEC_JSON_SYNTAX");
      expect(error.detail).toBe("Value out of range");
    }
  });

  it("is not fooled by exponent-like text in ids", () => {
    const text = '{"id":"0ac29f12-1aa5-47d0-84fa-aeb01e073705","x":"1e999","y":1e300,"z":1e-999}';
    expect(parseMesosJson(text)).toEqual({ id: "0ac29f12-1aa5-47d0-84fa-aeb01e073705", x: "1e999", y: 1e300, z: 0 });
  });
});

describe("Mesos' error texts", () => {
  it.each([
    ['{"type":"TEARDOWN","framework_id":{"value":"F"}}x', "Parsed JSON included non-whitespace trailing characters: x"],
    ['{"a":1}  x y \n ', "Parsed JSON included non-whitespace trailing characters:   x y"],
    ['{"x":1e400}', "Value out of range"],
    ["", "syntax error at line 1 near: "],
    ["   \n\n  ", "syntax error at line 3 near: "],
    ['{"a":1,}', "syntax error at line 1 near: }"],
    ['{"a" 1}', "syntax error at line 1 near: 1}"],
    ['{\n"a":\n+1}', "syntax error at line 3 near: +1}"],
    ["[1,2", "syntax error at line 1 near: "],
    ['{"a":nul}', "syntax error at line 1 near: }"],
    ['{"a":1.5.5}', "syntax error at line 1 near: }"],
    ['{"a":"x\ty"}', 'syntax error at line 1 near: y"}'],
    ['{"a":"\\q"}', 'syntax error at line 1 near: "}'],
    ["NaN", "syntax error at line 1 near: NaN"],
    ["Infinity", "syntax error at line 1 near: Infinity"],
    ['{"a":\t[1,\r\n x]}', "syntax error at line 2 near: x]}"],
    ["\ufeff{}", "syntax error at line 1 near: \ufeff{}"],
  ])("%j → %s", (text, expected) => {
    expect(mesosJsonSyntaxError(text)).toBe(expected);
    const error = syntaxErrorOf(text);
    expect(error.code).toBe("ERR_CODEC_JSON_SYNTAX");
    expect(error.detail).toBe(expected);
  });

  it("accepts good text", () => {
    expect(mesosJsonSyntaxError('{"type":"TEARDOWN","framework_id":{"value":"F"}}  \n')).toBeUndefined();
    expect(mesosJsonSyntaxError("5")).toBeUndefined();
  });

  it(`limits nesting to ${MAX_JSON_DEPTH} arrays and objects`, () => {
    const ok = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    const objects = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + "1" + "}".repeat(MAX_JSON_DEPTH + 1);
    expect(mesosJsonSyntaxError(ok)).toBeUndefined();
    expect(mesosJsonSyntaxError(deep)).toBe(`syntax error at line 1 near: ${"]".repeat(MAX_JSON_DEPTH + 1)}`);
    expect(mesosJsonSyntaxError(objects)).toBe(`syntax error at line 1 near: "a":1${"}".repeat(MAX_JSON_DEPTH + 1)}`);
    expect(() => parseMesosJsonExact(deep)).toThrow(CodecError);
  });

  it("the exact parser agrees with JSON.parse on valid JSON (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom("", " ", "\n\t "), (value, pad) => {
        const text = pad + JSON.stringify(value, null, pad.length > 1 ? 1 : 0) + pad;
        fc.pre(!/\d{16}/.test(text) && !/\\ud[89a-f]/i.test(text));
        expect(parseMesosJsonExact(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("rejects what JSON.parse rejects, apart from picojson's number leniency (property)", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "a", "1", "0", "-", ".", "e", " ", "t", "\\"),
        }),
        (text) => {
          let jsonOk = true;
          try {
            JSON.parse(text);
          } catch {
            jsonOk = false;
          }
          const mesos = mesosJsonSyntaxError(text);
          if (jsonOk) expect(mesos).toBeUndefined();
          else if (mesos === undefined) expect(/\d\.|-\.|(^|[^\d.])0\d/.test(text)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
