/**
 * protoc is the oracle of the binary codec: for random valid messages of the
 * Mesos API types, protoc must read our bytes back to exactly the same bytes,
 * and protoc's encoding of the same message (from text format) must equal
 * ours and decode with us to the message we started from.
 */
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMesosBindings, type MesosBindings } from "../helpers/mesos-bindings.js";
import { MessageArbitraries } from "../helpers/arbitrary-message.js";
import { batchProto, decodeBatch, encodeBatch, hasProtoc, protoc } from "../helpers/protoc.js";
import { protoRoot } from "../helpers/shared.js";
import { toTextFormat } from "../helpers/text-format.js";

const VERSION = "1.11.0";
const RUNS = 80; // per type; 7 types → 560 messages
const TYPES: [string, string][] = [
  ["mesos.v1.scheduler.Call", "mesos/v1/scheduler/scheduler.proto"],
  ["mesos.v1.scheduler.Event", "mesos/v1/scheduler/scheduler.proto"],
  ["mesos.v1.executor.Call", "mesos/v1/executor/executor.proto"],
  ["mesos.v1.executor.Event", "mesos/v1/executor/executor.proto"],
  ["mesos.v1.TaskInfo", "mesos/v1/mesos.proto"],
  ["mesos.v1.Offer", "mesos/v1/mesos.proto"],
  ["mesos.v1.Resource", "mesos/v1/mesos.proto"],
];

let bindings: MesosBindings;
const dirs: string[] = [];
beforeAll(async () => {
  bindings = await loadMesosBindings(VERSION);
});
afterAll(() => {
  bindings?.dispose();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe.skipIf(!hasProtoc())("protoc oracle (Mesos %s protos)".replace("%s", VERSION), () => {
  it.each(TYPES)("%s: random messages agree with protoc in both directions", (typeName, file) => {
    const codec = bindings.codec(typeName);
    const messages = fc.sample(new MessageArbitraries().message(codec.schema), { numRuns: RUNS, seed: 20261125 });
    const wrapperDir = batchProto(file, typeName);
    dirs.push(wrapperDir);
    const args = ["-I", wrapperDir, "-I", protoRoot(VERSION), "cmf_oracle_batch.proto"];

    const ours = messages.map((m) => codec.toBinary(m));
    const batch = encodeBatch(ours);

    // Ours → protoc: protoc parses our bytes and writes them back identically.
    const text = protoc([...args, "--decode=cmf_oracle.Batch"], batch);
    const reencoded = protoc([...args, "--encode=cmf_oracle.Batch"], text);
    expect(Buffer.compare(reencoded, batch)).toBe(0);

    // protoc → ours: protoc encodes the same messages (from text format) to our bytes, and we decode them back.
    const asText = messages.map((m) => `items {\n${toTextFormat(codec.schema, m, "  ")}}\n`).join("");
    const theirs = decodeBatch(protoc([...args, "--encode=cmf_oracle.Batch"], asText));
    expect(theirs).toHaveLength(messages.length);
    theirs.forEach((bytes, i) => {
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(ours[i]!)), `message ${i} bytes`).toBe(0);
      expect(codec.fromBinary(bytes), `message ${i}`).toEqual(messages[i]);
    });
  });

  it.each(TYPES)("%s: random messages round-trip through Mesos JSON", (typeName) => {
    const codec = bindings.codec(typeName);
    fc.assert(
      fc.property(new MessageArbitraries().message(codec.schema), (message) => {
        const back = codec.fromJson(codec.toJson(message));
        // JSON writes declared defaults of unset fields, so the decoded message holds the original and maybe more.
        expect(back).toMatchObject(message);
        expect(codec.fromJson(codec.toJson(back))).toEqual(back);
        expect(codec.fromBinary(codec.toBinary(back))).toEqual(back);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
