// Hand-written cases checked against protoc: protoc's bytes decode to the
// expected objects, and encoding those objects gives protoc's bytes back.
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import { objectFrom } from "./fixtures/binary/arbitrary.js";
import { protocDecode, protocEncode } from "./fixtures/binary/protoc.js";
import { proto2, proto3 } from "./fixtures/binary/schemas.js";

function schemaOf(type: string) {
  return type.startsWith("binarytest3.") ? proto3.message(type) : proto2.message(type);
}

/** protoc encodes `text`; we decode it to `expected` and encode `expected` back to the same bytes. */
function agree(type: string, text: string, expected: object): Uint8Array {
  const schema = schemaOf(type);
  const theirs = protocEncode(type, text);
  expect(compileBinaryDecoder(schema, true)(theirs)).toEqual(expected);
  const ours = compileBinaryEncoder(schema)(expected);
  expect(hex(ours)).toBe(hex(theirs));
  return ours;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("scalars (proto2)", () => {
  test("every scalar type, with extreme values", () => {
    agree(
      "binarytest.Scalars",
      `f_double: -1.5e300 f_float: 3.25 f_int32: -2147483648 f_int64: -9223372036854775808
       f_uint32: 4294967295 f_uint64: 18446744073709551615 f_sint32: -2147483648 f_sint64: 9223372036854775807
       f_fixed32: 4294967295 f_fixed64: 18446744073709551615 f_sfixed32: -1 f_sfixed64: -9223372036854775808
       f_bool: true f_string: "h\\303\\251llo \\360\\237\\230\\200" f_bytes: "\\000\\377\\001" f_enum: BIG`,
      {
        f_double: -1.5e300,
        f_float: 3.25,
        f_int32: -2147483648,
        f_int64: -9223372036854775808n,
        f_uint32: 4294967295,
        f_uint64: 18446744073709551615n,
        f_sint32: -2147483648,
        f_sint64: 9223372036854775807n,
        f_fixed32: 4294967295,
        f_fixed64: 18446744073709551615n,
        f_sfixed32: -1,
        f_sfixed64: -9223372036854775808n,
        f_bool: true,
        f_string: "héllo 😀",
        f_bytes: Uint8Array.from([0, 255, 1]),
        f_enum: "BIG",
      },
    );
  });

  test("zero values and values equal to the default are written in proto2", () => {
    const bytes = agree(
      "binarytest.Scalars",
      'f_double: 0 f_int32: 0 f_bool: false f_string: "" f_bytes: "" f_enum: COLOR_FIRST with_default: 42 str_default: "hi" enum_default: GREEN',
      {
        f_double: 0,
        f_int32: 0,
        f_bool: false,
        f_string: "",
        f_bytes: new Uint8Array(0),
        f_enum: "COLOR_FIRST",
        with_default: 42,
        str_default: "hi",
        enum_default: "GREEN",
      },
    );
    expect(bytes.length).toBeGreaterThan(20);
  });

  test("negative int32 and enum values take ten bytes", () => {
    const encode = compileBinaryEncoder(proto2.message("binarytest.Scalars"));
    expect(hex(encode({ f_int32: -1 }))).toBe("18ffffffffffffffffff01");
    expect(hex(encode({ f_enum: "NEGATIVE" }))).toBe("8001fdffffffffffffffff01");
    agree("binarytest.Scalars", "f_int32: -1 f_enum: NEGATIVE", { f_int32: -1, f_enum: "NEGATIVE" });
  });

  test("an enum alias is written as its number and read back as the first name", () => {
    const schema = proto2.message("binarytest.Scalars");
    const bytes = compileBinaryEncoder(schema)({ f_enum: "CRIMSON" });
    expect(protocDecode("binarytest.Scalars", bytes)).toBe("f_enum: RED\n");
    expect(compileBinaryDecoder(schema, false)(bytes)).toEqual({ f_enum: "RED" });
  });

  test("special floating-point values", () => {
    agree("binarytest.Scalars", "f_double: inf f_float: -inf", { f_double: Infinity, f_float: -Infinity });
    agree("binarytest.Scalars", "f_double: nan f_float: nan", { f_double: NaN, f_float: NaN });
    agree("binarytest.Scalars", "f_double: -0 f_float: -0", { f_double: -0, f_float: -0 });
    agree("binarytest.Scalars", "f_float: 1e-45", { f_float: Math.fround(1e-45) });
  });

  test("strings are UTF-8; lone surrogates become U+FFFD like TextEncoder", () => {
    const encode = compileBinaryEncoder(proto2.message("binarytest.Scalars"));
    for (const s of ["\ud800", "a\udc00b", "x\ud83d", "\ud83d\ude00\ud800", "é".repeat(50), "\ud800".repeat(300)]) {
      const bytes = encode({ f_string: s });
      const text = new TextEncoder().encode(s);
      expect(hex(bytes.subarray(bytes.length - text.length))).toBe(hex(text));
    }
    agree("binarytest.Scalars", 'f_string: "\\357\\277\\275"', { f_string: "\ufffd" });
  });

  test("long strings get multi-byte length prefixes", () => {
    for (const length of [42, 43, 127, 128, 255, 256, 16383, 16384, 70000]) {
      const s = "x".repeat(length - 1) + "é";
      agree("binarytest.Scalars", `f_string: "${"x".repeat(length - 1)}\\303\\251"`, { f_string: s });
    }
  });
});

describe("repeated fields", () => {
  const text = `r_double: 1.5 r_double: -2 r_float: 0.5 r_int32: -1 r_int32: 7 r_int64: -5 r_uint32: 300 r_uint64: 1
    r_sint32: -3 r_sint64: -4 r_fixed32: 5 r_fixed64: 6 r_sfixed32: -7 r_sfixed64: -8 r_bool: true r_bool: false
    r_string: "a" r_string: "" r_bytes: "\\001" r_enum: RED r_enum: NEGATIVE
    p_double: 1.5 p_double: 2 p_float: 0.25 p_int32: -1 p_int32: 300 p_int64: -9 p_uint32: 1 p_uint64: 18446744073709551615
    p_sint32: -64 p_sint64: 64 p_fixed32: 1 p_fixed64: 2 p_sfixed32: -3 p_sfixed64: -4 p_bool: true p_bool: false
    p_enum: GREEN p_enum: NEGATIVE`;
  const expected = {
    r_double: [1.5, -2],
    r_float: [0.5],
    r_int32: [-1, 7],
    r_int64: [-5n],
    r_uint32: [300],
    r_uint64: [1n],
    r_sint32: [-3],
    r_sint64: [-4n],
    r_fixed32: [5],
    r_fixed64: [6n],
    r_sfixed32: [-7],
    r_sfixed64: [-8n],
    r_bool: [true, false],
    r_string: ["a", ""],
    r_bytes: [Uint8Array.from([1])],
    r_enum: ["RED", "NEGATIVE"],
    p_double: [1.5, 2],
    p_float: [0.25],
    p_int32: [-1, 300],
    p_int64: [-9n],
    p_uint32: [1],
    p_uint64: [18446744073709551615n],
    p_sint32: [-64],
    p_sint64: [64n],
    p_fixed32: [1],
    p_fixed64: [2n],
    p_sfixed32: [-3],
    p_sfixed64: [-4n],
    p_bool: [true, false],
    p_enum: ["GREEN", "NEGATIVE"],
  };

  test("unpacked and packed encodings match protoc", () => {
    agree("binarytest.Repeated", text, expected);
  });

  test("a long packed varint array gets a multi-byte length", () => {
    const values = Array.from({ length: 300 }, (_, i) => i * 1000 - 150000);
    agree("binarytest.Repeated", values.map((v) => `p_int32: ${v}`).join(" "), { p_int32: values });
  });

  test("empty arrays write nothing", () => {
    const encode = compileBinaryEncoder(proto2.message("binarytest.Repeated"));
    expect(encode({ r_int32: [], p_int32: [], p_double: [], r_string: [] })).toEqual(new Uint8Array(0));
  });
});

describe("maps", () => {
  test("every key kind, with message, enum, bytes and scalar values", () => {
    agree(
      "binarytest.Maps",
      `ss { key: "k" value: "v" } i32 { key: -5 value: -6 } i64 { key: -9223372036854775808 value: "min" }
       u32 { key: 4294967295 value: NEGATIVE } u64 { key: 18446744073709551615 value { value: 1 } }
       s32 { key: -1 value: "\\001" } s64 { key: -2 value: 2.5 } f32 { key: 3 value: 0.5 } f64 { key: 4 value: true }
       sf32 { key: -5 value: 6 } sf64 { key: -7 value: -8 } bools { key: true value: "yes" } nodes { key: "n" value { label: "x" } }`,
      {
        ss: { k: "v" },
        i32: { "-5": -6n },
        i64: { "-9223372036854775808": "min" },
        u32: { "4294967295": "NEGATIVE" },
        u64: { "18446744073709551615": { value: 1 } },
        s32: { "-1": Uint8Array.from([1]) },
        s64: { "-2": 2.5 },
        f32: { "3": 0.5 },
        f64: { "4": true },
        sf32: { "-5": 6 },
        sf64: { "-7": -8n },
        bools: { true: "yes" },
        nodes: { n: { label: "x" } },
      },
    );
  });

  test("default keys and values are written too, and entries keep the object's key order", () => {
    agree(
      "binarytest.Maps",
      `ss { key: "" value: "" } ss { key: "b" value: "2" } ss { key: "a" value: "1" } i32 { key: 0 value: 0 }
       u32 { key: 1 value: COLOR_FIRST } nodes { key: "" value {} } bools { key: false value: "" }`,
      {
        ss: { "": "", b: "2", a: "1" },
        i32: { "0": 0n },
        u32: { "1": "COLOR_FIRST" },
        nodes: { "": {} },
        bools: { false: "" },
      },
    );
  });

  test("a __proto__ key is an ordinary own key", () => {
    const decoded = compileBinaryDecoder(
      proto2.message("binarytest.Maps"),
      false,
    )(protocEncode("binarytest.Maps", 'ss { key: "__proto__" value: "x" }'));
    expect(Object.getPrototypeOf(decoded["ss"])).toBe(Object.prototype);
    expect(Object.keys(decoded["ss"] as object)).toEqual(["__proto__"]);
    agree("binarytest.Maps", 'ss { key: "__proto__" value: "x" }', { ss: objectFrom([["__proto__", "x"]]) });
  });
});

describe("messages", () => {
  test("oneof members, nested and recursive messages", () => {
    agree("binarytest.Choice", 'name: "n" after: "a"', { name: "n", after: "a" });
    agree("binarytest.Choice", "node { next { next { value: 3 } } kids { value: 1 } kids {} }", {
      node: { next: { next: { value: 3 } }, kids: [{ value: 1 }, {}] },
    });
    agree("binarytest.Choice", "color: NEGATIVE", { color: "NEGATIVE" });
  });

  test("field numbers whose tags take one to five bytes", () => {
    agree("binarytest.HighNumbers", 'f15: 1 f16: 2 f2047: "a" f2048: "b" f262143: 3 f_max: -4', {
      f15: 1,
      f16: 2,
      f2047: "a",
      f2048: "b",
      f262143: 3,
      f_max: -4,
    });
  });

  test("fields named like Object.prototype members are own properties", () => {
    const expected = objectFrom([
      ["__proto__", 5],
      ["constructor", "c"],
      ["toString", "t"],
      ["hasOwnProperty", "h"],
    ]);
    agree("binarytest.Names", '__proto__: 5 constructor: "c" toString: "t" hasOwnProperty: "h"', expected);
    const decoded = compileBinaryDecoder(
      proto2.message("binarytest.Names"),
      false,
    )(protocEncode("binarytest.Names", "__proto__: 5"));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
    // Inherited members are not mistaken for fields when encoding.
    expect(compileBinaryEncoder(proto2.message("binarytest.Names"))({})).toEqual(new Uint8Array(0));
  });
});

describe("proto3", () => {
  test("implicit-presence zero values are not written; explicit optional ones are", () => {
    const encode = compileBinaryEncoder(proto3.message("binarytest3.Implicit"));
    const zeros = {
      f_double: 0,
      f_float: 0,
      f_int32: 0,
      f_int64: 0n,
      f_uint32: 0,
      f_uint64: 0n,
      f_sint32: 0,
      f_sint64: 0n,
      f_fixed32: 0,
      f_fixed64: 0n,
      f_sfixed32: 0,
      f_sfixed64: 0n,
      f_bool: false,
      f_string: "",
      f_bytes: new Uint8Array(0),
      f_mode: "MODE_ZERO",
    };
    expect(encode(zeros)).toEqual(new Uint8Array(0));
    expect(encode({ f_int64: 0 })).toEqual(new Uint8Array(0));
    agree("binarytest3.Implicit", 'opt_int32: 0 opt_mode: MODE_ZERO opt_string: "" sub {}', {
      opt_int32: 0,
      opt_mode: "MODE_ZERO",
      opt_string: "",
      sub: {},
    });
    // protoc writes -0.0 (its bit pattern is not zero).
    agree("binarytest3.Implicit", "f_double: -0 f_float: -0", { f_double: -0, f_float: -0 });
  });

  test("repeated scalars are packed by default, open enums keep unknown numbers", () => {
    agree(
      "binarytest3.Implicit",
      `f_mode: MODE_NEG r_int32: 1 r_int32: -2 r_mode: MODE_ONE r_mode: 7 r_double: 0.5 r_string: "x"
       unpacked_int32: 3 unpacked_int32: 4 mode_map { key: "a" value: 9 } sub_map { key: -1 value { id: 2 } }
       c_big: 18446744073709551615`,
      {
        f_mode: "MODE_NEG",
        r_int32: [1, -2],
        r_mode: ["MODE_ONE", 7],
        r_double: [0.5],
        r_string: ["x"],
        unpacked_int32: [3, 4],
        mode_map: { a: 9 },
        sub_map: { "-1": { id: 2 } },
        c_big: 18446744073709551615n,
      },
    );
    agree("binarytest3.Implicit", "f_mode: 12", { f_mode: 12 });
  });
});
