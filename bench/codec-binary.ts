// Benchmark 3: protobuf binary decode and encode of scheduler events.
//
// What is measured: operations per second, in one process, of decoding (and
// re-encoding) the same bytes with each codec: ours with int64 as bigint (the
// default) and with the port ranges as `number` (what scaffolded projects use),
// protobufjs static code (pbjs -t static-module -w es6, int64 as Long since
// `long` is installed), ts-proto and protobuf-es (fromBinary/toBinary). Inputs:
// an OFFERS event with 100 realistic offers (offers.ts, about 80 KB: the event a
// scheduler decodes most and the largest) and a small UPDATE event (the most
// frequent one). Each encoder encodes its own decoding of the bytes.
// Before timing, every codec must decode the same content (fingerprints), our
// decode must re-encode to identical bytes, and every peer must read back what
// it wrote, so a fast wrong answer cannot win.
// Goal (docs/performance.md): our OFFERS decode ≥ 1.5× protobufjs static.
import {
  assertSameFingerprint,
  loadCodecs,
  offersFingerprint,
  sameBytes,
  updateFingerprint,
  type Codec,
} from "./codecs.js";
import { fmtBytes, fmtOps, fmtRatio, goal, measureOps, printTable, writeGroupResult, type Goal } from "./harness.mjs";
import { buildOffersEvent, buildUpdateEvent } from "./offers.js";

const BASELINE = "pbjs";
const OFFERS = 100;

interface Input {
  name: string;
  /** The event as built (offers.ts): the reference content. */
  message: unknown;
  bytes: Uint8Array;
  fingerprint: (event: unknown) => Record<string, unknown>;
}

/** Checks every codec on `input`; returns, per codec, whether re-encoding its decoding gives the same bytes. */
function verify(codecs: Codec[], input: Input): Map<string, boolean> {
  const expected = input.fingerprint(input.message);
  const identical = new Map<string, boolean>();
  for (const codec of codecs) {
    const decoded = codec.decode(input.bytes);
    assertSameFingerprint(`${codec.label}, ${input.name}`, input.fingerprint(decoded), expected);
    const again = codec.encode(decoded);
    assertSameFingerprint(`${codec.label}, ${input.name} re-encoded`, input.fingerprint(codec.decode(again)), expected);
    identical.set(codec.id, sameBytes(again, input.bytes));
    if (codec.id.startsWith("ours") && !identical.get(codec.id))
      throw new Error(
        `${codec.label}: ${input.name} does not re-encode to identical bytes (${again.length} vs ${input.bytes.length})`,
      );
  }
  return identical;
}

function bench(codecs: Codec[], input: Input) {
  const identical = verify(codecs, input);
  const decode = measureOps(codecs.map((c) => ({ name: c.id, fn: () => c.decode(input.bytes) })));
  const messages = new Map(codecs.map((c) => [c.id, c.decode(input.bytes)]));
  const encode = measureOps(codecs.map((c) => ({ name: c.id, fn: () => c.encode(messages.get(c.id)) })));
  const rows = codecs.map((c) => ({
    id: c.id,
    codec: c.label,
    int64: c.int64,
    decodeOpsPerSec: decode[c.id]!.opsPerSec,
    decodeMBps: (decode[c.id]!.opsPerSec * input.bytes.length) / 1e6,
    decodeVsProtobufjs: decode[c.id]!.opsPerSec / decode[BASELINE]!.opsPerSec,
    encodeOpsPerSec: encode[c.id]!.opsPerSec,
    encodeVsProtobufjs: encode[c.id]!.opsPerSec / encode[BASELINE]!.opsPerSec,
    reencodesIdentically: identical.get(c.id),
    decodeSamples: decode[c.id]!.samples,
    encodeSamples: encode[c.id]!.samples,
  }));
  printTable(
    `Binary codec, ${input.name} (${fmtBytes(input.bytes.length)}, ${input.bytes.length} bytes): ops/s, median of interleaved rounds`,
    ["codec", "int64 as", "decode ops/s", "MB/s", "vs protobufjs", "encode ops/s", "vs protobufjs", "same bytes"],
    rows.map((r) => [
      r.codec,
      r.int64,
      fmtOps(r.decodeOpsPerSec),
      r.decodeMBps.toFixed(1),
      fmtRatio(r.decodeVsProtobufjs),
      fmtOps(r.encodeOpsPerSec),
      fmtRatio(r.encodeVsProtobufjs),
      r.reencodesIdentically ? "yes" : "no",
    ]),
    [
      "vs protobufjs: the row's ops/s divided by protobufjs static's (above 1 = faster).",
      "same bytes: re-encoding the codec's own decoding gives back the input bytes exactly.",
    ],
  );
  return { bytes: input.bytes.length, rows };
}

/** Runs the binary codec benchmark and writes its results. */
export async function benchBinary() {
  const codecs = await loadCodecs();
  const ours = codecs[0]!;
  const offersEvent = buildOffersEvent(OFFERS);
  const updateEvent = buildUpdateEvent();
  const offers: Input = {
    name: `OFFERS event, ${OFFERS} offers`,
    message: offersEvent,
    bytes: ours.encode(offersEvent),
    fingerprint: offersFingerprint,
  };
  const update: Input = {
    name: "UPDATE event (TaskStatus)",
    message: updateEvent,
    bytes: ours.encode(updateEvent),
    fingerprint: updateFingerprint,
  };
  const offersResult = bench(codecs, offers);
  const updateResult = bench(codecs, update);

  const goals: Goal[] = offersResult.rows
    .filter((r) => r.id.startsWith("ours"))
    .map((r) =>
      goal(
        `binary decode OFFERS: ${r.codec} ≥ 1.5× protobufjs static`,
        r.decodeVsProtobufjs,
        1.5,
        `${fmtOps(r.decodeOpsPerSec)} ops/s`,
      ),
    );
  writeGroupResult("binary", { offers: offersResult, update: updateResult, goals });
}

await benchBinary();
