// Malformed input: every failure is a CodecError with code ERR_CODEC_BINARY and
// a clear detail, never another error type and never a hang.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import { CodecError } from "../codec/errors.js";
import type { MessageSchema } from "../codec/schema.js";
import { messageArbitrary } from "./fixtures/binary/arbitrary.js";
import { protocDecode, protocEncode } from "./fixtures/binary/protoc.js";
import { proto2, proto2Number, proto3 } from "./fixtures/binary/schemas.js";

const SEED = 7;
const scalars = proto2.message("binarytest.Scalars");
const decodeScalars = compileBinaryDecoder(scalars, false);

function binaryFailure(run: () => unknown): CodecError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).code).toBe("ERR_CODEC_BINARY");
    return err as CodecError;
  }
  throw new Error("expected a CodecError");
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

/** The bytes of `depth` messages nested through field `next` (field 2) of Node. */
function nested(depth: number): Uint8Array {
  let inner = new Uint8Array(0);
  for (let i = 0; i < depth; i++) {
    const len = inner.length;
    const prefix = len < 128 ? [0x12, len] : [0x12, (len & 127) | 128, len >> 7];
    inner = Uint8Array.from([...prefix, ...inner]);
  }
  return inner;
}

describe("specific malformed inputs", () => {
  test.each([
    ["field number 0", bytes(0x00, 0x01), "invalid field number 0"],
    ["wire type 6", bytes(0x26), "invalid wire type 6 for field 4"],
    ["wire type 7", bytes(0x27, 0x01), "invalid wire type 7 for field 4"],
    ["varint over 10 bytes", bytes(0x18, ...Array(10).fill(0xff), 0x01), "varint longer than 10 bytes"],
    ["64-bit varint over 10 bytes", bytes(0x20, ...Array(10).fill(0x80), 0x00), "varint longer than 10 bytes"],
    ["unknown varint over 10 bytes", bytes(0xa8, 0x06, ...Array(11).fill(0x80)), "varint longer than 10 bytes"],
    ["length past the end", bytes(0x72, 0x05, 0x61), "truncated input"],
    ["cut varint", bytes(0x18, 0x80), "truncated input"],
    ["cut double", bytes(0x09, 0x01, 0x02), "truncated input"],
    ["cut tag", bytes(0x80), "truncated input"],
    ["unknown length past the end", bytes(0xaa, 0x06, 0x03, 0x01), "truncated input"],
    ["tag over 5 bytes", bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), "invalid tag at offset 0"],
    ["length over 2^31", bytes(0x72, 0xff, 0xff, 0xff, 0xff, 0x0f), "invalid length at offset 1"],
    ["end group without start", bytes(0xac, 0x06), "unexpected end-group tag for field 101"],
    [
      "mismatched end group",
      bytes(0xab, 0x06, 0xb4, 0x06),
      "end-group tag for field 102 closes the group of field 101",
    ],
    ["unterminated group", bytes(0xab, 0x06, 0x08, 0x01), "truncated input"],
  ])("%s", (_, input, detail) => {
    const err = binaryFailure(() => decodeScalars(input));
    expect(err.detail).toBe(detail);
  });

  test("a length that overruns its enclosing message is caught in the nested message", () => {
    // Everything.scalars (3 bytes) holding f_string with a length of 5.
    const everything = compileBinaryDecoder(proto2.message("binarytest.Everything"), false);
    const err = binaryFailure(() => everything(bytes(0x0a, 0x03, 0x72, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65)));
    expect(err.message).toBe("scalars.f_string: truncated input");
  });

  test("errors in nested elements carry their path", () => {
    const node = compileBinaryDecoder(proto2.message("binarytest.Node"), false);
    // kids[0] ok, kids[1].next holds a varint over 10 bytes.
    const bad = bytes(0x1a, 0x00, 0x1a, 0x0e, 0x12, 0x0c, 0x08, ...Array(10).fill(0xff), 0x01);
    expect(binaryFailure(() => node(bad)).message).toBe("kids[1].next.value: varint longer than 10 bytes");
  });

  test("100 nested messages decode, 101 are refused like protoc does", () => {
    const node = compileBinaryDecoder(proto2.message("binarytest.Node"), false);
    expect(() => node(nested(100))).not.toThrow();
    expect(protocDecode("binarytest.Node", nested(100))).toContain("next {");
    expect(binaryFailure(() => node(nested(101))).detail).toBe("messages nested more than 100 deep");
  });

  test("groups nested beyond the limit are refused", () => {
    const open = Array.from({ length: 101 }, () => [0xab, 0x06]).flat();
    const close = Array.from({ length: 101 }, () => [0xac, 0x06]).flat();
    expect(binaryFailure(() => decodeScalars(bytes(...open, ...close))).detail).toBe(
      "messages nested more than 100 deep",
    );
    expect(() => decodeScalars(bytes(...open.slice(2), ...close.slice(2)))).not.toThrow();
  });
});

