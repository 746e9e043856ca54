/** The codec objects of generated bindings: required-field reports, defaults, enums and facades. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodecError, MissingRequiredFieldsError, type EnumType } from "@create-mesos-framework/runtime/codec";
import { thrown } from "../helpers/thrown.js";
import { loadMesosBindings, type MesosBindings } from "../helpers/mesos-bindings.js";

let b: MesosBindings;
beforeAll(async () => {
  b = await loadMesosBindings("1.11.0");
});
afterAll(() => b?.dispose());

const missing = (fn: () => unknown) => thrown(MissingRequiredFieldsError, fn);

const INCOMPLETE = {
  type: "ACCEPT",
  framework_id: { value: "F" },
  accept: {
    offer_ids: [{ value: "O" }],
    operations: [
      {
        type: "LAUNCH",
        launch: {
          task_infos: [
            { name: "a", task_id: { value: "a" }, agent_id: { value: "S" } },
            { name: "b", task_id: { value: "b" } },
            {},
          ],
        },
      },
    ],
  },
};

describe("required fields", () => {
  it("encoders list every missing field with its path, in declaration order", () => {
    const call = b.codec("mesos.v1.scheduler.Call");
    const paths = [
      "accept.operations[0].launch.task_infos[1].agent_id",
      "accept.operations[0].launch.task_infos[2].name",
      "accept.operations[0].launch.task_infos[2].task_id",
      "accept.operations[0].launch.task_infos[2].agent_id",
    ];
    for (const encode of [() => call.toBinary(INCOMPLETE), () => call.toJson(INCOMPLETE)]) {
      const e = missing(encode);
      expect(e.paths).toEqual(paths);
      expect(e.message).toBe("accept.operations[0].launch.task_infos[1].agent_id: required field missing");
      expect(e.mesosText).toBe(`Missing required fields: ${paths.join(", ")}`);
    }
    expect(() => call.validate(INCOMPLETE)).toThrow(MissingRequiredFieldsError);
  });

  it("decoders report the same paths, from JSON and from binary", () => {
    const call = b.codec("mesos.v1.scheduler.Call");
    const fromJson = missing(() => call.fromJson(JSON.stringify(INCOMPLETE)));
    expect(fromJson.paths[0]).toBe("accept.operations[0].launch.task_infos[1].agent_id");
    const bytes = call.toBinary(INCOMPLETE, { partial: true });
    const fromBinary = missing(() => call.fromBinary(bytes));
    expect(fromBinary.paths).toEqual(fromJson.paths);
  });

  it("a type error anywhere wins over a missing field, as in Mesos", () => {
    const call = b.codec("mesos.v1.scheduler.Call");
    const text = '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"x","checkpoint":1}}}';
    try {
      call.fromJson(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect((e as CodecError).code).toBe("ERR_CODEC_JSON_TYPE");
      expect((e as CodecError).message).toBe(
        "subscribe.framework_info.checkpoint: Not expecting a JSON number for field 'checkpoint'",
      );
    }
  });

  it("partial encoding skips the check", () => {
    const call = b.codec("mesos.v1.scheduler.Call");
    expect(call.toJson({ type: "SUBSCRIBE", subscribe: { framework_info: {} } }, { partial: true })).toBe(
      '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"failover_timeout":0.0,"checkpoint":false}}}',
    );
  });
});

describe("defaults, enums and facades", () => {
  it("declared defaults are available, and written to JSON but not to binary", () => {
    const filters = b.codec("mesos.v1.Filters");
    expect(filters.defaults).toEqual({ refuse_seconds: 5 });
    expect(filters.toJson({})).toBe('{"refuse_seconds":5.0}');
    expect(filters.toBinary({})).toEqual(new Uint8Array());
    expect(b.codec("mesos.v1.CommandInfo").defaults).toEqual({ shell: true });
  });

  it("enum tables map names and numbers", () => {
    const state = b.mesos.TaskState as EnumType<string>;
    expect(state.values).toContain("TASK_RUNNING");
    expect(state.numberOf("TASK_RUNNING")).toBe(1);
    expect(state.nameOf(1)).toBe("TASK_RUNNING");
    expect(state.nameOf(999)).toBeUndefined();
    expect(state.is("TASK_KILLED")).toBe(true);
    expect(state.is("TASK_NOPE")).toBe(false);
  });

  it("the facade builds one message per Call.Type value and passes it on", () => {
    const facadeOf = b.scheduler.Call$facade as (
      send: (call: unknown) => unknown,
    ) => Record<string, (...args: unknown[]) => unknown>;
    const sent: unknown[] = [];
    const facade = facadeOf((call) => sent.push(call));
    facade.teardown!({ framework_id: { value: "F" } });
    facade.acknowledgeOperationStatus!(
      { uuid: new Uint8Array(16), operation_id: { value: "op" } },
      { framework_id: { value: "F" } },
    );
    expect(sent).toEqual([
      { framework_id: { value: "F" }, type: "TEARDOWN" },
      {
        framework_id: { value: "F" },
        type: "ACKNOWLEDGE_OPERATION_STATUS",
        acknowledge_operation_status: { uuid: new Uint8Array(16), operation_id: { value: "op" } },
      },
    ]);
    const call = b.codec<unknown>("mesos.v1.scheduler.Call");
    expect(call.toJson(sent[0])).toBe('{"framework_id":{"value":"F"},"type":"TEARDOWN"}');
    const methods = Object.keys(facade);
    expect(methods).toEqual(expect.arrayContaining(["subscribe", "accept", "decline", "revive", "updateFramework"]));
  });
});
