/**
 * JSON value → message, structure: nulls, nesting, error paths and the order
 * errors are found in, maps, required fields (mesos-protocol.md 2.2).
 */
import { describe, expect, it } from "vitest";
import { MissingRequiredFieldsError } from "../codec/errors.js";
import { compileJsonDecoder } from "../codec/json/index.js";
import { msg } from "./json-test-schema.js";
import { errorOf, decode, fail } from "./codec-test-helpers.js";

describe("structure", () => {
  it("treats null as unset, skips null elements and flattens nested arrays", () => {
    expect(
      decode(
        "Call",
        '{"framework_id":null,"type":null,"decline":{"offer_ids":[null,{"value":"a"},[{"value":"b"},[null,{"value":"c"}]]]}}',
      ),
    ).toEqual({
      decline: { offer_ids: [{ value: "a" }, { value: "b" }, { value: "c" }] },
    });
    expect(decode("Repeats", '{"nums":null,"ss":[],"kinds":["BOGUS"],"bs":"false","u32s":[[1,[2]],3]}')).toEqual({
      bs: [false],
      u32s: [1, 2, 3],
    });
  });

  it("drops unknown names inside repeated enums", () => {
    expect(decode("Repeats", '{"kinds":["SET","NOPE","WORDS",null]}')).toEqual({ kinds: ["SET", "TEXT"] });
  });

  it("expects a JSON object at the top", () => {
    for (const value of [[], "x", 1, null, true]) {
      const error = errorOf(() => compileJsonDecoder(msg("Call"), true)(value));
      expect(error.code).toBe("ERR_CODEC_JSON_TYPE");
      expect(error.detail).toBe("Expecting a JSON object");
    }
  });

  it("gives full paths for nested errors", () => {
    const error = fail("Call", '{"decline":{"offer_ids":[{"value":"a"},null,{"value":3}]}}');
    expect(error.path).toBe("decline.offer_ids[2].value");
    expect(error.message).toBe("decline.offer_ids[2].value: Not expecting a JSON number for field 'value'");
    expect(fail("Tree", '{"child":{"children":[{},{"child":{"label":1}}]}}').path).toBe(
      "child.children[1].child.label",
    );
  });

  it("reports the error Mesos reports first: keys in sorted order", () => {
    expect(fail("Call", '{"type":2,"framework_id":{"value":1}}').path).toBe("framework_id.value");
    expect(fail("Scalars", '{"s":1,"b":2}').path).toBe("b");
  });

  it("builds new objects and leaves its input alone", () => {
    const input = JSON.parse('{"decline":{"offer_ids":[{"value":"a"}],"filters":{"refuse_seconds":1}}}') as Record<
      string,
      unknown
    >;
    const frozen = JSON.stringify(input);
    const message = compileJsonDecoder(msg("Call"), false)(input);
    expect(message).toEqual(input);
    expect(message.decline).not.toBe(input.decline);
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it("does not confuse field names with Object.prototype members", () => {
    expect(decode("Inherited", "{}")).toEqual({});
    expect(decode("Inherited", '{"constructor":"c","toString":"7"}')).toEqual({ constructor: "c", toString: 7 });
    const withProto = decode("Inherited", '{"__proto__":"p"}');
    expect(Object.getPrototypeOf(withProto)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(withProto, "__proto__")?.value).toBe("p");
  });

  it("handles recursive messages", () => {
    let text = '{"label":"leaf"}';
    for (let i = 0; i < 150; i++) text = `{"child":${text}}`;
    let node = decode("Tree", text);
    for (let i = 0; i < 150; i++) node = node.child as typeof node;
    expect(node).toEqual({ label: "leaf" });
  });
});

describe("maps", () => {
  it("reads objects keyed by the key's text", () => {
    expect(
      decode("Maps", '{"limits":{"mem":{"value":"1"},"cpus":{"value":"2"}},"weights":{"a":1.5,"b":"Infinity"}}'),
    ).toEqual({
      limits: { cpus: { value: "2" }, mem: { value: "1" } },
      weights: { a: 1.5, b: Infinity },
    });
  });

  it("parses keys as the key type and writes them canonically", () => {
    expect(
      decode(
        "Maps",
        '{"by_id":{"007":"a","-1":"b"," 3 ":"c"},"flags":{"true":"SET","false":"WORDS"},"blobs":{"18446744073709551615":"AQ=="}}',
      ),
    ).toEqual({
      by_id: { "7": "a", "-1": "b", "3": "c" },
      flags: { true: "SET", false: "TEXT" },
      blobs: { "18446744073709551615": new Uint8Array([1]) },
    });
    const error = fail("Maps", '{"by_id":{"x":"a"}}');
    expect(error.detail).toBe("Failed to parse 'x' as a JSON number for field 'key': syntax error at line 1 near: x");
    expect(error.path).toBe('by_id["x"]');
    expect(fail("Maps", '{"flags":{"yes":"SET"}}').detail).toBe(
      "Failed to parse 'yes' as a JSON boolean for field 'key': syntax error at line 1 near: yes",
    );
  });

  it("fills unset values with the value type's default, like a map entry without value", () => {
    expect(
      decode("Maps", '{"limits":{"a":null},"flags":{"true":"NOPE"},"counts":{"x":null},"blobs":{"1":null}}'),
    ).toEqual({
      limits: { a: {} },
      flags: { true: "SCALAR" },
      counts: { x: 0 },
      blobs: { "1": new Uint8Array(0) },
    });
  });

  it("merges arrays of objects, rejects other kinds and reports value errors as field 'value'", () => {
    expect(decode("Maps", '{"weights":[{"a":1},null,[{"b":2}]]}')).toEqual({ weights: { a: 1, b: 2 } });
    expect(fail("Maps", '{"weights":"a"}').detail).toBe("Not expecting a JSON string for field 'weights'");
    expect(fail("Maps", '{"weights":[1]}').path).toBe("weights[0]");
    const error = fail("Maps", '{"weights":{"a":[1]}}');
    expect(error.detail).toBe("Not expecting a JSON array for field 'value'");
    expect(error.path).toBe('weights["a"]');
    expect(fail("Maps", '{"limits":{"cpus":{"value":2}}}').path).toBe('limits["cpus"].value');
  });

  it("leaves empty maps out and keeps a __proto__ key as data", () => {
    expect(decode("Maps", '{"limits":{},"weights":[]}')).toEqual({});
    const maps = decode("Maps", '{"weights":{"__proto__":1}}');
    const weights = maps.weights as Record<string, number>;
    expect(Object.getPrototypeOf(weights)).toBe(Object.prototype);
    expect(Object.keys(weights)).toEqual(["__proto__"]);
  });
});

describe("required fields", () => {
  it("lists every missing required field after mapping, in declaration order", () => {
    const error = fail("Call", '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"checkpoint":true}}}', true);
    expect(error).toBeInstanceOf(MissingRequiredFieldsError);
    expect(error.code).toBe("ERR_CODEC_REQUIRED_FIELD");
    expect(error.path).toBe("subscribe.framework_info.user");
    expect((error as MissingRequiredFieldsError).mesosText).toBe(
      "Missing required fields: subscribe.framework_info.user, subscribe.framework_info.name",
    );
    const indexed = fail("Decline", '{"offer_ids":[{"value":"a"},{}]}', true) as MissingRequiredFieldsError;
    expect(indexed.paths).toEqual(["offer_ids[1].value"]);
    const inMap = fail("Maps", '{"limits":{"a":null}}', true) as MissingRequiredFieldsError;
    expect(inMap.paths).toEqual(['limits["a"].value']);
  });

  it("lets a type error anywhere win over a missing required field, as Mesos checks last", () => {
    const error = fail("Call", '{"subscribe":{"framework_info":{"name":"n"}},"type":7}', true);
    expect(error.code).toBe("ERR_CODEC_JSON_TYPE");
  });

  it("does not check without checkRequired", () => {
    expect(decode("Subscribe", '{"framework_info":{}}')).toEqual({ framework_info: {} });
  });
});

describe("runaway nesting", () => {
  it("turns a stack overflow on absurdly deep input into a codec error", () => {
    let value: Record<string, unknown> = { label: "leaf" };
    for (let i = 0; i < 200_000; i++) value = { child: value };
    const error = errorOf(() => compileJsonDecoder(msg("Tree"), false)(value));
    expect(error.code).toBe("ERR_CODEC_JSON_SYNTAX");
  });
});
