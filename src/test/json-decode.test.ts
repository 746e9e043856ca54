/**
 * JSON value → message, as stout's protobuf::parse does it (mesos-protocol.md
 * 2.2 and 2.3; conformance cases C035–C041, C044, C045, C047 at codec level).
 */
import { describe, expect, it } from "vitest";
import { errorOf, decode, fail } from "./codec-test-helpers.js";

describe("spec 2.3 examples and conformance cases", () => {
  it("reads a plain call", () => {
    expect(decode("Call", '{"type":"TEARDOWN","framework_id":{"value":"F"}}', true)).toEqual({
      framework_id: { value: "F" },
      type: "TEARDOWN",
    });
  });

  it("drops unknown enum names of optional fields (lower case, trailing space: C036)", () => {
    expect(decode("Call", '{"type":"teardown","framework_id":{"value":"F"}}')).toEqual({
      framework_id: { value: "F" },
    });
    expect(decode("Call", '{"type":"TEARDOWN ","framework_id":{"value":"F"}}')).toEqual({
      framework_id: { value: "F" },
    });
  });

  it("rejects enum numbers (C037)", () => {
    const error = fail("Call", '{"type":1}');
    expect(error.code).toBe("ERR_CODEC_JSON_TYPE");
    expect(error.detail).toBe("Not expecting a JSON number for field 'type'");
    expect(error.path).toBe("type");
  });

  it("ignores unknown and camelCase keys (C035)", () => {
    expect(decode("Call", '{"type":"TEARDOWN","frameworkId":{"value":"F"},"foo":1}')).toEqual({ type: "TEARDOWN" });
  });

  it("accepts a single object for a repeated field (C039)", () => {
    expect(
      decode("Call", '{"type":"DECLINE","framework_id":{"value":"F"},"decline":{"offer_ids":{"value":"O1"}}}'),
    ).toEqual({
      framework_id: { value: "F" },
      type: "DECLINE",
      decline: { offer_ids: [{ value: "O1" }] },
    });
  });

  it('reads "Infinity" and numeric strings for doubles (C040)', () => {
    const call = decode("Call", '{"decline":{"offer_ids":[{"value":"O1"}],"filters":{"refuse_seconds":"Infinity"}}}');
    expect(call).toEqual({ decline: { offer_ids: [{ value: "O1" }], filters: { refuse_seconds: Infinity } } });
    expect(decode("Filters", '{"refuse_seconds":"10"}')).toEqual({ refuse_seconds: 10 });
    expect(decode("Filters", '{"refuse_seconds":"-Infinity"}')).toEqual({ refuse_seconds: -Infinity });
  });

  it('reads "true" for bools and rejects numbers (C038)', () => {
    expect(decode("FrameworkInfo", '{"user":"u","name":"n","checkpoint":"true"}', true)).toEqual({
      user: "u",
      name: "n",
      checkpoint: true,
    });
    const error = fail("FrameworkInfo", '{"checkpoint":1}');
    expect(error.detail).toBe("Not expecting a JSON number for field 'checkpoint'");
  });

  it("keeps int64 exact (C044) and rounds numbers with fractions first", () => {
    expect(decode("TimeInfo", '{"nanoseconds":"9007199254740993"}')).toEqual({ nanoseconds: 9007199254740993n });
    expect(decode("TimeInfo", '{"nanoseconds":9007199254740993.5}')).toEqual({ nanoseconds: 9007199254740994n });
    const status = decode(
      "TaskStatus",
      '{"task_id":{"value":"t"},"state":"TASK_RUNNING","unreachable_time":{"nanoseconds":1700000000123456789}}',
    );
    expect(status.unreachable_time).toEqual({ nanoseconds: 1700000000123456789n });
  });

  it('reads 15.0, 1e21 and "Infinity" in double fields (C045)', () => {
    expect(decode("Repeats", '{"ds":[15.0,1e21,"Infinity",-0.0,1e-7]}')).toEqual({
      ds: [15, 1e21, Infinity, -0, 1e-7],
    });
  });

  it("tolerates an unknown event type name and an empty capability (C047)", () => {
    expect(decode("MasterInfo", '{"capabilities":[{"type":"AGENT_UPDATE"},{"type":"QUOTA_V2"},{}]}')).toEqual({
      capabilities: [{ type: "AGENT_UPDATE" }, {}, {}],
    });
  });

  it("decodes base64 uuids with stout's quirks (C041)", () => {
    const ack = (uuid: string) =>
      decode("Call", `{"acknowledge":{"agent_id":{"value":"A"},"task_id":{"value":"T"},"uuid":"${uuid}"}}`);
    const unpadded = ack("Hw5qUow9S3qeIV1MOyoZCA").acknowledge as { uuid: Uint8Array };
    expect(Buffer.from(unpadded.uuid).toString("hex")).toBe("1f0e6a528c3d4b7a9e215d4c3b2a1908");
    const bad = errorOf(() => ack("Hw5qUow9-3qeIV1MOyoZCA=="));
    expect(bad.code).toBe("ERR_CODEC_VALUE");
    expect(bad.detail).toBe("Failed to base64 decode bytes field 'uuid': Invalid character '-'");
    expect(bad.path).toBe("acknowledge.uuid");
    const notV4 = ack("q83vEjRWeJASNFZ4kBI0Vg==").acknowledge as { uuid: Uint8Array };
    expect(notV4.uuid.length).toBe(16);
    expect(notV4.uuid[6]).toBe(0x78);
  });
});

