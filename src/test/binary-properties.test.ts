// Property tests over random messages of the test schemas: our own round trip,
// and protoc as the oracle (batched: many messages in one protoc call, wrapped
// in the repeated field of a Batch message).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileBinaryDecoder, compileBinaryEncoder } from "../codec/binary/index.js";
import type { MessageSchema } from "../codec/schema.js";
import { messageArbitrary } from "./fixtures/binary/arbitrary.js";
import { protocDecode, protocDecodeRaw, protocEncode, protocReencode } from "./fixtures/binary/protoc.js";
import { proto2, proto2Number, proto3 } from "./fixtures/binary/schemas.js";

const SEED = 20261125;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function roundTrip(schema: MessageSchema, runs: number): void {
  const encode = compileBinaryEncoder(schema);
  const decode = compileBinaryDecoder(schema, true);
  fc.assert(
    fc.property(messageArbitrary(schema), (message) => {
      const bytes = encode(message);
      expect(decode(bytes)).toEqual(message);
      // Encoding is deterministic: the decoded copy gives the same bytes.
      expect(hex(encode(decode(bytes)))).toBe(hex(bytes));
    }),
    { numRuns: runs, seed: SEED },
  );
}

describe("decode(encode(m)) equals m", () => {
  test("proto2 messages of every kind (bigint)", () => roundTrip(proto2.message("binarytest.Everything"), 300));
  test("proto2 messages with 64-bit integers as number", () =>
    roundTrip(proto2Number.message("binarytest.Everything"), 200));
  test("proto3 messages", () => roundTrip(proto3.message("binarytest3.Implicit"), 300));
  test("deeply recursive messages", () => {
    const schema = proto2.message("binarytest.Node");
    const encode = compileBinaryEncoder(schema);
    const decode = compileBinaryDecoder(schema, false);
    fc.assert(
      fc.property(messageArbitrary(schema, { maxDepth: 6, maxItems: 2 }), (message) => {
        expect(decode(encode(message))).toEqual(message);
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

/**
 * Encodes a batch of random messages with our encoder, has protoc decode and
 * re-encode them, and checks protoc's bytes are ours and decode to the messages.
 */
function agreeWithProtoc(batchType: string, itemType: string, count: number, maxMapEntries: number): void {
  const file = batchType.startsWith("binarytest3.") ? proto3 : proto2;
  const batchSchema = file.message(batchType);
  const items = fc.sample(messageArbitrary(file.message(itemType), { maxMapEntries }), { numRuns: count, seed: SEED });
  const ours = compileBinaryEncoder(batchSchema)({ items });
  const theirs = protocReencode(batchType, ours);
  const decoded = compileBinaryDecoder(batchSchema, true)(theirs)["items"] as unknown[];
  for (let i = 0; i < items.length; i++) expect(decoded[i]).toEqual(items[i]);
  if (maxMapEntries <= 1) {
    // protoc prints map entries sorted by key, so bytes only match when no map has two entries.
    if (hex(ours) !== hex(theirs)) {
      const encodeItem = compileBinaryEncoder(file.message(itemType));
      const bad = items.find((item) => {
        const one = encodeItem(item);
        return hex(protocReencode(itemType, one)) !== hex(one);
      });
      expect.fail(
        `protoc re-encodes differently: ${JSON.stringify(bad, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`,
      );
    }
  }
}

describe("protoc agrees", () => {
  test("proto2: protoc re-encodes our bytes identically", () => {
    agreeWithProtoc("binarytest.Batch", "binarytest.Everything", 300, 1);
  });
  test("proto2: maps with several entries decode the same after protoc", () => {
    agreeWithProtoc("binarytest.Batch", "binarytest.Everything", 150, 4);
  });
  test("proto3: protoc re-encodes our bytes identically", () => {
    agreeWithProtoc("binarytest3.Batch3", "binarytest3.Implicit", 300, 1);
  });

  test("our bytes decode_raw the same as protoc's", () => {
    const schema = proto2.message("binarytest.Batch");
    const text =
      'items { scalars { f_int32: -1 f_string: "x" f_enum: NEGATIVE } repeated { p_sint64: -1 r_bool: true } }';
    const theirs = protocEncode("binarytest.Batch", text);
    const ours = compileBinaryEncoder(schema)(compileBinaryDecoder(schema, false)(theirs));
    expect(protocDecodeRaw(ours)).toBe(protocDecodeRaw(theirs));
    expect(protocDecode("binarytest.Batch", ours)).toBe(protocDecode("binarytest.Batch", theirs));
  });
});
