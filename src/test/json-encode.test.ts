/**
 * Message → JSON text exactly as Mesos writes it (mesos-protocol.md 2.1, 2.4;
 * conformance cases C034, C042, C043, C046 at codec level).
 */
import { describe, expect, it } from "vitest";
import { MissingRequiredFieldsError } from "../codec/errors.js";
import { compileJsonEncoder } from "../codec/json/index.js";
import { addUnknownField } from "../codec/unknown-fields.js";
import { msg } from "./json-test-schema.js";
import { errorOf } from "./codec-test-helpers.js";

const encode = (type: string, message: object) => compileJsonEncoder(msg(type))(message);

describe("output rules", () => {
  it("writes keys in declaration order, not field-number or insertion order (C034)", () => {
    const status = {
      timestamp: 1795630426.561031,
      agent_id: { value: "S0" },
      reason: "REASON_TASK_INVALID",
      source: "SOURCE_MASTER",
      message: "bad",
      state: "TASK_ERROR",
      task_id: { value: "t" },
    };
    expect(encode("TaskStatus", status)).toBe(
      '{"task_id":{"value":"t"},"state":"TASK_ERROR","message":"bad","source":"SOURCE_MASTER",' +
        '"reason":"REASON_TASK_INVALID","agent_id":{"value":"S0"},"timestamp":1795630426.561031}',
    );
  });

  it("writes unset fields with explicit, non-deprecated defaults (C042)", () => {
    expect(encode("FrameworkInfo", { user: "root", name: "fw" })).toBe(
      '{"user":"root","name":"fw","failover_timeout":0.0,"checkpoint":false}',
    );
    expect(encode("FrameworkInfo", { user: "root", name: "fw", role: "*", checkpoint: true })).toBe(
      '{"user":"root","name":"fw","failover_timeout":0.0,"checkpoint":true,"role":"*"}',
    );
    expect(encode("Defaults", {})).toBe(
      '{"port":5050,"shell":true,"kind":"TEXT","delay":15.0,"name":"default","data":"AQI=",' +
        '"big":-9000000000000000000,"ratio":0.10000000149011612,"inf":"-Infinity"}',
    );
    expect(encode("Call", {})).toBe("{}");
  });

  it("writes repeated and map fields only when non-empty, and never null", () => {
    expect(encode("Repeats", { nums: [], kinds: [], ss: [] })).toBe("{}");
    expect(encode("Maps", { limits: {}, weights: {} })).toBe("{}");
    expect(encode("Call", { framework_id: null, type: undefined })).toBe("{}");
    expect(encode("Repeats", { ss: ["a", "b"], bs: [true, false] })).toBe('{"bs":[true,false],"ss":["a","b"]}');
  });

  it("writes enums by name, bytes as padded base64 and int64 exactly (C046)", () => {
    const ack = {
      agent_id: { value: "A" },
      task_id: { value: "T" },
      uuid: Uint8Array.from(Buffer.from("1f0e6a528c3d4b7a9e215d4c3b2a1908", "hex")),
    };
    expect(encode("Call", { type: "ACKNOWLEDGE", acknowledge: ack })).toBe(
      '{"type":"ACKNOWLEDGE","acknowledge":{"agent_id":{"value":"A"},"task_id":{"value":"T"},"uuid":"Hw5qUow9S3qeIV1MOyoZCA=="}}',
    );
    expect(encode("TimeInfo", { nanoseconds: 1700000000123456789n })).toBe('{"nanoseconds":1700000000123456789}');
    expect(encode("Scalars", { u64: 18446744073709551615n, i64: -9223372036854775808n, n64: -9007199254740991 })).toBe(
      '{"i64":-9223372036854775808,"u64":18446744073709551615,"n64":-9007199254740991}',
    );
  });

  it("leaves out enum values the schema does not know (C043, spec 2.4)", () => {
    const fromBinary = {};
    addUnknownField(fromBinary, Uint8Array.of(0x08, 0x03));
    expect(
      encode("MasterInfo", { capabilities: [{ type: "AGENT_UPDATE" }, { type: "AGENT_DRAINING" }, fromBinary] }),
    ).toBe('{"capabilities":[{"type":"AGENT_UPDATE"},{"type":"AGENT_DRAINING"},{}],"port":5050}');
    expect(encode("MasterInfo", { capabilities: [{ type: 1 }, { type: 3 }] })).toBe(
      '{"capabilities":[{"type":"AGENT_UPDATE"},{}],"port":5050}',
    );
    expect(encode("Repeats", { kinds: [7, 9] })).toBe("{}");
    expect(encode("Repeats", { kinds: [7, "SET", 1] })).toBe('{"kinds":["SET","RANGES"]}');
    expect(encode("Defaults", { kind: 42, required_kind: "SET" })).toContain('"kind":"TEXT"');
  });

  it("writes aliases and numbers of enum values by their first name", () => {
    expect(encode("Scalars", { kind: "WORDS" })).toBe('{"kind":"TEXT"}');
    expect(encode("Scalars", { kind: 3 })).toBe('{"kind":"TEXT"}');
  });

  it("formats doubles and floats like rapidjson, infinities as strings", () => {
    expect(encode("Repeats", { ds: [15, 0, -0, 1e21, 1e20, 1e-7, 0.001234, Infinity, -Infinity], fs: [0.1, 3] })).toBe(
      '{"ds":[15.0,0.0,-0.0,1e21,100000000000000000000.0,1e-7,0.001234,"Infinity","-Infinity"],"fs":[0.10000000149011612,3.0]}',
    );
    expect(encode("Scalars", { d: NaN })).toBe('{"d":NaN}');
  });

  it("escapes strings like rapidjson and writes no whitespace", () => {
    expect(encode("Scalars", { s: 'a"b\\c/d\n\u0001é' })).toBe('{"s":"a\\"b\\\\c/d\\n\\u0001é"}');
  });

  it("writes maps as objects keyed by the key's text", () => {
    expect(
      encode("Maps", {
        limits: { cpus: { value: "2" }, mem: { value: "1" } },
        by_id: { "7": "a", "-1": "b" },
        flags: { true: "SET" },
        blobs: { "18446744073709551615": Uint8Array.of(1) },
        weights: { 'a"b': 0.5 },
        counts: { x: 3 },
      }),
    ).toBe(
      '{"limits":{"cpus":{"value":"2"},"mem":{"value":"1"}},"by_id":{"7":"a","-1":"b"},"flags":{"true":"SET"},' +
        '"blobs":{"18446744073709551615":"AQ=="},"weights":{"a\\"b":0.5},"counts":{"x":3}}',
    );
  });

  it("writes the value type's zero for unset map values, as for a map entry without value", () => {
    expect(
      encode("Maps", { limits: { a: null }, flags: { true: 99 }, weights: { w: undefined }, blobs: { "1": null } }),
    ).toBe('{"limits":{"a":{}},"flags":{"true":"SCALAR"},"blobs":{"1":""},"weights":{"w":0.0}}');
  });

  it("ignores unknown fields and properties that are not fields", () => {
    const message = { value: "x", extra: 1 };
    addUnknownField(message, Uint8Array.of(0x10, 0x01));
    expect(encode("Value", message)).toBe('{"value":"x"}');
  });

  it("reads only own properties for names like constructor", () => {
    expect(encode("Inherited", {})).toBe("{}");
    expect(encode("Inherited", { constructor: "c", toString: 5 })).toBe('{"constructor":"c","toString":5}');
  });
});