describe("per-type acceptance", () => {
  it("reads every scalar kind", () => {
    const text =
      '{"d":1.5,"f":0.1,"i32":-7,"i64":-9223372036854775808,"u32":4294967295,"u64":18446744073709551615,' +
      '"s32":"-3","s64":"42","fx32":7.9,"fx64":"12","sf32":-1.9,"sf64":-5,"b":false,"s":"é\\n","by":"AQID",' +
      '"n64":9007199254740991,"nu64":"12","kind":"RANGES"}';
    expect(decode("Scalars", text)).toEqual({
      d: 1.5,
      f: Math.fround(0.1),
      i32: -7,
      i64: -9223372036854775808n,
      u32: 4294967295,
      u64: 18446744073709551615n,
      s32: -3,
      s64: 42n,
      fx32: 7,
      fx64: 12n,
      sf32: -1,
      sf64: -5n,
      b: false,
      s: "é\n",
      by: new Uint8Array([1, 2, 3]),
      n64: 9007199254740991,
      nu64: 12,
      kind: "RANGES",
    });
  });

  it("truncates fractions toward zero and wraps out-of-range integers like Mesos", () => {
    expect(
      decode("Scalars", '{"i32":-2.9,"u32":-1,"i64":"1e3","u64":"-1","s32":4294967297,"fx32":"4294967296.5"}'),
    ).toEqual({
      i32: -2,
      u32: 4294967295,
      i64: 1000n,
      u64: 18446744073709551615n,
      s32: 1,
      fx32: 0,
    });
    expect(decode("Scalars", '{"i64":9223372036854775808,"s64":"-9223372036854775809"}')).toEqual({
      i64: -9223372036854775808n,
      s64: 9223372036854775807n,
    });
  });

  it("reads numbers in strings with JSON whitespace, leading zeros and picojson's leniency", () => {
    expect(decode("Scalars", '{"i32":" 42\\n","d":"007.5","f":"1.","u32":"-.5"}')).toEqual({
      i32: 42,
      d: 7.5,
      f: 1,
      u32: 0,
    });
  });

  it("refuses a 64-bit value a number-mode field cannot hold exactly", () => {
    const error = fail("Scalars", '{"n64":9007199254740993}');
    expect(error.code).toBe("ERR_CODEC_VALUE");
    expect(error.path).toBe("n64");
    expect(error.detail).toMatch(/--int64 bigint/);
    expect(fail("Scalars", '{"nu64":-1}').detail).toMatch(/18446744073709551615/);
    expect(decode("Scalars", '{"n64":"-9007199254740991"}')).toEqual({ n64: -9007199254740991 });
  });

  it.each([
    ['{"i32":"abc"}', "Failed to parse 'abc' as a JSON number for field 'i32': syntax error at line 1 near: abc"],
    ['{"i64":"true"}', "Failed to parse 'true' as a JSON number for field 'i64': Unexpected JSON type parsed"],
    ['{"d":"NaN"}', "Failed to parse 'NaN' as a JSON number for field 'd': syntax error at line 1 near: NaN"],
    ['{"d":"1e400"}', "Failed to parse '1e400' as a JSON number for field 'd': Value out of range"],
    [
      '{"u64":"5 x"}',
      "Failed to parse '5 x' as a JSON number for field 'u64': Parsed JSON included non-whitespace trailing characters:  x",
    ],
    [
      '{"f":"infinity"}',
      "Failed to parse 'infinity' as a JSON number for field 'f': syntax error at line 1 near: infinity",
    ],
    ['{"b":"yes"}', "Failed to parse 'yes' as a JSON boolean for field 'b': syntax error at line 1 near: yes"],
    ['{"b":"1"}', "Failed to parse '1' as a JSON boolean for field 'b': Unexpected JSON type parsed"],
  ])("string content errors: %s", (text, detail) => {
    const error = fail("Scalars", text);
    expect(error.code).toBe("ERR_CODEC_VALUE");
    expect(error.detail).toBe(detail);
  });

  it.each([
    ['{"s":5}', "Not expecting a JSON number for field 's'"],
    ['{"s":true}', "Not expecting a JSON boolean for field 's'"],
    ['{"s":{}}', "Not expecting a JSON object for field 's'"],
    ['{"s":["a"]}', "Not expecting a JSON array for field 's'"],
    ['{"by":1}', "Not expecting a JSON number for field 'by'"],
    ['{"kind":{}}', "Not expecting a JSON object for field 'kind'"],
    ['{"d":true}', "Not expecting a JSON boolean for field 'd'"],
    ['{"i32":{}}', "Not expecting a JSON object for field 'i32'"],
    ['{"u64":[1]}', "Not expecting a JSON array for field 'u64'"],
    ['{"b":{}}', "Not expecting a JSON object for field 'b'"],
  ])("kind errors: %s", (text, detail) => {
    const error = fail("Scalars", text);
    expect(error.code).toBe("ERR_CODEC_JSON_TYPE");
    expect(error.detail).toBe(detail);
  });

  it("rejects non-objects for message fields and arrays for singular ones", () => {
    expect(fail("Call", '{"framework_id":"F"}').detail).toBe("Not expecting a JSON string for field 'framework_id'");
    expect(fail("Call", '{"framework_id":[{"value":"F"}]}').detail).toBe(
      "Not expecting a JSON array for field 'framework_id'",
    );
    expect(fail("Decline", '{"offer_ids":["O"]}').detail).toBe("Not expecting a JSON string for field 'offer_ids'");
  });

  it("reads enum aliases as the canonical name", () => {
    expect(decode("Scalars", '{"kind":"WORDS"}')).toEqual({ kind: "TEXT" });
  });

  it("fails on an unknown name of a required enum", () => {
    const error = fail("TaskStatus", '{"task_id":{"value":"t"},"state":"TASK_BOGUS"}');
    expect(error.code).toBe("ERR_CODEC_VALUE");
    expect(error.detail).toBe("Failed to find enum for 'TASK_BOGUS'");
    expect(error.path).toBe("state");
  });

  it.each([
    ["AQID", [1, 2, 3]],
    ["AQI=", [1, 2]],
    ["AQI", [1, 2]],
    ["AQ", [1]],
    ["A", []],
    ["AQIDB", [1, 2, 3]],
    ["AQ==AQID", [1]],
    [" A Q\nI\tD\r\u000b\f", [1, 2, 3]],
    ["", []],
    ["/+/+", [0xff, 0xef, 0xfe]],
  ])("base64 %j", (text, bytes) => {
    expect(decode("Scalars", JSON.stringify({ by: text }))).toEqual({ by: new Uint8Array(bytes) });
  });

  it.each([
    ["AQ_D", "_"],
    ["AQ-D", "-"],
    ["AQ.D", "."],
    ["AQéD", "é"],
    ["AQ😀", "😀"],
  ])("base64 %j fails on %j", (text, char) => {
    expect(fail("Scalars", JSON.stringify({ by: text })).detail).toBe(
      `Failed to base64 decode bytes field 'by': Invalid character '${char}'`,
    );
  });
});
