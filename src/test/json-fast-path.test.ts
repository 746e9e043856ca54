/**
 * The fast path of `fromJson` (adopt-decoder.ts, long-numbers.ts): `JSON.parse`
 * without scanning the text, the parsed objects adopted as the message. It must
 * give exactly what the reference path gives (`parseMesosJson`, then the
 * building decoder): the same values, keys in the same order, the same errors
 * with the same paths. Checked on recorded Mesos traffic, on hand-picked
 * corners and on random texts built to be almost, but not quite, what Mesos
 * writes.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJsonTextDecoder } from "../codec/json/adopt-decoder.js";
import { decodeMesosBase64 } from "../codec/json/base64.js";
import { enumLookup } from "../codec/json/decoder-values.js";
import { parseMesosJson } from "../codec/json/index.js";
import { AMBIGUOUS, ExactNumbers } from "../codec/json/long-numbers.js";
import { executor, scheduler } from "../generated/mesos-1.11.0/index.js";
import { FIXTURES, available, outcome, records, show, t, type Codec } from "./json-observe.js";
import { messageText } from "./json-random-texts.js";
import { testFile } from "./json-test-schema.js";

/** What the reference path gives for `text`. */
const reference = (codec: Codec, text: string) => outcome(() => codec.fromJsonValue(parseMesosJson(text)));

/** Asserts that `fromJson` (text and bytes) agrees with the reference path. */
function expectSame(codec: Codec, text: string): void {
  const expected = reference(codec, text);
  expect(outcome(() => codec.fromJson(text))).toBe(expected);
  expect(outcome(() => codec.fromJson(new TextEncoder().encode(text)))).toBe(expected);
}

/** Whether the fast path decodes `text` itself (rather than leaving it to the reference path). */
const fast = (codec: Codec, text: string) => compileJsonTextDecoder(codec.schema)(text) !== undefined;

describe.skipIf(!available)("recorded Mesos events", () => {
  it("all take the fast path and decode as the reference path does", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json.recordio"));
    let count = 0;
    for (const file of files) {
      const codec = (file.startsWith("executor") ? executor.Event : scheduler.Event) as Codec;
      for (const text of records(file)) {
        expect(fast(codec, text)).toBe(true);
        expectSame(codec, text);
        count++;
      }
    }
    expect(count).toBeGreaterThan(50);
  });
});

describe("what Mesos writes takes the fast path", () => {
  it.each([
    ["Call", '{"framework_id":{"value":"F"},"type":"TEARDOWN"}'],
    ["TaskStatus", '{"task_id":{"value":"t"},"state":"TASK_RUNNING","timestamp":1795631143.454676,"uuid":"AQID"}'],
    [
      "TaskStatus",
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1795631143454676123}}',
    ],
    ["Repeats", '{"nums":[1,-2,9223372036854775807],"kinds":["SET","TEXT"],"ds":[1.5,1e21],"u32s":[4294967295]}'],
    ["Maps", '{"limits":{"cpus":{"value":"2"}},"weights":{"a":1.5}}'],
  ])("%s %s", (type, text) => {
    expect(fast(t(type), text)).toBe(true);
    expectSame(t(type), text);
  });
});

