// Benchmark 3: protobuf binary decode and encode of scheduler events.
//
// What is measured: operations per second of decoding the same bytes, and of
// re-encoding the result, with each codec: ours with int64 as bigint (the
// default) and with the port ranges as `number` (what scaffolded projects use),
// protobufjs static code (pbjs -t static-module -w es6, int64 as Long since
// `long` is installed), ts-proto and protobuf-es (fromBinary/toBinary). Inputs:
// an OFFERS event with 100 realistic offers (offers.ts, 81,288 bytes: the largest
// event a scheduler decodes often) and a small UPDATE event (the most frequent
// one), both encoded once by our codec. Each encoder encodes its own decoding.
// Each codec runs in its own process (see codec-runner.ts).
// Before timing, every codec must decode the content that was built
// (fingerprints), ours must re-encode to identical bytes, and every peer must
// read back what it wrote, so a fast wrong answer cannot win.
// Goal (docs/performance.md): our OFFERS decode ≥ 1.5× protobufjs static.
import { fileURLToPath } from "node:url";
import { serveWorker, readInput, runWorkers, workerVariant, writeInput } from "./codec-runner.js";
import { CODECS, assertSameFingerprint, loadCodec, offersFingerprint, sameBytes, updateFingerprint } from "./codecs.js";
import { fmtBytes, fmtOps, fmtRatio, goal, printTable, writeGroupResult } from "./harness.mjs";
import { buildOffersEvent, buildUpdateEvent } from "./offers.js";

const BASELINE = "pbjs";
const OFFERS = 100;
const INPUTS = [
  {
    key: "offers",
    title: `OFFERS event, ${OFFERS} offers`,
    file: "offers.bin",
    build: () => buildOffersEvent(OFFERS),
    fingerprint: offersFingerprint,
  },
  {
    key: "update",
    title: "UPDATE event (TaskStatus)",
    file: "update.bin",
    build: buildUpdateEvent,
    fingerprint: updateFingerprint,
  },
];

/** Worker: checks one codec on both inputs, then measures its four operations. */
async function worker(variant: string) {
  const codec = await loadCodec(variant);
  const identical: Record<string, boolean> = {};
  const ops: Record<string, () => unknown> = {};
  for (const input of INPUTS) {
    const bytes = readInput(input.file);
    const expected = input.fingerprint(input.build());
    const decoded = codec.decode(bytes);
    assertSameFingerprint(`${codec.label}, ${input.title}`, input.fingerprint(decoded), expected);
    const again = codec.encode(decoded);
    assertSameFingerprint(
      `${codec.label}, ${input.title} re-encoded`,
      input.fingerprint(codec.decode(again)),
      expected,
    );
    identical[input.key] = sameBytes(again, bytes);
    if (variant.startsWith("ours") && !identical[input.key])
      throw new Error(`${codec.label}: ${input.title} does not re-encode to identical bytes`);
    ops[`${input.key}.decode`] = () => codec.decode(bytes);
    ops[`${input.key}.encode`] = () => codec.encode(decoded);
  }
  serveWorker({ int64: codec.int64, identical }, ops);
}

/** Coordinator: encodes the inputs with our codec, runs a worker per codec, prints and records the results. */
async function coordinator() {
  const ours = await loadCodec("ours");
  const sizes: Record<string, number> = {};
  for (const input of INPUTS) {
    const bytes = ours.encode(input.build());
    sizes[input.key] = bytes.length;
    writeInput(input.file, bytes);
  }
  const measured = await runWorkers(
    fileURLToPath(import.meta.url),
    CODECS.map((c) => c.id),
  );

  const groups: Record<string, unknown> = {};
  const goals = [];
  for (const input of INPUTS) {
    const size = sizes[input.key]!;
    const op = (id: string, name: string) => measured.get(id)!.ops[`${input.key}.${name}`]!;
    const rows = CODECS.map((c) => {
      const info = measured.get(c.id)!.info as { int64: string; identical: Record<string, boolean> };
      return {
        id: c.id,
        codec: c.label,
        int64: info.int64,
        decodeOpsPerSec: op(c.id, "decode").opsPerSec,
        decodeMBps: (op(c.id, "decode").opsPerSec * size) / 1e6,
        decodeVsProtobufjs: op(c.id, "decode").opsPerSec / op(BASELINE, "decode").opsPerSec,
        encodeOpsPerSec: op(c.id, "encode").opsPerSec,
        encodeVsProtobufjs: op(c.id, "encode").opsPerSec / op(BASELINE, "encode").opsPerSec,
        reencodesIdentically: info.identical[input.key],
        decodeSamples: op(c.id, "decode").samples,
        encodeSamples: op(c.id, "encode").samples,
      };
    });
    printTable(
      `Binary codec, ${input.title} (${fmtBytes(size)}, ${size} bytes): ops/s, median of all samples`,
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
    groups[input.key] = { bytes: size, rows };
    if (input.key === "offers")
      for (const r of rows.filter((x) => x.id.startsWith("ours")))
        goals.push(
          goal(
            `binary decode OFFERS: ${r.codec} ≥ 1.5× protobufjs static`,
            r.decodeVsProtobufjs,
            1.5,
            `${fmtOps(r.decodeOpsPerSec)} ops/s`,
          ),
        );
  }
  writeGroupResult("binary", { ...groups, goals });
}

const variant = workerVariant();
await (variant ? worker(variant) : coordinator());
