// Decoding semantics protobuf defines beyond the happy path: merging, last one
// wins, both packed forms, closed enums, unknown fields, map defaults; plus
// the encoder's value errors. protoc is the oracle where it can be.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import { CodecError } from "../codec/errors.js";
import { getUnknownFields } from "../codec/unknown-fields.js";
import { protocDecode, protocEncode, protocReencode } from "./fixtures/binary/protoc.js";
import { proto2, proto3 } from "./fixtures/binary/schemas.js";

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

function lengthPrefix(length: number): number[] {
  return length < 128 ? [length] : [(length & 127) | 128, length >> 7];
}

function fromHex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));
}

/** protoc and we read `input` to the same message, and we write what protoc writes. */
function sameAsProtoc(type: string, input: Uint8Array): Record<string, unknown> {
  const schema = type.startsWith("binarytest3.") ? proto3.message(type) : proto2.message(type);
  const decode = compileBinaryDecoder(schema, false);
  const theirs = protocReencode(type, input);
  const ours = decode(input);
  expect(ours).toEqual(decode(theirs));
  expect(hex(compileBinaryEncoder(schema)(ours))).toBe(hex(theirs));
  return ours;
}

describe("merging and last one wins", () => {
  test("a singular message seen twice is merged; scalars overwrite, arrays concatenate", () => {
    const first = protocEncode(
      "binarytest.Everything",
      'scalars { f_int32: 1 f_string: "a" } node { value: 1 next { value: 2 } kids { value: 3 } }',
    );
    const second = protocEncode(
      "binarytest.Everything",
      'scalars { f_int32: 2 f_bool: true } node { next { label: "x" } kids { value: 4 } }',
    );
    const merged = sameAsProtoc("binarytest.Everything", concat(first, second));
    expect(merged).toEqual({
      scalars: { f_int32: 2, f_string: "a", f_bool: true },
      node: { value: 1, next: { value: 2, label: "x" }, kids: [{ value: 3 }, { value: 4 }] },
    });
  });

  test("the last member of a oneof wins; the same message member merges", () => {
    const name = protocEncode("binarytest.Choice", 'name: "n"');
    const number = protocEncode("binarytest.Choice", "number: 5");
    const node1 = protocEncode("binarytest.Choice", "node { value: 1 }");
    const node2 = protocEncode("binarytest.Choice", 'node { label: "l" }');
    expect(sameAsProtoc("binarytest.Choice", concat(name, number))).toEqual({ number: 5 });
    expect(sameAsProtoc("binarytest.Choice", concat(node1, name))).toEqual({ name: "n" });
    expect(sameAsProtoc("binarytest.Choice", concat(node1, node2))).toEqual({ node: { value: 1, label: "l" } });
    expect(sameAsProtoc("binarytest.Choice", concat(number, node1, node2))).toEqual({
      node: { value: 1, label: "l" },
    });
  });

  test("packable fields accept both the packed and the unpacked form", () => {
    // r_int32 and r_sint64 packed; p_int32, p_double and p_enum unpacked.
    const input = fromHex(
      "1a0b01feffffffffffffffff01 420105 b80101 b801feffffffffffffffff01 a901000000000000e03f 900201",
    );
    expect(sameAsProtoc("binarytest.Repeated", input)).toEqual({
      r_int32: [1, -2],
      r_sint64: [-3n],
      p_int32: [1, -2],
      p_double: [0.5],
      p_enum: ["RED"],
    });
  });

  test("map entries without key or value take the defaults", () => {
    // ss: {value only}, {key only}; nodes: {key only}; u32: {key only}; bools: {}.
    const input = fromHex("0a03120176 0a030a016b 6a030a016e 2202082a 6200");
    const decoded = sameAsProtoc("binarytest.Maps", input);
    expect(decoded).toEqual({
      ss: { "": "v", k: "" },
      nodes: { n: {} },
      u32: { "42": "COLOR_FIRST" },
      bools: { false: "" },
    });
  });

  test("unknown fields inside a map entry are dropped", () => {
    // f64 entry { key: 7, value: true, 3: 1 } (protoc's dynamic messages keep the 3: 1, generated code does not).
    const maps = proto2.message("binarytest.Maps");
    const decoded = compileBinaryDecoder(maps, false)(fromHex("4a0d09070000000000000010011801"));
    expect(decoded).toEqual({ f64: { "7": true } });
    expect(getUnknownFields(decoded)).toBeUndefined();
    expect(hex(compileBinaryEncoder(maps)(decoded))).toBe("4a0b0907000000000000001001");
  });
});