describe("agrees with the reference path", () => {
  it.each([
    // Key order, unknown keys, nulls, empty and single-value repeated fields.
    ["Call", '{"type":"TEARDOWN","framework_id":{"value":"F"}}'],
    ["Call", '{"framework_id":{"value":"F"},"frameworkId":{"value":"G"},"type":"TEARDOWN"}'],
    ["Call", '{"framework_id":null,"type":"TEARDOWN"}'],
    ["Call", '{"framework_id":{"value":"F","extra":[1,{"x":2}]},"type":null}'],
    ["Call", '{"decline":{"offer_ids":{"value":"O1"}}}'],
    ["Call", '{"decline":{"offer_ids":[]}}'],
    ["Call", '{"decline":{"offer_ids":[{"value":"a"},null,[{"value":"b"}]]}}'],
    ["Call", '{"decline":{"offer_ids":[{"value":"a"},{"value":3}]}}'],
    ["Call", '{"decline":{"offer_ids":["O"]}}'],
    ["Call", '{"type":"TEARDOWN","type":"DECLINE"}'],
    ["Call", '{"a":1,"type":"TEARDOWN"}'],
    ["Call", '{"0":1,"type":"TEARDOWN"}'],
    ["Call", "[]"],
    ["Call", '"x"'],
    ["Call", "null"],
    ["Call", '{"type":"TEARDOWN"} x'],
    ["Call", ""],
    ["Call", '{"type":"teardown"}'],
    ["Call", '{"type":2}'],
    ["Call", '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"checkpoint":true}}}'],
    ["Call", '{"subscribe":{"framework_info":{"name":"n"}},"type":7}'],
    ["Call", '{"subscribe":{"framework_info":{"user":"u","name":"n","roles":"r","roles2":1e400}}}'],
    ["Decline", '{"offer_ids":[{"value":"a"},{}]}'],
    ["Subscribe", '{"framework_info":{}}'],
    ["FrameworkInfo", '{"user":"u","name":"n","checkpoint":"true","failover_timeout":"Infinity"}'],
    ["FrameworkInfo", '{"name":"n","user":"u"}'],
    ["FrameworkInfo", '{"user":"u","name":"n","roles":["a",null]}'],
    ["FrameworkInfo", '{"user":"u","name":"n","roles":[["a"],"b"]}'],
    // Scalars: every kind, conversions, -0, fractions, strings, wrong kinds.
    ["Scalars", '{"d":-0,"f":0.1,"i32":-0,"i64":-0,"u32":-0,"u64":-0,"n64":-0,"nu64":-0,"s32":-0.5}'],
    ["Scalars", '{"i32":-2.9,"u32":-1,"i64":"1e3","u64":"-1","s32":4294967297,"fx32":"4294967296.5"}'],
    ["Scalars", '{"i32":" 42\\n","d":"007.5","f":"1.","u32":"-.5"}'],
    ["Scalars", '{"i32":"abc"}'],
    ["Scalars", '{"d":"NaN"}'],
    ["Scalars", '{"d":true}'],
    ["Scalars", '{"b":"yes"}'],
    ["Scalars", '{"b":"false","s":"é\\n","by":"AQID","kind":"WORDS"}'],
    ["Scalars", '{"kind":"BOGUS","s":"x"}'],
    ["Scalars", '{"by":"A Q=="}'],
    ["Scalars", '{"by":"AQ_D"}'],
    ["Scalars", '{"s":1,"b":2}'],
    ["Scalars", '{"n64":9007199254740993}'],
    ["Scalars", '{"n64":9007199254740992,"nu64":-1}'],
    ["Scalars", '{"n64":"-9007199254740991"}'],
    ["Scalars", '{"f":3.4028235677973366e38,"d":1.7976931348623157e308}'],
    // Numbers JSON.parse reads differently from Mesos.
    ["Scalars", '{"d":1e400}'],
    ["Scalars", '{"d":-1e400}'],
    ["Scalars", '{"i32":1e400}'],
    ["Scalars", '{"s":"x","unknown":[1,{"y":-1e999}]}'],
    ["Scalars", '{"s":1e999}'],
    ["Scalars", `{"i64":${"9".repeat(400)}}`],
    ["Scalars", '{"i64":9223372036854775807,"u64":18446744073709551615,"s64":-9223372036854775808}'],
    ["Scalars", '{"i64":9223372036854775808,"s64":"-9223372036854775809","sf64":-9223372036854775809}'],
    ["Scalars", '{"i64":9007199254740993,"u64":9007199254740992,"fx64":9007199254740994}'],
    ["Scalars", '{"i64":1.8e18,"u64":1800000000000000001}'],
    ["Scalars", '{"i64":1.7956311434546762e18,"u64":1795631143454676123}'],
    ["Scalars", '{"i64":1795631143454676123,"u64":1795631143454676124}'],
    ["Scalars", '{"i64":1795631143454676123,"s":"1795631143454676124"}'],
    ["Scalars", '{"i64":1795631143454676123,"s":"1795631143454676123"}'],
    ["Scalars", '{"i64":1.795631143454676123e18,"s":"1795631143454676123"}'],
    ["Scalars", '{"i64":17956311434546761.23e2,"s":"1795631143454676123"}'],
    ["Scalars", '{"i64":1795631143454676123.5}'],
    ["Scalars", '{"i64":179563114345467612300e-2}'],
    ["Scalars", '{"i64":9999999999999999999,"u64":10000000000000000001}'],
    ["Scalars", '{"i64":99999999999999999,"u64":100000000000000001}'],
    ["Scalars", '{"i32":12345678901234567891,"u32":-98765432109876543210,"fx32":4294967296000000001}'],
    ["Scalars", '{"i32":1e20,"u32":-1.5e19}'],
    ["Scalars", '{"d":12345678901234567891,"f":-98765432109876543210}'],
    ["Scalars", '{"i64":1e21,"u64":1E+19}'],
    ["Scalars", '{"i64" : 1795631143454676123 ,\n"s":"x"}'],
    ["Scalars", '{"i64":00012}'],
    ["Scalars", '{"d":1.}'],
    ["Scalars", '{"s":"\\ud800"}'],
    ["Scalars", '{"s":"\\ud83d\\ude00"}'],
    ["TimeInfo", '{"nanoseconds":-1795631143454676123}'],
    ["TimeInfo", '{"nanoseconds":"1795631143454676123"}'],
    ["TimeInfo", '{"nanoseconds" :\t1795631143454676123 }'],
    ["TimeInfo", '{"nano\\u0073econds":1795631143454676123,"x":1795631143454676124}'],
    ["TimeInfo", '{"nanoseconds":1795631143454676123,"x":{"nanoseconds":1795631143454676124}}'],
    ["TimeInfo", '{"x":{"nanoseconds":1795631143454676124},"nanoseconds":1795631143454676123}'],
    ["TimeInfo", '{"nanoseconds":1.7956311434546762e18,"x":[1795631143454676123]}'],
    [
      "TaskStatus",
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1795631143454676123},"x":{"nanoseconds":1795631143454676124}}',
    ],
    ["TimeInfo", "{}"],
    ["Repeats", '{"nums":[1795631143454676123,1795631143454676124]}'],
    ["Repeats", '{"nums":[1795631143454676123,1795631143454676123,-1795631143454676123]}'],
    ["Repeats", '{"nums":1795631143454676123}'],
    ["Repeats", '{"nums":[1,[2]],"kinds":["SET","NOPE","WORDS",null]}'],
    ["Repeats", '{"kinds":"WORDS","bs":"false","fs":[0.1,-0],"u32s":[-1,4294967297]}'],
    ["Repeats", '{"kinds":["BOGUS"]}'],
    ["Repeats", '{"bys":["AQID","A Q"],"ss":[]}'],
    ["Repeats", '{"ds":[15.0,1e21,"Infinity",-0.0,1e-7,1e999]}'],
    // Maps: values are decoded by the reference conversions.
    [
      "Maps",
      '{"by_id":{"007":"a","-1":"b"},"flags":{"true":"SET","false":"WORDS"},"blobs":{"18446744073709551615":"AQ=="}}',
    ],
    ["Maps", '{"limits":{"a":null},"flags":{"true":"NOPE"},"counts":{"x":null},"blobs":{"1":null}}'],
    ["Maps", '{"weights":[{"a":1},null,[{"b":2}]],"limits":{}}'],
    ["Maps", '{"counts":{"x":9007199254740993}}'],
    ["Maps", '{"counts":{"x":9007199254740991,"y":1e300}}'],
    ["Maps", '{"weights":{"a":1e400}}'],
    ["Maps", '{"weights":{"__proto__":1}}'],
    ["Maps", '{"limits":{"a":{}}}'],
    // Defaults, inherited names, nesting.
    ["Defaults", '{"required_kind":"TEXT","port":1,"kind":"WORDS"}'],
    ["Defaults", '{"port":1}'],
    ["Inherited", '{"constructor":"c","toString":"7","__proto__":"p"}'],
    ["Inherited", '{"toString":-0,"__proto__":null}'],
    ["Inherited", '{"hasOwnProperty":1}'],
    ["Tree", '{"child":{"children":[{},{"child":{"label":1}}]}}'],
    ["Tree", `${'{"child":'.repeat(150)}{"label":"leaf"}${"}".repeat(150)}`],
    ["MasterInfo", '{"capabilities":[{"type":"AGENT_UPDATE"},{"type":"QUOTA_V2"},{}],"port":5050}'],
    ["Acknowledge", '{"agent_id":{"value":"A"},"task_id":{"value":"T"},"uuid":"Hw5qUow9S3qeIV1MOyoZCA"}'],
    ["Acknowledge", '{"agent_id":{"value":"A"},"task_id":{"value":"T"}}'],
  ])("%s %s", (type, text) => {
    expectSame(t(type), text);
  });

  it("on absurdly deep nesting", () => {
    const text = `${'{"child":'.repeat(100_000)}{}${"}".repeat(100_000)}`;
    expectSame(t("Tree"), text);
  });
});

