// Benchmark 4: JSON decode and encode of the OFFERS event (100 offers).
//
// What is measured: operations per second of reading the event from Mesos JSON
// text (what a scheduler gets with `Accept: application/json`), and of writing
// it. The text is our `toJson` output, which is what Mesos sends (snake_case
// keys, enums by name, int64 as bare numbers, `4.0` doubles).
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
// Each variant runs in its own process (see codec-runner.ts).
// Goal (docs/performance.md): our JSON decode ≥ 0.7× JSON.parse.
import { fileURLToPath } from "node:url";
import { serveWorker, readInput, runWorkers, workerVariant, writeInput } from "./codec-runner.js";
import { CODECS, assertSameFingerprint, loadCodec, offersFingerprint, sameBytes } from "./codecs.js";
import { fmtBytes, fmtOps, fmtRatio, goal, printTable, writeGroupResult } from "./harness.mjs";
import { buildOffersEvent } from "./offers.js";

const OFFERS = 100;
const VARIANTS = ["ours", "ours-number", "json", "ts-proto", "es"].map((id) => ({
  id,
  label: id === "json" ? "JSON.parse / JSON.stringify" : CODECS.find((c) => c.id === id)!.label,
}));

/** Worker: checks one variant on the Mesos JSON text, then measures its decode and encode. */
async function worker(variant: string) {
  const text = new TextDecoder().decode(readInput("offers.json"));
  const bytes = readInput("offers-json.bin");
  const expected = offersFingerprint(buildOffersEvent(OFFERS));
  if (variant === "json") {
    const plain: unknown = JSON.parse(text);
    assertSameFingerprint("JSON.parse", offersFingerprint(plain), expected);
    const ops = { decode: () => JSON.parse(text), encode: () => JSON.stringify(plain) };
    return serveWorker({ input: "Mesos JSON", textBytes: Buffer.byteLength(text) }, ops);
  }
  const codec = await loadCodec(variant);
  if (variant.startsWith("ours")) {
    // Ours must read the text back to exactly the same event, checked through its binary encoding.
    const decoded = codec.fromJson!(text);
    assertSameFingerprint(codec.label, offersFingerprint(decoded), expected);
    if (!sameBytes(codec.encode(decoded), bytes)) throw new Error(`${codec.label}: fromJson then toBinary differs`);
    if (codec.toJson!(decoded) !== text) throw new Error(`${codec.label}: toJson(fromJson(text)) differs from text`);
    const ops = { decode: () => codec.fromJson!(text), encode: () => codec.toJson!(decoded) };
    return serveWorker({ input: "Mesos JSON", textBytes: Buffer.byteLength(text) }, ops);
  }
  // A peer reads the Mesos text if it decodes it to the right content; otherwise it gets its own JSON of the event.
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
  const ops = { decode: () => codec.fromJson!(source), encode: () => codec.toJson!(own) };
  serveWorker({ input, textBytes: Buffer.byteLength(source) }, ops);
}

/** Coordinator: writes the Mesos JSON text with our codec, runs a worker per variant, prints and records the results. */
async function coordinator() {
  const ours = await loadCodec("ours");
  const bytes = ours.encode(buildOffersEvent(OFFERS));
  const text = ours.toJson!(ours.decode(bytes));
  writeInput("offers.json", text);
  writeInput("offers-json.bin", bytes);
  const measured = await runWorkers(
    fileURLToPath(import.meta.url),
    VARIANTS.map((v) => v.id),
  );

  const json = measured.get("json")!.ops;
  const results = VARIANTS.map((v) => {
    const { info, ops } = measured.get(v.id)! as { info: { input: string; textBytes: number }; ops: typeof json };
    return {
      id: v.id,
      codec: v.label,
      input: info.input,
      textBytes: info.textBytes,
      decodeOpsPerSec: ops.decode!.opsPerSec,
      decodeMBps: (ops.decode!.opsPerSec * info.textBytes) / 1e6,
      decodeVsJsonParse: ops.decode!.opsPerSec / json.decode!.opsPerSec,
      encodeOpsPerSec: ops.encode!.opsPerSec,
      encodeVsJsonStringify: ops.encode!.opsPerSec / json.encode!.opsPerSec,
      decodeSamples: ops.decode!.samples,
      encodeSamples: ops.encode!.samples,
    };
  });
  printTable(
    `JSON codec, OFFERS event with ${OFFERS} offers (Mesos JSON ${fmtBytes(Buffer.byteLength(text))}): ops/s, median of all samples`,
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

const variant = workerVariant();
await (variant ? worker(variant) : coordinator());
