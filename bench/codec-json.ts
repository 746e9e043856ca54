// Benchmark 4: JSON decode and encode of the OFFERS event (100 offers).
//
// What is measured: operations per second, in one process, of reading the event
// from Mesos JSON text (what a scheduler gets with `Accept: application/json`),
// and of writing it. The text is our `toJson` output, which is what Mesos sends
// (snake_case keys, enums by name, int64 as bare numbers, `4.0` doubles).
//  - ours: `Event.fromJson(text)`, exact int64 (bigint, or number for the ports
//    variant), required fields checked;
//  - `JSON.parse(text)`: the baseline, although it is not a codec (no types, no
//    checks, int64 above 2^53 silently rounded);
//  - ts-proto `Event.fromJSON(JSON.parse(text))` and protobuf-es
//    `fromJsonString(EventSchema, text)`: proto3 JSON readers; when one cannot
//    read Mesos JSON, it is fed its own JSON of the same message instead, and the
//    table says so.
// Encoding: ours `toJson(message)` vs `JSON.stringify` of the JSON.parse result,
// ts-proto `JSON.stringify(toJSON(m))`, protobuf-es `toJsonString`.
// Goal (docs/performance.md): our JSON decode ≥ 0.7× JSON.parse.
import { assertSameFingerprint, loadCodecs, offersFingerprint, sameBytes, type Codec } from "./codecs.js";
import { fmtBytes, fmtOps, fmtRatio, goal, measureOps, printTable, writeGroupResult } from "./harness.mjs";
import { buildOffersEvent } from "./offers.js";

const OFFERS = 100;

interface Row {
  id: string;
  label: string;
  input: string;
  text: string;
  decode: () => unknown;
  encode: () => string;
}

/** A peer reads the Mesos text if it decodes to the right content; otherwise it gets its own JSON of the event. */
function peerRow(codec: Codec, text: string, bytes: Uint8Array, expected: Record<string, unknown>): Row {
  const own = codec.decode(bytes);
  let input = "Mesos JSON";
  let source = text;
  try {
    assertSameFingerprint(codec.label, offersFingerprint(codec.fromJson!(text)), expected);
  } catch (error) {
    input = `its own JSON (Mesos JSON: ${String(error).split("\n")[0]!.slice(0, 60)})`;
    source = codec.toJson!(own);
    assertSameFingerprint(`${codec.label}, own JSON`, offersFingerprint(codec.fromJson!(source)), expected);
  }
  return {
    id: codec.id,
    label: codec.label,
    input,
    text: source,
    decode: () => codec.fromJson!(source),
    encode: () => codec.toJson!(own),
  };
}

/** Runs the JSON benchmark and writes its results. */
export async function benchJson() {
  const codecs = await loadCodecs();
  const byId = new Map(codecs.map((c) => [c.id, c]));
  const built = buildOffersEvent(OFFERS);
  const expected = offersFingerprint(built);
  const ours = byId.get("ours")!;
  const bytes = ours.encode(built);
  const text = ours.toJson!(ours.decode(bytes));

  // Ours must read the text back to exactly the same event (checked through its binary encoding).
  const rows: Row[] = [];
  for (const id of ["ours", "ours-number"]) {
    const codec = byId.get(id)!;
    const decoded = codec.fromJson!(text);
    assertSameFingerprint(codec.label, offersFingerprint(decoded), expected);
    if (!sameBytes(codec.encode(decoded), bytes))
      throw new Error(`${codec.label}: fromJson then toBinary differs from the original bytes`);
    if (codec.toJson!(decoded) !== text) throw new Error(`${codec.label}: toJson(fromJson(text)) differs from text`);
    rows.push({
      id,
      label: codec.label,
      input: "Mesos JSON",
      text,
      decode: () => codec.fromJson!(text),
      encode: () => codec.toJson!(decoded),
    });
  }
  const plain: unknown = JSON.parse(text);
  assertSameFingerprint("JSON.parse", offersFingerprint(plain), expected);
  rows.push({
    id: "json",
    label: "JSON.parse / JSON.stringify",
    input: "Mesos JSON",
    text,
    decode: () => JSON.parse(text),
    encode: () => JSON.stringify(plain),
  });
  for (const id of ["ts-proto", "es"]) rows.push(peerRow(byId.get(id)!, text, bytes, expected));

  const decode = measureOps(rows.map((r) => ({ name: r.id, fn: r.decode })));
  const encode = measureOps(rows.map((r) => ({ name: r.id, fn: r.encode })));
  const results = rows.map((r) => ({
    id: r.id,
    codec: r.label,
    input: r.input,
    textBytes: Buffer.byteLength(r.text),
    decodeOpsPerSec: decode[r.id]!.opsPerSec,
    decodeMBps: (decode[r.id]!.opsPerSec * Buffer.byteLength(r.text)) / 1e6,
    decodeVsJsonParse: decode[r.id]!.opsPerSec / decode.json!.opsPerSec,
    encodeOpsPerSec: encode[r.id]!.opsPerSec,
    encodeVsJsonStringify: encode[r.id]!.opsPerSec / encode.json!.opsPerSec,
    decodeSamples: decode[r.id]!.samples,
    encodeSamples: encode[r.id]!.samples,
  }));
  printTable(
    `JSON codec, OFFERS event with ${OFFERS} offers (Mesos JSON ${fmtBytes(Buffer.byteLength(text))}): ops/s, median of interleaved rounds`,
    ["codec", "decode ops/s", "MB/s", "vs JSON.parse", "encode ops/s", "vs JSON.stringify", "input"],
    results.map((r) => [
      r.codec,
      fmtOps(r.decodeOpsPerSec),
      r.decodeMBps.toFixed(1),
      fmtRatio(r.decodeVsJsonParse),
      fmtOps(r.encodeOpsPerSec),
      fmtRatio(r.encodeVsJsonStringify),
      r.input === "Mesos JSON" ? r.input : `${r.input}, ${fmtBytes(r.textBytes)}`,
    ]),
    [
      "vs JSON.parse / vs JSON.stringify: the row's ops/s divided by the plain JSON baseline's (above 1 = faster).",
      "JSON.parse rounds int64 above 2^53 and checks nothing; ours is exact and checks types and required fields.",
      "ts-proto decodes with JSON.parse + fromJSON and encodes with toJSON + JSON.stringify.",
    ],
  );
  const goals = results
    .filter((r) => r.id.startsWith("ours"))
    .map((r) =>
      goal(
        `JSON decode OFFERS: ${r.codec} ≥ 0.7× JSON.parse`,
        r.decodeVsJsonParse,
        0.7,
        `${fmtOps(r.decodeOpsPerSec)} ops/s`,
      ),
    );
  writeGroupResult("json", { textBytes: Buffer.byteLength(text), results, goals });
}

await benchJson();