describe("duplicate keys", () => {
  it("keep the last value, as Mesos does", () => {
    expectSame(t("Call"), '{"type":"TEARDOWN","type":"DECLINE","framework_id":{"value":"F"}}');
    expectSame(t("Scalars"), '{"i64":1,"i64":1795631143454676123,"s":"a","s":"b"}');
    expectSame(t("Scalars"), '{"i64":1795631143454676124,"i64":1795631143454676123}');
    expectSame(t("Scalars"), '{"i64":{"x":[1,2]},"i64":3}');
  });

  it("hide an overflowing number in a replaced value from the fast path (the one known difference)", () => {
    // Mesos parses every value, so it rejects the text; JSON.parse drops the
    // replaced value before the decoder can see it. Mesos never writes
    // duplicate keys; finding this would cost a scan of every text.
    const text = '{"s":"x","s":1e400}';
    expectSame(t("Scalars"), text);
    const hidden = '{"s":1e400,"s":"x"}';
    expect(reference(t("Scalars"), hidden)).toMatch(/Value out of range/);
    expect(outcome(() => t("Scalars").fromJson(hidden))).toBe('{s:"x"}');
  });
});

describe("adopted objects", () => {
  it("are the parsed objects, written back where values change", () => {
    const status = t("TaskStatus").fromJson(
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"AQID","unreachable_time":{"nanoseconds":1795631143454676123}}',
    ) as Record<string, unknown>;
    expect(status.uuid).toEqual(new Uint8Array([1, 2, 3]));
    expect(status.unreachable_time).toEqual({ nanoseconds: 1795631143454676123n });
    expect(Object.keys(status)).toEqual(["task_id", "state", "uuid", "unreachable_time"]);
  });

  it("get their keys in declaration order when the text has another", () => {
    const call = t("Call").fromJson('{"type":"TEARDOWN","x":1,"framework_id":{"value":"F"}}');
    expect(Object.keys(call as object)).toEqual(["framework_id", "type"]);
  });

  it("are new for every call", () => {
    const text = '{"framework_id":{"value":"F"},"type":"TEARDOWN"}';
    const a = t("Call").fromJson(text) as Record<string, unknown>;
    const b = t("Call").fromJson(text) as Record<string, unknown>;
    expect(a).not.toBe(b);
    expect(a.framework_id).not.toBe(b.framework_id);
  });
});

