/**
 * `fromJson(text, { trusted: true })` (trusted-decoder.ts): for JSON that
 * Mesos wrote, exactly what the checked decoding gives, converting only what
 * `JSON.parse` leaves in another form; for anything else on the converted
 * paths, the checked result or error; elsewhere, values as parsed (the
 * documented trade-off).
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTrustedJsonTextDecoder } from "../codec/json/trusted-decoder.js";
import { executor, scheduler } from "../generated/mesos-1.11.0/index.js";
import { FIXTURES, available, outcome, records, show, t, type Codec } from "./json-observe.js";
import { messageText } from "./json-random-texts.js";

const trusted = (codec: Codec, text: string) => outcome(() => codec.fromJson(text, { trusted: true }));
const checked = (codec: Codec, text: string) => outcome(() => codec.fromJson(text));
/** Whether the trusted decoder decodes `text` itself (rather than leaving it to the checked decoding). */
const direct = (codec: Codec, text: string) => compileTrustedJsonTextDecoder(codec.schema)(text) !== undefined;

describe.skipIf(!available)("recorded Mesos events", () => {
  it("decode directly, as the checked decoding does but for the names 1.11 does not know", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json.recordio"));
    let count = 0;
    let newer = 0;
    for (const file of files) {
      const codec = (file.startsWith("executor") ? executor.Event : scheduler.Event) as Codec;
      for (const text of records(file)) {
        expect(direct(codec, text)).toBe(true);
        const got = trusted(codec, text);
        // The 1.12 master's SUBSCRIBED names a capability (QUOTA_V2) that the 1.11 schema does not have.
        if (got.includes('{type:"QUOTA_V2"}')) newer++;
        expect(got.replaceAll('{type:"QUOTA_V2"}', "{}")).toBe(checked(codec, text));
        count++;
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(newer).toBeGreaterThan(0);
  });
});

describe("texts as Mesos writes them (property)", () => {
  // Any text the checked decoding accepts, written back the way Mesos writes it.
  const cases: [string, Codec, number, number][] = [
    ...(
      [
        ["Scalars", 0, 800],
        ["Repeats", 0, 500],
        ["Maps", 1, 300],
        ["TaskStatus", 2, 300],
        ["Tree", 4, 200],
        ["Inherited", 0, 100],
      ] as const
    ).map(([type, depth, runs]): [string, Codec, number, number] => [type, t(type), depth, runs]),
    ["scheduler.Event", scheduler.Event as Codec, 4, 300],
  ];
  for (const [name, codec, depth, runs] of cases) {
    it(`${name}: trusted decoding gives the checked result`, () => {
      fc.assert(
        fc.property(messageText(codec.schema, depth), (text) => {
          let message: unknown;
          try {
            message = codec.fromJson(text);
          } catch {
            return;
          }
          const mesos = codec.toJson(message, { partial: true });
          expect(trusted(codec, mesos)).toBe(checked(codec, mesos));
        }),
        { numRuns: runs },
      );
    });
  }
});

describe("converts what JSON.parse leaves in another form", () => {
  it.each([
    ["Scalars", '{"i64":9223372036854775807,"u64":18446744073709551615,"s64":-9223372036854775808}'],
    ["Scalars", '{"i64":1795631143454676123,"u64":1795631143454676124}'],
    ["Scalars", '{"f":0.1,"by":"AQID","n64":9007199254740991,"nu64":123}'],
    ["Scalars", '{"d":"-Infinity","f":"Infinity"}'],
    ["Scalars", '{"by":"A Q=="}'],
    ["Scalars", '{"i64":1795631143454676123,"s":"1795631143454676124"}'],
    ["Scalars", '{"kind":"WORDS"}'],
    ["Repeats", '{"nums":[1,-2,9223372036854775807],"bys":["AQID",""],"fs":[0.1,2]}'],
    ["Maps", '{"weights":{"a":1.5},"counts":{"a":9007199254740991}}'],
    [
      "TaskStatus",
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1795631143454676123}}',
    ],
  ])("%s %s", (type, text) => {
    expect(direct(t(type), text)).toBe(true);
    expect(trusted(t(type), text)).toBe(checked(t(type), text));
  });

  it("returns the parsed objects themselves, with converted values written in", () => {
    const status = t("TaskStatus").fromJson(
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","uuid":"AQID","unreachable_time":{"nanoseconds":1795631143454676123}}',
      { trusted: true },
    ) as { uuid: Uint8Array; unreachable_time: { nanoseconds: bigint } };
    expect(status.unreachable_time.nanoseconds).toBe(1795631143454676123n);
    expect(Array.from(status.uuid)).toEqual([1, 2, 3]);
  });
});

describe("leaves the rest to the checked decoding", () => {
  it.each([
    // Wrong kinds, nulls, single values and unknown names on a converted path.
    ["Scalars", '{"i64":"abc"}'],
    ["Scalars", '{"i64":null}'],
    ["Scalars", '{"by":"AQ_D"}'],
    ["Scalars", '{"d":"NaN"}'],
    ["Scalars", '{"i64":1e400}'],
    ["Scalars", `{"i64":${"9".repeat(400)}}`],
    ["Scalars", '{"d":-0}'],
    ["Repeats", '{"nums":1}'],
    ["Repeats", '{"nums":[1,null]}'],
    ["Maps", '{"by_id":{"1":"x"}}'],
    ["Maps", '{"counts":{"__proto__":1}}'],
    ["TaskStatus", '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":[]}'],
    ["TaskStatus", '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":"x"}}'],
    // Not JSON, or not an object.
    ["Scalars", '{"i64":1'],
    ["Scalars", "[]"],
    ["Scalars", "null"],
  ])("%s %s", (type, text) => {
    expect(direct(t(type), text)).toBe(false);
    expect(trusted(t(type), text)).toBe(checked(t(type), text));
  });
});

describe("trusts what needs no conversion (documented)", () => {
  it("keeps a field or an enum name this schema does not know (a newer Mesos)", () => {
    const text = '{"task_id":{"value":"t"},"state":"TASK_NEWER","future":{"x":1}}';
    expect(show(t("TaskStatus").fromJson(text, { trusted: true }))).toBe(
      '{task_id:{value:"t"},state:"TASK_NEWER",future:{x:1}}',
    );
  });

  it("does not look for escaped lone surrogates, which Mesos never writes (its parser rejects them)", () => {
    const text = '{"s":"\\ud800"}';
    expect(() => t("Scalars").fromJson(text)).toThrow();
    expect(t("Scalars").fromJson(text, { trusted: true })).toEqual({ s: "\ud800" });
  });

  it("looks for a rounded integer's digits after its field name as Mesos spells it: an escaped spelling is left to the checked decoding", () => {
    const text = '{"i\\u0036\\u0034":9007199254740993}';
    expect(direct(t("Scalars"), text)).toBe(false);
    expect(show(t("Scalars").fromJson(text, { trusted: true }))).toBe("{i64:9007199254740993n}");
  });

  it("takes strings, booleans and 32-bit integers as parsed", () => {
    const text = '{"i32":"7","b":1,"s":2}';
    expect(show(t("Scalars").fromJson(text, { trusted: true }))).toBe('{i32:"7",b:1,s:2}');
  });

  it("does not visit messages without anything to convert", () => {
    const codec = t("Tree");
    const text = '{"label":"a","child":{"label":"b","unknown":1}}';
    expect(direct(codec, text)).toBe(true);
    expect(show(codec.fromJson(text, { trusted: true }))).toBe('{label:"a",child:{label:"b",unknown:1}}');
  });
});