describe("required fields", () => {
  it("lists every unset required field with checkRequired, and writes the rest without", () => {
    const call = {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { checkpoint: true } },
      decline: { offer_ids: [{ value: "a" }, {}] },
    };
    const error = errorOf(() => compileJsonEncoder(msg("Call"), true)(call));
    expect(error).toBeInstanceOf(MissingRequiredFieldsError);
    expect((error as MissingRequiredFieldsError).paths).toEqual([
      "subscribe.framework_info.user",
      "subscribe.framework_info.name",
      "decline.offer_ids[1].value",
    ]);
    expect(compileJsonEncoder(msg("Call"))(call)).toBe(
      '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"failover_timeout":0.0,"checkpoint":true}},"decline":{"offer_ids":[{"value":"a"},{}]}}',
    );
    expect(compileJsonEncoder(msg("Call"), true)({ decline: { offer_ids: [{ value: "a" }] } })).toBe(
      '{"decline":{"offer_ids":[{"value":"a"}]}}',
    );
  });

  it("counts an unknown enum number in a required field as set, like validate", () => {
    expect(compileJsonEncoder(msg("TaskStatus"), true)({ task_id: { value: "t" }, state: 99 })).toBe(
      '{"task_id":{"value":"t"}}',
    );
  });
});

describe("bad values", () => {
  it.each([
    ["Scalars", "s", { s: 5 }, "expected a string, got 5"],
    ["Scalars", "b", { b: "true" }, 'expected a boolean, got "true"'],
    ["Scalars", "d", { d: "1" }, 'expected a number, got "1"'],
    ["Scalars", "i32", { i32: 2 ** 31 }, "expected an int32 integer, got 2147483648"],
    ["Scalars", "i32", { i32: 1.5 }, "expected an int32 integer, got 1.5"],
    ["Scalars", "u32", { u32: -1 }, "expected a uint32 (integer 0 to 4294967295), got -1"],
    [
      "Scalars",
      "i64",
      { i64: 2n ** 63n },
      "expected an int64 (bigint, or safe integer number), got 9223372036854775808n",
    ],
    ["Scalars", "u64", { u64: -1n }, "expected a uint64 (bigint, or safe integer number), got -1n"],
    ["Scalars", "n64", { n64: 2 ** 53 }, "expected an int64 (bigint, or safe integer number), got 9007199254740992"],
    ["Scalars", "by", { by: "AQI=" }, 'expected a Uint8Array, got "AQI="'],
    ["Scalars", "kind", { kind: "NOPE" }, 'expected a value of enum t.Kind, got "NOPE"'],
    ["Call", "framework_id", { framework_id: "F" }, 'expected a t.Value message object, got "F"'],
    ["Decline", "offer_ids", { offer_ids: { value: "x" } }, "expected an array, got an object"],
    ["Decline", "offer_ids[1].value", { offer_ids: [{ value: "a" }, { value: 1 }] }, "expected a string, got 1"],
    ["Repeats", "kinds[1]", { kinds: ["SET", "NOPE"] }, 'expected a value of enum t.Kind, got "NOPE"'],
    ["Maps", 'by_id["x"]', { by_id: { x: "a" } }, 'expected a int32 map key, got "x"'],
    ["Maps", 'weights["a"]', { weights: { a: "x" } }, 'expected a number, got "x"'],
    ["Maps", "weights", { weights: [1] }, "expected an object (map), got an array"],
  ])("%s at %s", (type, path, message, detail) => {
    const error = errorOf(() => encode(type, message as object));
    expect(error.code).toBe("ERR_CODEC_VALUE");
    expect(error.path).toBe(path);
    expect(error.detail).toBe(detail);
  });

  it("accepts bigint for number-mode fields and safe numbers for bigint fields when in range", () => {
    expect(encode("Scalars", { i64: 5, n64: 7n, i32: 3n })).toBe('{"i32":3,"i64":5,"n64":7}');
  });
});

describe("runaway nesting", () => {
  it("reports a message that contains itself", () => {
    const tree: Record<string, unknown> = { label: "loop" };
    tree.child = tree;
    const error = errorOf(() => encode("Tree", tree));
    expect(error.code).toBe("ERR_CODEC_VALUE");
  });
});