describe("random texts (property)", () => {
  for (const [type, depth, runs] of [
    ["Scalars", 0, 1500],
    ["Repeats", 0, 800],
    ["Maps", 1, 500],
    ["Defaults", 0, 300],
    ["Call", 3, 500],
    ["TaskStatus", 2, 500],
    ["Tree", 4, 300],
    ["MasterInfo", 1, 200],
    ["Inherited", 0, 200],
  ] as const) {
    it(`${type}: fromJson agrees with the reference path`, () => {
      const codec = t(type);
      fc.assert(
        fc.property(messageText(codec.schema, depth), (text) => {
          expectSame(codec, text);
        }),
        { numRuns: runs },
      );
    });
  }

  it("scheduler.Event: fromJson agrees with the reference path", () => {
    const codec = scheduler.Event as Codec;
    fc.assert(
      fc.property(messageText(codec.schema, 4), (text) => {
        expectSame(codec, text);
      }),
      { numRuns: 300 },
    );
  });

  it("texts as Mesos writes them take the fast path", () => {
    const codec = t("TaskStatus");
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.constantFrom("TASK_RUNNING", "TASK_ERROR"),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.uint8Array({ maxLength: 20 }),
        (id, state, timestamp, nanos, uuid) => {
          const text = codec.toJson({
            task_id: { value: id },
            state,
            timestamp,
            uuid,
            unreachable_time: { nanoseconds: nanos },
          });
          expect(fast(codec, text)).toBe(true);
          expectSame(codec, text);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------
// Recovering numbers JSON.parse rounds.

/** The values Mesos gives the number tokens of `text` that `JSON.parse` reads as `v`, as text. */
function tokenValues(text: string, v: number, insideStrings: boolean): Set<string> {
  const values = new Set<string>();
  const tokens = insideStrings ? /[0-9+\-.eE]+/g : /"(?:[^"\\]|\\.)*"|[0-9+\-.eE]+/g;
  for (const [token] of text.matchAll(tokens)) {
    if (token.startsWith('"') || Number(token) !== v) continue;
    values.add(/^-?\d+$/.test(token) ? `${BigInt(token)}n` : String(Number(token)));
  }
  return values;
}

describe("ExactNumbers", () => {
  const asText = (value: unknown) =>
    typeof value === "bigint" ? `${value}n` : typeof value === "number" ? String(value) : value;

  const big = Number("1795631143454676123");
  const shortest = Number("1.7956311434546762e18");
  it.each([
    ['{"a":1795631143454676123}', big, "1795631143454676123n"],
    ['{"a":1795631143454676123,"b":"1795631143454676124"}', big, AMBIGUOUS],
    ['{"a":1795631143454676123,"b":"1795631143454676123"}', big, "1795631143454676123n"],
    ['{"a":1.7956311434546762e18}', shortest, String(shortest)],
    ['{"a":1.7956311434546762e18,"b":1795631143454676123}', big, AMBIGUOUS],
    ['{"a":1795631143454676123.5}', big, String(big)],
    ['{"a":179563114345467612300e-2}', big, String(big)],
    ['{"a":-9223372036854775808}', -(2 ** 63), "-9223372036854775808n"],
    ['{"a":9999999999999999999}', Number("9999999999999999999"), "9999999999999999999n"],
    ["1795631143454676123", big, "1795631143454676123n"],
    ["[1795631143454676123]", big, "1795631143454676123n"],
    ['{"a":1}', big, undefined],
  ])("in %s, %d is %s", (text, v, expected) => {
    expect(asText(new ExactNumbers(text).exact(v))).toBe(expected);
  });

  it.each([
    ['{"n":1795631143454676123,"s":"1795631143454676124"}', "1795631143454676123n"],
    ['{"n" :\n 1795631143454676123,"m":1795631143454676124}', "1795631143454676123n"],
    ['{"n":1795631143454676123,"x":{"n":1795631143454676124}}', AMBIGUOUS],
    ['{"n":1.7956311434546762e18,"m":1795631143454676123}', String(big)],
    ['{"\\u006e":1795631143454676123,"m":1795631143454676124}', AMBIGUOUS],
    ['{"n":[1795631143454676123],"m":1795631143454676124}', undefined],
    ['{"xn":1795631143454676124,"n":1795631143454676123}', "1795631143454676123n"],
  ])("in %s, the value of key n is %s", (text, expected) => {
    expect(asText(new ExactNumbers(text).exact(big, "n"))).toBe(expected);
  });

  it("finds a long integer at any offset of the sampling scan", () => {
    for (let pad = 0; pad < 24; pad++) {
      for (let length = 16; length <= 21; length++) {
        const digits = "9876543210123456789012".slice(0, length);
        const v = Number(digits);
        for (const before of ["x".repeat(pad), "1".repeat(pad), `${"7".repeat(pad)}e`]) {
          for (const text of [
            `{"s":"${before}","n":${digits}}`,
            `{"s":"${before}","n":[-${digits}]}`,
            `{"s":"${before}","n":${digits}.5}`,
            `${" ".repeat(pad)}${digits}`,
          ]) {
            const sign = text.includes(`-${digits}`) ? -1 : 1;
            const expected = text.includes(".5") ? String(v) : `${BigInt(sign) * BigInt(digits)}n`;
            expect(asText(new ExactNumbers(text).exact(sign * v))).toBe(v >= 2 ** 53 ? expected : undefined);
          }
        }
      }
    }
  });

  it("answers with the value of the tokens outside strings, or not at all (property)", () => {
    const big = fc.oneof(
      fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
      fc.bigInt({ min: 2n ** 53n, max: 2n ** 53n + 1000n }).map(String),
      fc.bigInt({ min: 10n ** 19n - 1000n, max: 10n ** 19n + 1000n }).map(String),
      fc.constantFrom("1.7956311434546762e18", "1795631143454676123.5", "2e18", "1E+19", "9.007199254740993e15"),
    );
    const part = fc.oneof(
      big.map((b) => `,"n":${b}`),
      big.map((b) => `,"s":"${b}"`),
      big.map((b) => `,"t":"x ${b} y"`),
      big.map((b) => `,"a":[${b}, ${b.replace(/\d$/, "7")}]`),
      fc.constantFrom(',"x":"a1e5"', ',"y":1.5', ',"z":"0123456789abcdef0123"'),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.nat(), (parts, pick) => {
        const text = `{"k":0${parts.join("")}}`;
        const doubles: number[] = [];
        JSON.parse(text, (_, value: unknown) => {
          if (typeof value === "number" && Math.abs(value) >= 2 ** 53 && Number.isFinite(value)) doubles.push(value);
          return value;
        });
        fc.pre(doubles.length > 0);
        const v = doubles[pick % doubles.length]!;
        const genuine = tokenValues(text, v, false);
        const all = tokenValues(text, v, true);
        expect(genuine.size).toBeGreaterThan(0);
        const answer = new ExactNumbers(text).exact(v);
        // Never a wrong value; an answer whenever no token anywhere says otherwise.
        if (answer !== AMBIGUOUS) expect([...genuine]).toEqual([asText(answer)]);
        if (all.size === 1) expect(asText(answer)).toBe([...all][0]);
        // As the value of key "n": the values after "n" keys, or no answer.
        const ofKey = new Set<string>();
        for (const [, token] of text.matchAll(/"n":([0-9+\-.eE]+)/g)) {
          if (Number(token) === v) ofKey.add(/^-?\d+$/.test(token!) ? `${BigInt(token!)}n` : String(Number(token)));
        }
        if (ofKey.size > 0) {
          const keyed = new ExactNumbers(text).exact(v, "n");
          if (keyed !== AMBIGUOUS) expect([...ofKey]).toEqual([asText(keyed)]);
          if (ofKey.size === 1) expect(asText(keyed)).toBe([...ofKey][0]);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------
// Pieces the fast path relies on.

/** stout's base64 decoding, written plainly. */
function stoutBase64(text: string): Uint8Array | string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const values: number[] = [];
  for (const ch of text) {
    if (ch === "=") break;
    if (" \t\n\v\f\r".includes(ch)) continue;
    const v = alphabet.indexOf(ch);
    if (v < 0) return ch;
    values.push(v);
  }
  let bits = 0n;
  for (const v of values) bits = (bits << 6n) | BigInt(v);
  const bytes = Math.floor((values.length * 6) / 8);
  bits >>= BigInt(values.length * 6 - bytes * 8);
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i--, bits >>= 8n) out[i] = Number(bits & 255n);
  return out;
}

describe("base64 as stout decodes it", () => {
  it("for short and long texts, well-formed or not (property)", () => {
    const unit = fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") },
      { weight: 1, arbitrary: fc.constantFrom("=", " ", "\n", "-", "_", "é", "😀") },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), fc.constantFrom("", "=", "=="), (body, pad) => {
        const text = body + pad;
        const expected = stoutBase64(text);
        const actual = decodeMesosBase64(text);
        if (typeof expected === "string") expect(actual).toEqual({ invalid: expected });
        else expect(show(actual)).toBe(show(expected));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("enum lookup", () => {
  const kinds = testFile.enum("t.Kind");
  const lookup = enumLookup(kinds);

  it("maps every name to its canonical name", () => {
    for (const v of kinds.values) expect(lookup(v.name)).toBe(kinds.nameByNumber.get(v.number));
    expect(lookup("WORDS")).toBe("TEXT");
  });

  it("knows no other name (property)", () => {
    const names = new Set(kinds.values.map((v) => v.name));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("S", "E", "T", "X", "A", "R", "_"), maxLength: 7 }), (name) => {
        if (!names.has(name)) expect(lookup(name)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    expect(lookup("")).toBeUndefined();
    expect(lookup("TEXT ")).toBeUndefined();
    expect(lookup("text")).toBeUndefined();
  });

  it("tells apart the many names of a large enum", () => {
    const reasons = scheduler.Event.schema.fieldByName
      .get("update")!
      .messageType!.fieldByName.get("status")!
      .messageType!.fieldByName.get("reason")!.enumType!;
    const find = enumLookup(reasons);
    for (const v of reasons.values) {
      expect(find(v.name)).toBe(reasons.nameByNumber.get(v.number));
      expect(find(`${v.name.slice(0, -1)}#`)).toBeUndefined();
    }
  });
});