describe("closed enums and unknown fields", () => {
  test("unknown closed-enum numbers go to the unknown fields, like protoc", () => {
    const schema = proto2.message("binarytest.Repeated");
    // r_enum: RED, 5, GREEN (unpacked); p_enum packed: RED, 5, -7, GREEN.
    const input = fromHex("8001 01 8001 05 8001 02 9202 0d 01 05 f9ffffffffffffffff01 02");
    const decoded = compileBinaryDecoder(schema, false)(input);
    expect(decoded).toEqual({ r_enum: ["RED", "GREEN"], p_enum: ["RED", "GREEN"] });
    expect(getUnknownFields(decoded)?.map(hex)).toEqual(["800105", "900205", "9002f9ffffffffffffffff01"]);
    const ours = compileBinaryEncoder(schema)(decoded);
    expect(protocDecode("binarytest.Repeated", ours)).toBe(protocDecode("binarytest.Repeated", input));
    expect(hex(ours)).toBe("8001018001029202020102" + "800105900205" + "9002f9ffffffffffffffff01");
  });

  test("a singular unknown closed-enum number and a map entry with one are kept whole", () => {
    const scalars = proto2.message("binarytest.Scalars");
    const input = fromHex("8001 07");
    const decoded = compileBinaryDecoder(scalars, false)(input);
    expect(decoded).toEqual({});
    expect(hex(compileBinaryEncoder(scalars)(decoded))).toBe("800107");

    const maps = proto2.message("binarytest.Maps");
    const entry = fromHex("2204 0801 1009 2204 0802 1002");
    const map = compileBinaryDecoder(maps, false)(entry);
    expect(map).toEqual({ u32: { "2": "GREEN" } });
    expect(getUnknownFields(map)?.map(hex)).toEqual(["220408011009"]);
    expect(protocDecode("binarytest.Maps", compileBinaryEncoder(maps)(map))).toBe(
      protocDecode("binarytest.Maps", entry),
    );
  });

  test("unknown fields of every wire type, groups included, round trip byte for byte", () => {
    const scalars = proto2.message("binarytest.Scalars");
    const known = protocEncode("binarytest.Scalars", 'f_int32: 5 f_string: "s"');
    const unknown = fromHex(
      // varint 101, fixed64 102, length 103, group 104 { varint 1, nested group 2 { fixed32 3 } }, fixed32 105,
      // and f_int32 (field 3) with a fixed32 wire type, which is unknown too.
      "a806 96 01  b106 0102030405060708  ba06 03 616263  c306 0801 13 1d04030201 14 c406  cd06 01020304  1d 01000000",
    );
    const input = concat(known, unknown);
    const decoded = compileBinaryDecoder(scalars, false)(input);
    expect(decoded).toEqual({ f_int32: 5, f_string: "s" });
    expect(getUnknownFields(decoded)).toHaveLength(6);
    expect(Object.keys(decoded)).toEqual(["f_int32", "f_string"]);
    expect(hex(compileBinaryEncoder(scalars)(decoded))).toBe(hex(input));
    // Known fields are written first, unknown ones after them, as protobuf does.
    const reordered = compileBinaryEncoder(scalars)(compileBinaryDecoder(scalars, false)(concat(unknown, known)));
    expect(hex(reordered)).toBe(hex(input));
  });

  test("unknown fields inside nested messages and repeated elements are kept", () => {
    const node = proto2.message("binarytest.Node");
    const input = fromHex("1a05 0801 a80607 1205 a80601 0808");
    const decoded = compileBinaryDecoder(node, false)(input);
    expect(decoded).toEqual({ kids: [{ value: 1 }], next: { value: 8 } });
    expect(hex(compileBinaryEncoder(node)(decoded))).toBe("1205 0808 a80601 1a05 0801 a80607".replace(/ /g, ""));
  });
});

