import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRecordIO, encodeRecord, RecordIODecoder, RecordIOError } from "@create-mesos-framework/runtime/recordio";
import { FIXTURES } from "../../test/helpers/shared.js";

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Splits `data` at the given cut points (sorted, deduplicated) into chunks. */
function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, data.length]) {
    chunks.push(data.subarray(last, p));
    last = p;
  }
  return chunks;
}

async function collect(chunks: Iterable<Uint8Array>, maxRecordSize?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const r of decodeRecordIO(chunks, { maxRecordSize })) out.push(text(r));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

async function rejection(chunks: Uint8Array[], maxRecordSize?: number): Promise<RecordIOError> {
  try {
    await collect(chunks, maxRecordSize);
  } catch (e) {
    expect(e).toBeInstanceOf(RecordIOError);
    return e as RecordIOError;
  }
  throw new Error("no error");
}

const streams = readdirSync(FIXTURES).filter((f) => f.endsWith(".recordio"));

describe("RecordIO decoding", () => {
  it("reads the Mesos example: a HEARTBEAT record (C023)", async () => {
    expect(await collect([utf8.encode('20\n{"type":"HEARTBEAT"}')])).toEqual(['{"type":"HEARTBEAT"}']);
  });

  it("counts bytes, not characters (C027)", async () => {
    const record = '{"message":"é"}';
    const framed = encodeRecord(record);
    expect(text(framed.subarray(0, 3))).toBe("16\n");
    expect(await collect(split(framed, [5, 14]))).toEqual([record]);
  });

  it("one byte at a time gives the same records as whole chunks (C026)", async () => {
    const data = readFileSync(path.join(FIXTURES, "scheduler-stream.json.recordio"));
    const whole = await collect([data]);
    const bytes = [...data].map((b) => Uint8Array.of(b));
    expect(await collect(bytes)).toEqual(whole);
    expect(whole.length).toBeGreaterThan(5);
  });

  it.each(streams)("%s: any split decodes to the same records, and re-framing gives the same bytes", async (file) => {
    const data = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
    const records: Uint8Array[] = [];
    for await (const r of decodeRecordIO([data])) records.push(r.slice());
    expect(Buffer.from(concat(records.map((r) => encodeRecord(r)))).equals(Buffer.from(data))).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (cuts) => {
        const got: Uint8Array[] = [];
        for await (const r of decodeRecordIO(split(data, cuts))) got.push(r.slice());
        expect(got).toEqual(records);
      }),
      { numRuns: 60 },
    );
  });

  it("property: any records, framed and split anywhere, come back as they were", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.nat()),
        async (records, cuts) => {
          const data = concat(records.map((r) => encodeRecord(r)));
          const got: Uint8Array[] = [];
          for await (const r of decodeRecordIO(split(data, cuts))) got.push(r.slice());
          expect(got).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("many records in one chunk are handed out as views, without copies", () => {
    const data = concat([encodeRecord("a"), encodeRecord("bc"), encodeRecord("")]);
    const records = new RecordIODecoder().push(data);
    expect(records.map(text)).toEqual(["a", "bc", ""]);
    expect(records[1]!.buffer).toBe(data.buffer);
  });
});

describe("malformed RecordIO", () => {
  it("a non-numeric length names the byte and its position", async () => {
    const e = await rejection([utf8.encode("5\nhello"), utf8.encode("x1\nA")]);
    expect(e.code).toBe("ERR_RECORDIO_LENGTH");
    expect(e.offset).toBe(7);
    expect(e.message).toBe(
      "Malformed RecordIO stream: byte 0x78 'x' in the length prefix at byte 7 (expected decimal digits and a newline)",
    );
  });

  it("an empty length and garbage bytes are refused", async () => {
    expect((await rejection([utf8.encode("\n")])).code).toBe("ERR_RECORDIO_LENGTH");
    expect((await rejection([Uint8Array.of(0xff, 0x0a)])).message).toContain("byte 0xff in the length prefix");
    expect((await rejection([utf8.encode("-1\n")])).code).toBe("ERR_RECORDIO_LENGTH");
  });

  it("a record over the maximum size is refused before it is buffered", async () => {
    const e = await rejection([utf8.encode("3\nabc"), utf8.encode("1000\n")], 999);
    expect(e.code).toBe("ERR_RECORDIO_TOO_LARGE");
    expect(e.offset).toBe(5);
    expect(e.message).toContain("a record of 1000 bytes (the maximum is 999");
    expect((await rejection([utf8.encode("9".repeat(40))])).code).toBe("ERR_RECORDIO_TOO_LARGE");
  });

  it("a stream cut inside a record or a length is truncated, not silently short", async () => {
    const cut = await rejection([utf8.encode("2\nab10\nabc")]);
    expect(cut.code).toBe("ERR_RECORDIO_TRUNCATED");
    expect(cut.offset).toBe(4);
    expect(cut.message).toBe("RecordIO stream ended inside a record of 10 bytes (3 received); the connection was cut");
    expect((await rejection([utf8.encode("12")])).message).toContain("inside a length prefix");
  });

  it("property: garbage never throws anything but RecordIOError", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const decoder = new RecordIODecoder({ maxRecordSize: 1 << 16 });
        try {
          for (const c of chunks) decoder.push(c);
          decoder.end();
        } catch (e) {
          expect(e).toBeInstanceOf(RecordIOError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
