// 64-bit integers: exact as bigint; as number only while they are safe integers,
// with an error (never silent rounding) beyond, on decode and on encode.
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import { CodecError } from "../codec/errors.js";
import { protocDecode, protocEncode } from "./fixtures/binary/protoc.js";
import { proto2, proto2Number } from "./fixtures/binary/schemas.js";

const TYPES = ["int64", "uint64", "sint64", "fixed64", "sfixed64"] as const;
const SIGNED = new Set(["int64", "sint64", "sfixed64"]);
const MAX = Number.MAX_SAFE_INTEGER;

const numberScalars = proto2Number.message("binarytest.Scalars");
const decodeNumber = compileBinaryDecoder(numberScalars, false);
const encodeNumber = compileBinaryEncoder(numberScalars);
const encodeBig = compileBinaryEncoder(proto2.message("binarytest.Scalars"));
const decodeBig = compileBinaryDecoder(proto2.message("binarytest.Scalars"), false);

function valueFailure(run: () => unknown): CodecError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).code).toBe("ERR_CODEC_VALUE");
    return err as CodecError;
  }
  throw new Error("expected a CodecError");
}

describe.each(TYPES)("%s", (type) => {
  const field = `f_${type}`;
  const signed = SIGNED.has(type);

  test("as number: safe integers decode exactly, the next one throws with advice", () => {
    const edge = protocEncode("binarytest.Scalars", `${field}: ${MAX}`);
    expect(decodeNumber(edge)).toEqual({ [field]: MAX });
    const beyond = protocEncode("binarytest.Scalars", `${field}: ${MAX + 1}`);
    const err = valueFailure(() => decodeNumber(beyond));
    expect(err.path).toBe(field);
    expect(err.detail).toContain("9007199254740992");
    expect(err.detail).toContain("--int64 bigint");
    if (signed) {
      expect(decodeNumber(protocEncode("binarytest.Scalars", `${field}: ${-MAX}`))).toEqual({ [field]: -MAX });
      const low = valueFailure(() => decodeNumber(protocEncode("binarytest.Scalars", `${field}: -9007199254740992`)));
      expect(low.detail).toContain("-9007199254740992");
      expect(decodeBig(protocEncode("binarytest.Scalars", `${field}: -1`))).toEqual({ [field]: -1n });
    } else {
      // All 64 bits set: unsigned types read a non-negative value.
      expect(decodeBig(protocEncode("binarytest.Scalars", `${field}: 18446744073709551615`))).toEqual({
        [field]: 18446744073709551615n,
      });
    }
  });

  test("as number: encoding refuses numbers that are not safe integers", () => {
    for (const bad of [MAX + 1, -(MAX + 1), 1e300, 0.5, NaN, Infinity]) {
      const err = valueFailure(() => encodeNumber({ [field]: bad }));
      expect(err.path).toBe(field);
    }
    expect(valueFailure(() => encodeNumber({ [field]: "1" })).detail).toBe(
      'expected a 64-bit integer (bigint or number), got "1"',
    );
    expect(valueFailure(() => encodeNumber({ [field]: 2 ** 60 })).detail).toContain("--int64 bigint");
  });

  test("bigint and number inputs give protoc's bytes across the range", () => {
    const values = signed
      ? [0n, 1n, -1n, 127n, -128n, 2n ** 31n, -(2n ** 31n), 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]
      : [0n, 1n, 127n, 128n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n];
    for (const value of values) {
      const theirs = protocEncode("binarytest.Scalars", `${field}: ${value}`);
      expect(Buffer.from(encodeBig({ [field]: value })).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
      expect(decodeBig(theirs)).toEqual({ [field]: value });
      if (value >= -BigInt(MAX) && value <= BigInt(MAX)) {
        expect(encodeNumber({ [field]: Number(value) })).toEqual(theirs);
        expect(decodeNumber(theirs)).toEqual({ [field]: Number(value) });
      }
    }
  });

  test("bigints out of the type's range are refused", () => {
    const outside = signed ? [2n ** 63n, -(2n ** 63n) - 1n] : [-1n, 2n ** 64n];
    for (const value of outside) {
      expect(valueFailure(() => encodeBig({ [field]: value })).detail).toContain("out of range");
    }
    if (!signed) expect(valueFailure(() => encodeBig({ [field]: -1 })).detail).toContain("cannot hold -1");
  });
});

describe("64-bit values in containers", () => {
  test("repeated and map values in number mode report their path", () => {
    const repeated = compileBinaryDecoder(proto2Number.message("binarytest.Everything"), false);
    const bytes = protocEncode("binarytest.Everything", "repeated { p_uint64: 1 p_uint64: 18446744073709551615 }");
    expect(valueFailure(() => repeated(bytes)).path).toBe("repeated.p_uint64[1]");
    const map = protocEncode("binarytest.Everything", "maps { i32 { key: 4 value: -9007199254740993 } }");
    expect(valueFailure(() => repeated(map)).path).toBe('maps.i32["4"]');
    const encode = compileBinaryEncoder(proto2Number.message("binarytest.Everything"));
    expect(valueFailure(() => encode({ maps: { sf64: { "1": 2 ** 55 } } })).path).toBe('maps.sf64["1"]');
  });

  test("64-bit map keys are exact text whatever the value representation", () => {
    const maps = proto2Number.message("binarytest.Maps");
    const text = 'i64 { key: -9223372036854775808 value: "a" } u64 { key: 18446744073709551615 value {} }';
    const decoded = compileBinaryDecoder(maps, false)(protocEncode("binarytest.Maps", text));
    expect(decoded).toEqual({ i64: { "-9223372036854775808": "a" }, u64: { "18446744073709551615": {} } });
    expect(protocDecode("binarytest.Maps", compileBinaryEncoder(maps)(decoded))).toBe(
      protocDecode("binarytest.Maps", protocEncode("binarytest.Maps", text)),
    );
  });
});