/** A valid encoding whose only top-level field is one big message, so any cut inside it is an error. */
function wrappedSample(): Uint8Array {
  const text = `items {
    scalars { f_double: 1.5 f_float: 2 f_int32: -1 f_int64: -2 f_uint64: 300 f_sint64: -70000 f_fixed32: 4 f_fixed64: 5
              f_sfixed64: -6 f_bool: true f_string: "héllo wörld, a longer string" f_bytes: "\\001\\002" f_enum: NEGATIVE }
    repeated { r_int32: 1 r_int32: -1 p_int32: 5 p_int32: 300 p_double: 1 p_sint64: -1 r_string: "a" p_enum: GREEN r_bytes: "" }
    maps { ss { key: "k" value: "v" } u64 { key: 1 value { value: 2 } } bools { key: true value: "t" } s64 { key: -1 value: 0.5 } }
    choice { node { next { value: 1 label: "in" } kids {} } after: "z" }
    high { f16: 1 f2048: "x" f_max: 7 }
    names { __proto__: 1 constructor: "c" }
  }`;
  return protocEncode("binarytest.Batch", text);
}

describe("truncation", () => {
  test("a cut at every byte offset of a valid message throws ERR_CODEC_BINARY", () => {
    const full = wrappedSample();
    for (const check of [false, true]) {
      const decode = compileBinaryDecoder(proto2.message("binarytest.Batch"), check);
      expect(() => decode(full)).not.toThrow();
      for (let cut = 1; cut < full.length; cut++) {
        binaryFailure(() => decode(full.slice(0, cut)));
      }
    }
  });

  test("the same holds for random messages", () => {
    const batch = proto3.message("binarytest3.Batch3");
    const decode = compileBinaryDecoder(batch, false);
    const encode = compileBinaryEncoder(batch);
    fc.assert(
      fc.property(messageArbitrary(proto3.message("binarytest3.Implicit")), (item) => {
        const full = encode({ items: [item] });
        for (let cut = 1; cut < full.length; cut++) binaryFailure(() => decode(full.subarray(0, cut)));
      }),
      { numRuns: 30, seed: SEED },
    );
  });
});

function onlyCodecErrors(schema: MessageSchema, input: Uint8Array): void {
  for (const check of [false, true]) {
    try {
      compileBinaryDecoder(schema, check)(input);
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
    }
  }
}

describe("garbage", () => {
  const schemas = [
    proto2.message("binarytest.Everything"),
    proto2Number.message("binarytest.Everything"),
    proto2.message("binarytest.Required"),
    proto3.message("binarytest3.Implicit"),
  ];

  test("random bytes never throw anything but CodecError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.uint8Array({ maxLength: 200 }), (schema, input) => {
        onlyCodecErrors(schema, input);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  test("valid messages with random bytes changed never throw anything but CodecError", () => {
    const valid = wrappedSample();
    const batch = proto2.message("binarytest.Batch");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (changes) => {
          const input = valid.slice();
          for (const [at, value] of changes) input[at] = value;
          onlyCodecErrors(batch, input);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });
});