describe("values", () => {
  test("bytes are copies, and Node Buffers (with an offset) decode like Uint8Arrays", () => {
    const scalars = proto2.message("binarytest.Scalars");
    const encoded = protocEncode("binarytest.Scalars", 'f_bytes: "\\001\\002\\003" f_string: "abc"');
    const pool = Buffer.alloc(encoded.length + 10);
    pool.set(encoded, 7);
    const input = pool.subarray(7, 7 + encoded.length);
    const decoded = compileBinaryDecoder(scalars, false)(input);
    const bytes = decoded["f_bytes"] as Uint8Array;
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.buffer).not.toBe(pool.buffer);
    pool.fill(0);
    expect([...bytes]).toEqual([1, 2, 3]);
    expect(decoded["f_string"]).toBe("abc");
  });

  test("any string bytes decode as TextDecoder does (malformed UTF-8 becomes U+FFFD)", () => {
    const decode = compileBinaryDecoder(proto2.message("binarytest.Scalars"), false);
    const textDecoder = new TextDecoder();
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xe0, 0xed, 0xf0, 0xf4));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 140 }), (raw) => {
        const bytes = Uint8Array.from(raw);
        const input = concat(Uint8Array.from([0x72, ...lengthPrefix(bytes.length)]), bytes);
        expect(decode(input)["f_string"]).toBe(textDecoder.decode(bytes));
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  test("compiled codecs are cached", () => {
    const schema = proto2.message("binarytest.Node");
    expect(compileBinaryDecoder(schema, true)).toBe(compileBinaryDecoder(schema, true));
    expect(compileBinaryDecoder(schema, true)).not.toBe(compileBinaryDecoder(schema, false));
    expect(compileBinaryEncoder(schema)).toBe(compileBinaryEncoder(schema));
  });

  test("null and undefined fields are absent when encoding", () => {
    const encode = compileBinaryEncoder(proto2.message("binarytest.Everything"));
    expect(encode({ scalars: null, node: undefined, maps: { ss: null } })).toEqual(fromHex("1a00"));
  });
});

describe("encoder value errors carry the path", () => {
  const encode = compileBinaryEncoder(proto2.message("binarytest.Everything"));

  function valueFailure(message: object): CodecError {
    try {
      encode(message);
    } catch (err) {
      expect(err).toBeInstanceOf(CodecError);
      expect((err as CodecError).code).toBe("ERR_CODEC_VALUE");
      return err as CodecError;
    }
    throw new Error("expected a CodecError");
  }

  test.each([
    [{ scalars: { f_enum: "PURPLE" } }, "scalars.f_enum", '"PURPLE" is not a value of enum binarytest.Color'],
    [{ scalars: { f_int32: 2 ** 31 } }, "scalars.f_int32", "expected an int32, got number 2147483648"],
    [{ scalars: { f_uint32: -1 } }, "scalars.f_uint32", "expected a uint32, got number -1"],
    [{ scalars: { f_int32: "7" } }, "scalars.f_int32", 'expected an int32, got "7"'],
    [{ scalars: { f_string: 5 } }, "scalars.f_string", "expected a string, got number 5"],
    [{ scalars: { f_bytes: "abc" } }, "scalars.f_bytes", 'expected a Uint8Array, got "abc"'],
    [{ repeated: { p_sint32: [1, 2, 1.5] } }, "repeated.p_sint32[2]", "expected an int32, got number 1.5"],
    [{ repeated: { r_fixed32: [1, -1] } }, "repeated.r_fixed32[1]", "expected a uint32, got number -1"],
    [{ maps: { i32: { x: 1 } } }, 'maps.i32["x"]', 'map key "x" is not a valid int32'],
    [{ maps: { u32: { "1": "NOPE" } } }, 'maps.u32["1"]', '"NOPE" is not a value of enum binarytest.Color'],
    [{ maps: { bools: { yes: "" } } }, 'maps.bools["yes"]', 'map key "yes" is not a valid bool'],
    [
      { node: { kids: [{}, { next: { value: 0.5 } }] } },
      "node.kids[1].next.value",
      "expected an int32, got number 0.5",
    ],
    [{ node: { kids: [{}, 5] } }, "node.kids[1]", "expected a binarytest.Node object, got number 5"],
  ])("%j", (message, path, detail) => {
    const err = valueFailure(message);
    expect(err.path).toBe(path);
    expect(err.detail).toBe(detail);
  });
});
