// Required fields: checked after decoding when asked, with the full path of the
// first missing field; never checked by the encoder.
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import { CodecError } from "../codec/errors.js";
import { findMissingRequired } from "../codec/validate.js";
import { protocEncode } from "./fixtures/binary/protoc.js";
import { proto2 } from "./fixtures/binary/schemas.js";

const schema = proto2.message("binarytest.Required");
const checked = compileBinaryDecoder(schema, true);
const unchecked = compileBinaryDecoder(schema, false);
const encode = compileBinaryEncoder(schema);

/** Bytes of a Required message, written by our encoder (which does not check required fields). */
function bytesOf(message: object): Uint8Array {
  return encode(message);
}

function missing(message: object): CodecError {
  try {
    checked(bytesOf(message));
  } catch (err) {
    expect(err).toBeInstanceOf(CodecError);
    expect((err as CodecError).code).toBe("ERR_CODEC_REQUIRED_FIELD");
    expect((err as CodecError).detail).toBe("required field missing");
    return err as CodecError;
  }
  throw new Error("expected a missing required field");
}

const ok = { name: "n", count: 1 };

describe("required fields", () => {
  test.each([
    [{}, "name"],
    [{ name: "n" }, "count"],
    [{ count: 1 }, "name"],
    [{ ...ok, child: { name: "c" } }, "child.count"],
    [{ ...ok, child: { ...ok, child: { count: 2 } } }, "child.child.name"],
    [{ ...ok, children: [ok, ok, { name: "x" }] }, "children[2].count"],
    [{ ...ok, by_name: { a: ok, 'b"c': { count: 1 } } }, 'by_name["b\\"c"].name'],
    [
      { ...ok, children: [{ ...ok, by_name: { k: { ...ok, children: [ok, { ...ok, child: { name: "z" } }] } } }] },
      'children[0].by_name["k"].children[1].child.count',
    ],
    // Declaration order: child (field 2) comes before count (field 5).
    [{ name: "n", child: { count: 1 } }, "child.name"],
  ])("%j is missing %s", (message, path) => {
    const err = missing(message);
    expect(err.path).toBe(path);
    expect(err.message).toBe(`${path}: required field missing`);
    expect(findMissingRequired(schema, unchecked(bytesOf(message)))[0]).toBe(path);
  });

  test("without checking, messages with missing fields decode", () => {
    expect(unchecked(bytesOf({ child: { children: [{}] } }))).toEqual({ child: { children: [{}] } });
  });

  test("complete messages pass, including protoc's bytes", () => {
    const text =
      'name: "a" count: 1 child { name: "b" count: 2 } children { name: "c" count: 3 } by_name { key: "k" value { name: "d" count: 4 } }';
    expect(checked(protocEncode("binarytest.Required", text))).toEqual({
      name: "a",
      count: 1,
      child: { name: "b", count: 2 },
      children: [{ name: "c", count: 3 }],
      by_name: { k: { name: "d", count: 4 } },
    });
  });

  test("a singular sub-message split in two pieces is checked once merged", () => {
    const first = bytesOf({ name: "n", child: { name: "c" } });
    const second = bytesOf({ count: 1, child: { count: 2, child: { name: "x" } } });
    const third = bytesOf({ child: { child: { count: 3 } } });
    const whole = Uint8Array.from([...first, ...second, ...third]);
    expect(checked(whole)).toEqual({
      name: "n",
      count: 1,
      child: { name: "c", count: 2, child: { name: "x", count: 3 } },
    });
    expect(() => checked(Uint8Array.from([...first, ...second]))).toThrow("child.child.count: required field missing");
  });

  test("a map value without a value is an empty message, so its required fields are missing", () => {
    // by_name entry { key: "k" } with no value.
    expect(() => checked(Uint8Array.from([0x0a, 0x01, 0x6e, 0x28, 0x01, 0x22, 0x03, 0x0a, 0x01, 0x6b]))).toThrow(
      'by_name["k"].name: required field missing',
    );
  });
});
