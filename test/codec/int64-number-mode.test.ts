/**
 * `--int64 number`: 64-bit fields become `number`, and a value that a double
 * cannot hold exactly is an error with its path, never a silent rounding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodecError } from "@create-mesos-framework/runtime/codec";
import { thrown } from "../helpers/thrown.js";
import { loadMesosBindings, type MesosBindings } from "../helpers/mesos-bindings.js";

let b: MesosBindings;
let exact: MesosBindings;
beforeAll(async () => {
  b = await loadMesosBindings("1.11.0", { int64: "number" });
  exact = await loadMesosBindings("1.11.0");
});
afterAll(() => {
  b?.dispose();
  exact?.dispose();
});

const UNSAFE =
  '{"type":"UPDATE","update":{"status":{"task_id":{"value":"t"},"state":"TASK_UNREACHABLE","unreachable_time":{"nanoseconds":1700000000123456789}}}}';

const codecError = (fn: () => unknown) => thrown(CodecError, fn);

describe("int64 as number", () => {
  it("safe values decode as plain numbers", () => {
    const event = b
      .codec<{ offers: { offers: { resources: { ranges?: { range: { begin: number }[] } }[] }[] } }>(
        "mesos.v1.scheduler.Event",
      )
      .fromJson(
        '{"type":"OFFERS","offers":{"offers":[{"id":{"value":"o"},"framework_id":{"value":"f"},"agent_id":{"value":"a"},"hostname":"h","resources":[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":32000}]}}]}]}}',
      );
    expect(event.offers.offers[0]!.resources[0]!.ranges!.range[0]!.begin).toBe(31000);
  });

  it("an unsafe value in JSON is an error naming the field path", () => {
    const e = codecError(() => b.codec("mesos.v1.scheduler.Event").fromJson(UNSAFE));
    expect(e.code).toBe("ERR_CODEC_VALUE");
    expect(e.path).toBe("update.status.unreachable_time.nanoseconds");
    expect(e.message).toMatch(/--int64 bigint/);
  });

  it("an unsafe value in binary is an error naming the field path", () => {
    const exactEvent = exact.codec("mesos.v1.scheduler.Event");
    const bytes = exactEvent.toBinary(exactEvent.fromJson(UNSAFE));
    const e = codecError(() => b.codec("mesos.v1.scheduler.Event").fromBinary(bytes));
    expect(e.code).toBe("ERR_CODEC_VALUE");
    expect(e.path).toBe("update.status.unreachable_time.nanoseconds");
  });

  it("encoding an unsafe number is refused", () => {
    const codec = b.codec("mesos.v1.TimeInfo");
    expect(codecError(() => codec.toBinary({ nanoseconds: 2 ** 60 })).code).toBe("ERR_CODEC_VALUE");
    expect(codecError(() => codec.toJson({ nanoseconds: 2 ** 60 })).code).toBe("ERR_CODEC_VALUE");
  });
});
