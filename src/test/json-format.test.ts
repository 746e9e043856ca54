/**
 * Output formatting of the Mesos JSON dialect: doubles as rapidjson writes them
 * (Grisu2 + Prettify, Mesos' quoted infinities), strings escaped like rapidjson.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMesosDouble, quoteMesosString } from "../codec/json/index.js";

describe("formatMesosDouble", () => {
  it.each([
    [15, "15.0"],
    [1024, "1024.0"],
    [0, "0.0"],
    [-0, "-0.0"],
    [-15, "-15.0"],
    [0.5, "0.5"],
    [12.34, "12.34"],
    [0.001234, "0.001234"],
    [1e-6, "0.000001"],
    [1e-7, "1e-7"],
    [1.5e-7, "1.5e-7"],
    [1e20, "100000000000000000000.0"],
    [1e21, "1e21"],
    [1.234e30, "1.234e30"],
    [-1.5e300, "-1.5e300"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e308"],
    [2 ** 53, "9007199254740992.0"],
    [Math.fround(0.1), "0.10000000149011612"],
    [1795630426.561031, "1795630426.561031"],
    [Infinity, '"Infinity"'],
    [-Infinity, '"-Infinity"'],
    [NaN, "NaN"],
  ])("%s → %s", (value, text) => {
    expect(formatMesosDouble(value)).toBe(text);
  });

  it("matches rapidjson's Writer::Double bit for bit (2,300 recorded values)", () => {
    const lines = readFileSync(new URL("./json-rapidjson-doubles.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line && !line.startsWith("#"));
    expect(lines.length).toBeGreaterThan(2000);
    const view = new DataView(new ArrayBuffer(8));
    const mismatches: string[] = [];
    for (const line of lines) {
      const [bits, text] = line.split(" ");
      view.setBigUint64(0, BigInt(`0x${bits}`));
      const value = view.getFloat64(0);
      const got = formatMesosDouble(value);
      if (got !== text) mismatches.push(`${bits}: want ${text}, got ${got}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("differs from JavaScript's shortest form where Grisu2 does (not always shortest)", () => {
    // rapidjson keeps a 17th digit JavaScript rounds differently.
    const value = Number("172.69802856445312");
    expect(String(value)).toBe("172.69802856445312");
    expect(formatMesosDouble(value)).toBe("172.69802856445313");
  });

  it("parses back to the same double (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const back = JSON.parse(formatMesosDouble(value)) as number;
        expect(Object.is(back, value)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("writes float32 values as the double they are", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatMesosDouble(value);
        expect(Math.fround(JSON.parse(text) as number)).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("quoteMesosString", () => {
  it.each([
    ["plain", '"plain"'],
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["a/b", '"a/b"'],
    ["\b\t\n\f\r", '"\\b\\t\\n\\f\\r"'],
    ["\u0000\u0001\u001f", '"\\u0000\\u0001\\u001F"'],
    ["\u000b", '"\\u000B"'],
    ["\u007f", '"\u007f"'],
    ["é ✓ 😀", '"é ✓ 😀"'],
    ["\u2028", '"\u2028"'],
  ])("%j → %s", (value, text) => {
    expect(quoteMesosString(value)).toBe(text);
  });

  it("is valid JSON that reads back as the same string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        expect(JSON.parse(quoteMesosString(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes only what rapidjson escapes (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        const body = quoteMesosString(value).slice(1, -1);
        const unescaped = body.replace(/\\(["\\btnfr]|u00[01][0-9A-F])/g, "");
        const special = (c: string) => c < " " || c === '"' || c === "\\";
        expect([...unescaped].some(special)).toBe(false);
        expect([...value].filter((c) => !special(c)).join("")).toBe(unescaped);
      }),
      { numRuns: 1000 },
    );
  });
});
