// The scheduler endpoint of mini-mesos (mesos-protocol.md 1.2, 3.0): call validation, the framework
// checks of steps 11 to 16, and the whole order of checks, fed with whole requests.
import { describe, expect, it } from "vitest";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import {
  admitSchedulerRequest,
  checkFrameworkCall,
  emptyResponse,
  isValidUuid,
  principalMismatch,
  textResponse,
  validateSchedulerCall,
} from "../../testing/protocol/index.js";
import type {
  FrameworkRecord,
  ProtocolRequest,
  ProtocolResponse,
  SchedulerAdmission,
  SchedulerEndpointState,
} from "../../testing/protocol/index.js";

const TEXT = "text/plain; charset=utf-8";
const JSON_TYPE = { "Content-Type": "application/json" };
const F = "fw-1";
const S = "0f3c6a52-3d8e-4a44-9a3f-5a1b2c3d4e5f";
const VALID_UUID = "Hw5qUow9S3qeIV1MOyoZCA==";
const SUBSCRIBE = { type: "SUBSCRIBE", subscribe: { framework_info: { user: "u", name: "fw" } } };

function post(
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
  target = "/api/v1/scheduler",
): ProtocolRequest {
  return { method: "POST", target, headers, body: typeof body === "string" ? body : JSON.stringify(body) };
}

function state(frameworks: Record<string, FrameworkRecord> = {}, more: Partial<SchedulerEndpointState> = {}) {
  return { frameworks: { framework: (id: string) => frameworks[id] }, ...more } satisfies SchedulerEndpointState;
}

/** A master where framework F is subscribed over HTTP with stream S. */
const subscribed = state({ [F]: { connection: "http", streamId: S } });

function responseOf(admission: SchedulerAdmission): ProtocolResponse {
  if (admission.kind !== "response") throw new Error(`expected a response, got ${admission.kind}`);
  return admission.response;
}

function status(admission: SchedulerAdmission): [number, string] {
  const response = responseOf(admission);
  return [response.status, response.body];
}

const call = (fields: object): scheduler.Call => fields as scheduler.Call;
const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, "base64"));

describe("validateSchedulerCall (3.0)", () => {
  it("needs a type", () => {
    expect(validateSchedulerCall(call({}))).toBe("Expecting 'type' to be present");
    expect(validateSchedulerCall(call({ framework_id: { value: F } }))).toBe("Expecting 'type' to be present");
  });

  it("checks SUBSCRIBE: payload, ids, principal", () => {
    expect(validateSchedulerCall(call({ type: "SUBSCRIBE" }))).toBe("Expecting 'subscribe' to be present");
    const info = { user: "u", name: "n" };
    expect(validateSchedulerCall(call({ type: "SUBSCRIBE", subscribe: { framework_info: info } }))).toBeUndefined();
    expect(
      validateSchedulerCall(
        call({ type: "SUBSCRIBE", framework_id: { value: F }, subscribe: { framework_info: info } }),
      ),
    ).toBe("'framework_id' differs from 'subscribe.framework_info.id'");
    // An absent id and an empty one compare equal.
    expect(
      validateSchedulerCall(
        call({ type: "SUBSCRIBE", framework_id: { value: "" }, subscribe: { framework_info: info } }),
      ),
    ).toBeUndefined();
    const withPrincipal = call({ type: "SUBSCRIBE", subscribe: { framework_info: { ...info, principal: "q" } } });
    expect(validateSchedulerCall(withPrincipal, "p")).toBe(
      "Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`",
    );
    expect(validateSchedulerCall(withPrincipal)).toBeUndefined();
    expect(
      validateSchedulerCall(call({ type: "SUBSCRIBE", subscribe: { framework_info: info } }), "p"),
    ).toBeUndefined();
  });

  it("needs framework_id on every other call, then the sub-message named after the type", () => {
    const payloads = {
      ACCEPT: "accept",
      DECLINE: "decline",
      ACCEPT_INVERSE_OFFERS: "accept_inverse_offers",
      DECLINE_INVERSE_OFFERS: "decline_inverse_offers",
      KILL: "kill",
      SHUTDOWN: "shutdown",
      ACKNOWLEDGE: "acknowledge",
      ACKNOWLEDGE_OPERATION_STATUS: "acknowledge_operation_status",
      RECONCILE: "reconcile",
      RECONCILE_OPERATIONS: "reconcile_operations",
      MESSAGE: "message",
      REQUEST: "request",
      UPDATE_FRAMEWORK: "update_framework",
    };
    for (const [type, field] of Object.entries(payloads)) {
      expect([type, validateSchedulerCall(call({ type, [field]: {} }))]).toEqual([
        type,
        "Expecting 'framework_id' to be present",
      ]);
      expect([type, validateSchedulerCall(call({ type, framework_id: { value: F } }))]).toEqual([
        type,
        `Expecting '${field}' to be present`,
      ]);
    }
    for (const type of ["TEARDOWN", "REVIVE", "SUPPRESS", "UNKNOWN"]) {
      expect([type, validateSchedulerCall(call({ type, framework_id: { value: F } }))]).toEqual([type, undefined]);
      expect([type, validateSchedulerCall(call({ type }))]).toEqual([type, "Expecting 'framework_id' to be present"]);
    }
  });

  it("checks acknowledgement uuids, then the agent id of operation acknowledgements", () => {
    const ack = (uuid: string) =>
      validateSchedulerCall(
        call({
          type: "ACKNOWLEDGE",
          framework_id: { value: F },
          acknowledge: { agent_id: { value: "A" }, task_id: { value: "t" }, uuid: bytes(uuid) },
        }),
      );
    expect(ack(VALID_UUID)).toBeUndefined();
    expect(ack("q83vEjRWeJASNFZ4kBI0Vg==")).toBe("Not a valid UUID");
    const opAck = (uuid: string, agent?: string) =>
      validateSchedulerCall(
        call({
          type: "ACKNOWLEDGE_OPERATION_STATUS",
          framework_id: { value: F },
          acknowledge_operation_status: {
            uuid: bytes(uuid),
            operation_id: { value: "op" },
            ...(agent === undefined ? {} : { agent_id: { value: agent } }),
          },
        }),
      );
    expect(opAck(VALID_UUID, "A")).toBeUndefined();
    expect(opAck("AAAA")).toBe("Not a valid UUID");
    expect(opAck(VALID_UUID)).toBe("Expecting 'agent_id' to be present");
  });

  it("checks that UPDATE_FRAMEWORK names its own framework", () => {
    const update = (id?: string) =>
      validateSchedulerCall(
        call({
          type: "UPDATE_FRAMEWORK",
          framework_id: { value: F },
          update_framework: {
            framework_info: { user: "u", name: "n", ...(id === undefined ? {} : { id: { value: id } }) },
          },
        }),
      );
    expect(update(F)).toBeUndefined();
    expect(update("other")).toBe("'framework_id' differs from 'update_framework.framework_info.id'");
    expect(update()).toBe("'framework_id' differs from 'update_framework.framework_info.id'");
  });
});

describe("UUID validity (3.0)", () => {
  it("wants 16 bytes with version 1 to 5 in the high nibble of byte 6", () => {
    const uuid = (byte6: number, length = 16) => Object.assign(new Uint8Array(length), { 6: byte6 });
    for (let version = 0; version < 16; version++) {
      expect([version, isValidUuid(uuid(version << 4))]).toEqual([version, version >= 1 && version <= 5]);
    }
    expect(isValidUuid(uuid(0x4f))).toBe(true);
    expect(isValidUuid(uuid(0x40, 15))).toBe(false);
    expect(isValidUuid(uuid(0x40, 17))).toBe(false);
    expect(isValidUuid(new Uint8Array(16))).toBe(false);
    expect(isValidUuid(undefined)).toBe(false);
    expect(isValidUuid(bytes(VALID_UUID))).toBe(true);
  });
});

describe("checkFrameworkCall (1.2 steps 11 to 16)", () => {
  const check = (record: FrameworkRecord | undefined, streamId: string | undefined, principal?: string) =>
    checkFrameworkCall(F, { streamId, principal }, { framework: () => record });

  it("answers in the order of the table", () => {
    expect(check(undefined, S)).toEqual(textResponse(400, "Framework cannot be found"));
    expect(check({ connection: "http", streamId: S, removed: true }, S)).toEqual(
      textResponse(400, "Framework cannot be found"),
    );
    expect(check({ connection: "none", principal: "q" }, undefined, "p")).toEqual(
      textResponse(400, "Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`"),
    );
    expect(check({ connection: "none" }, undefined)).toEqual(textResponse(403, "Framework is not subscribed"));
    expect(check({ connection: "driver" }, undefined)).toEqual(
      textResponse(403, "Framework is not connected via HTTP"),
    );
    expect(check({ connection: "http", streamId: S }, undefined)).toEqual(
      textResponse(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header"),
    );
    expect(check({ connection: "http", streamId: S }, S.toUpperCase())).toEqual(
      textResponse(
        400,
        `The stream ID '${S.toUpperCase()}' included in this request didn't match the stream ID currently associated with framework ID ${F}`,
      ),
    );
    expect(check({ connection: "http", streamId: S }, S)).toBeUndefined();
  });

  it("compares an authenticated principal with the stored one, unset reading as empty", () => {
    expect(check({ connection: "http", streamId: S, principal: "p" }, S, "p")).toBeUndefined();
    expect(check({ connection: "http", streamId: S }, S, "p")).toEqual(
      textResponse(400, "Authenticated principal 'p' does not match principal '' set in `FrameworkInfo`"),
    );
    expect(check({ connection: "http", streamId: S, principal: "q" }, S)).toBeUndefined();
  });

  it("words the principal text like the SUBSCRIBE validation", () => {
    expect(principalMismatch("p", "q")).toBe(
      "Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`",
    );
    expect(principalMismatch("p", "p")).toBeUndefined();
    expect(principalMismatch(undefined, "q")).toBeUndefined();
    expect(principalMismatch("p", undefined)).toBeUndefined();
  });
});

describe("admitSchedulerRequest: conformance cases", () => {
  const admit = (request: ProtocolRequest, master: SchedulerEndpointState = subscribed) =>
    admitSchedulerRequest(request, master);

  it("C001: GET gets 405 with Allow: POST", () => {
    const response = responseOf(admit({ ...post(SUBSCRIBE), method: "GET" }));
    expect(response).toEqual({
      status: 405,
      headers: { Allow: "POST", "Content-Type": TEXT, "Content-Length": "72" },
      body: "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.",
    });
  });

  it("C002 to C004: Content-Type missing or not exact", () => {
    expect(status(admit(post(SUBSCRIBE, {})))).toEqual([400, "Expecting 'Content-Type' to be present"]);
    const unsupported = [415, "Expecting 'Content-Type' of application/json or application/x-protobuf"];
    expect(status(admit(post(SUBSCRIBE, { "Content-Type": "application/json; charset=utf-8" })))).toEqual(unsupported);
    expect(status(admit(post(SUBSCRIBE, { "Content-Type": "text/plain" })))).toEqual(unsupported);
  });

  it("C005 to C009: bodies that do not parse, convert or validate", () => {
    expect(status(admit(post("{")))[1]).toMatch(/^Failed to parse body into JSON: syntax error at line 1 near:/);
    expect(status(admit(post("[]")))).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Expecting a JSON object",
    ]);
    expect(status(admit(post({ type: "SUBSCRIBE", subscribe: { framework_info: { user: "u" } } })))).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.name",
    ]);
    expect(status(admit(post({ type: "SUBSCRIBE" })))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'subscribe' to be present",
    ]);
    expect(status(admit(post({})))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'type' to be present",
    ]);
  });

  it("C010: SUBSCRIBE with Accept: text/html gets 406", () => {
    expect(status(admit(post(SUBSCRIBE, { ...JSON_TYPE, Accept: "text/html" })))).toEqual([
      406,
      "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
    ]);
  });

  it("C011: SUBSCRIBE carrying Mesos-Stream-Id gets 400", () => {
    expect(status(admit(post(SUBSCRIBE, { ...JSON_TYPE, "Mesos-Stream-Id": "x" })))).toEqual([
      400,
      "Subscribe calls should not include the 'Mesos-Stream-Id' header",
    ]);
  });

  it("C012 to C015, C035: accepted subscriptions and their encodings", () => {
    expect(admit(post(SUBSCRIBE))).toMatchObject({ kind: "subscribe", encoding: "json", call: SUBSCRIBE });
    expect(admit(post(SUBSCRIBE, { ...JSON_TYPE, Accept: "application/x-protobuf" }))).toMatchObject({
      kind: "subscribe",
      encoding: "protobuf",
    });
    expect(admit(post(SUBSCRIBE, { ...JSON_TYPE, Accept: "application/x-protobuf, application/json" }))).toMatchObject({
      kind: "subscribe",
      encoding: "json",
    });
    expect(admit(post(SUBSCRIBE, JSON_TYPE, "/master/api/v1/scheduler"))).toMatchObject({ kind: "subscribe" });
    expect(admit(post({ ...SUBSCRIBE, foo: 1 }))).toMatchObject({ kind: "subscribe", call: SUBSCRIBE });
    const binary = scheduler.Call.toBinary(SUBSCRIBE as scheduler.Call);
    expect(
      admit({
        method: "POST",
        target: "/api/v1/scheduler",
        headers: { "content-type": "application/x-protobuf" },
        body: binary,
      }),
    ).toMatchObject({ kind: "subscribe", encoding: "json", call: SUBSCRIBE });
  });

  it("C016: a trailing slash reaches the scheduler endpoint", () => {
    expect(status(admit(post({}, JSON_TYPE, "/api/v1/scheduler/")))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'type' to be present",
    ]);
  });

  it("C017: a call of an unknown framework", () => {
    expect(status(admit(post({ type: "TEARDOWN", framework_id: { value: "nope" } }), state()))).toEqual([
      400,
      "Framework cannot be found",
    ]);
  });

  it("C018, C019: missing or wrong Mesos-Stream-Id", () => {
    const decline = { type: "DECLINE", framework_id: { value: F }, decline: { offer_ids: [{ value: "O" }] } };
    expect(status(admit(post(decline)))).toEqual([
      400,
      "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
    ]);
    expect(status(admit(post(decline, { ...JSON_TYPE, "Mesos-Stream-Id": "abc" })))).toEqual([
      400,
      `The stream ID 'abc' included in this request didn't match the stream ID currently associated with framework ID ${F}`,
    ]);
  });

  it("C020: a framework whose stream closed", () => {
    const decline = { type: "DECLINE", framework_id: { value: F }, decline: { offer_ids: [{ value: "O" }] } };
    const disconnected = state({ [F]: { connection: "none" } });
    expect(status(admit(post(decline, { ...JSON_TYPE, "Mesos-Stream-Id": S }), disconnected))).toEqual([
      403,
      "Framework is not subscribed",
    ]);
  });

  it("C021: REVIVE with the current stream id is dispatched, then answered 202 with an empty body", () => {
    const revive = { type: "REVIVE", framework_id: { value: F } };
    expect(admit(post(revive, { ...JSON_TYPE, "Mesos-Stream-Id": S }))).toEqual({
      kind: "call",
      call: revive,
      principal: undefined,
    });
    expect(emptyResponse(202)).toEqual({ status: 202, headers: { "Content-Length": "0" }, body: "" });
  });

  it("C022: type UNKNOWN gets 501", () => {
    const unknown = { type: "UNKNOWN", framework_id: { value: F } };
    expect(responseOf(admit(post(unknown, { ...JSON_TYPE, "Mesos-Stream-Id": S })))).toEqual(
      textResponse(501, "501 Not Implemented."),
    );
  });

  it("C030: a non-leading master redirects, or answers 503 without a leader", () => {
    const following = state({}, { leading: false, leader: "m1:5050" });
    expect(responseOf(admit(post(SUBSCRIBE), following))).toEqual({
      status: 307,
      headers: { Location: "//m1:5050/master/api/v1/scheduler", "Content-Length": "0" },
      body: "",
    });
    expect(status(admit(post({}, {}, "/master/api/v1/scheduler"), following))).toEqual([307, ""]);
    expect(status(admit(post(SUBSCRIBE), state({}, { leading: false })))).toEqual([503, "No leader elected"]);
  });

  it("C031, C032: HTTP framework authentication", () => {
    const authenticated = state({}, { credentials: new Map([["p", "secret"]]) });
    expect(responseOf(admit(post(SUBSCRIBE), authenticated))).toMatchObject({
      status: 401,
      headers: { "WWW-Authenticate": 'Basic realm="mesos-master-scheduler"' },
      body: "401 Unauthorized.",
    });
    const authorization = `Basic ${Buffer.from("p:secret").toString("base64")}`;
    const subscribeAsQ = {
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "u", name: "fw", principal: "q" } },
    };
    expect(status(admit(post(subscribeAsQ, { ...JSON_TYPE, Authorization: authorization }), authenticated))).toEqual([
      400,
      "Failed to validate scheduler::Call: Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`",
    ]);
    expect(admit(post(SUBSCRIBE, { ...JSON_TYPE, Authorization: authorization }), authenticated)).toMatchObject({
      kind: "subscribe",
      principal: "p",
    });
  });

  it("C036, C037: type names must match exactly, and numbers are refused", () => {
    expect(status(admit(post({ type: "TEARDOWN ", framework_id: { value: F } })))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'type' to be present",
    ]);
    expect(status(admit(post({ type: 1 })))).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Not expecting a JSON number for field 'type'",
    ]);
  });

  it("C041, C106, C107: acknowledgement uuids", () => {
    const ack = (uuid: string) =>
      post(
        {
          type: "ACKNOWLEDGE",
          framework_id: { value: F },
          acknowledge: { agent_id: { value: "A" }, task_id: { value: "t" }, uuid },
        },
        { ...JSON_TYPE, "Mesos-Stream-Id": S },
      );
    expect(status(admit(ack("Hw5qUow9-3qeIV1MOyoZCA==")))).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Failed to base64 decode bytes field 'uuid': Invalid character '-'",
    ]);
    const fifteen = Buffer.from(bytes(VALID_UUID).slice(0, 15)).toString("base64");
    expect(status(admit(ack(fifteen)))).toEqual([400, "Failed to validate scheduler::Call: Not a valid UUID"]);
    expect(status(admit(ack("AAAAAAAAAAAAAAAAAAAAAA==")))).toEqual([
      400,
      "Failed to validate scheduler::Call: Not a valid UUID",
    ]);
    expect(admit(ack("Hw5qUow9S3qeIV1MOyoZCA"))).toMatchObject({ kind: "call" });
  });

  it("C048, C049: JSON text errors", () => {
    expect(status(admit(post('{"type":"TEARDOWN","framework_id":{"value":"F"}}x')))).toEqual([
      400,
      "Failed to parse body into JSON: Parsed JSON included non-whitespace trailing characters: x",
    ]);
    expect(status(admit(post('{"x":1e400}')))).toEqual([400, "Failed to parse body into JSON: Value out of range"]);
  });

  it("C111: RECONCILE without the reconcile key", () => {
    expect(status(admit(post({ type: "RECONCILE", framework_id: { value: F } })))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'reconcile' to be present",
    ]);
    expect(
      admit(
        post({ type: "RECONCILE", framework_id: { value: F }, reconcile: {} }, { ...JSON_TYPE, "Mesos-Stream-Id": S }),
      ),
    ).toMatchObject({ kind: "call" });
  });

  it("C115: ACKNOWLEDGE_OPERATION_STATUS without agent_id", () => {
    const body = {
      type: "ACKNOWLEDGE_OPERATION_STATUS",
      framework_id: { value: F },
      acknowledge_operation_status: { uuid: VALID_UUID, operation_id: { value: "op" } },
    };
    expect(status(admit(post(body)))).toEqual([
      400,
      "Failed to validate scheduler::Call: Expecting 'agent_id' to be present",
    ]);
  });
});

describe("admitSchedulerRequest: order of checks (1.2)", () => {
  const credentials = new Map([["p", "s"]]);
  const authorization = `Basic ${Buffer.from("p:s").toString("base64")}`;

  it("routes before anything else", () => {
    expect(status(admitSchedulerRequest(post(SUBSCRIBE, {}, "/api/v1"), subscribed))).toEqual([404, "404 Not Found."]);
    expect(status(admitSchedulerRequest(post(SUBSCRIBE, {}, "/api/v1/scheduler/.."), subscribed))[0]).toBe(404);
  });

  it("authenticates before leadership: a non-leader answers 401 to an unauthenticated request", () => {
    const master = state({}, { credentials, leading: false, leader: "m1:5050" });
    expect(status(admitSchedulerRequest({ ...post(SUBSCRIBE), method: "GET" }, master))[0]).toBe(401);
    expect(status(admitSchedulerRequest(post(SUBSCRIBE, { Authorization: authorization }), master))[0]).toBe(307);
  });

  it("checks leadership and recovery before the method", () => {
    const get = { ...post(SUBSCRIBE), method: "GET" };
    expect(status(admitSchedulerRequest(get, state({}, { leading: false })))[0]).toBe(503);
    expect(status(admitSchedulerRequest(get, state({}, { recovering: true })))).toEqual([
      503,
      "Master has not finished recovery",
    ]);
  });

  it("checks the method before the Content-Type, and that before the body", () => {
    expect(status(admitSchedulerRequest({ ...post("{", {}), method: "PUT" }, subscribed))[0]).toBe(405);
    expect(status(admitSchedulerRequest(post("{", { "Content-Type": "text/plain" }), subscribed))[0]).toBe(415);
  });

  it("validates before negotiating Accept, and negotiates before looking at the stream id", () => {
    const headers = { ...JSON_TYPE, Accept: "text/html", "Mesos-Stream-Id": "x" };
    expect(status(admitSchedulerRequest(post({ type: "SUBSCRIBE" }, headers), subscribed))[0]).toBe(400);
    expect(status(admitSchedulerRequest(post(SUBSCRIBE, headers), subscribed))[0]).toBe(406);
  });

  it("ignores Accept for non-SUBSCRIBE calls except RECONCILE_OPERATIONS", () => {
    const headers = { ...JSON_TYPE, Accept: "text/html", "Mesos-Stream-Id": S };
    const revive = { type: "REVIVE", framework_id: { value: F } };
    expect(admitSchedulerRequest(post(revive, headers), subscribed)).toMatchObject({ kind: "call" });
    const reconcile = { type: "RECONCILE_OPERATIONS", framework_id: { value: F }, reconcile_operations: {} };
    expect(
      status(admitSchedulerRequest(post(reconcile, { ...headers, "Mesos-Stream-Id": "wrong" }), subscribed))[0],
    ).toBe(406);
  });

  it("checks the framework after validation: an invalid call of an unknown framework is a validation error", () => {
    const ack = { type: "ACKNOWLEDGE", framework_id: { value: "nope" } };
    expect(status(admitSchedulerRequest(post(ack), state()))[1]).toBe(
      "Failed to validate scheduler::Call: Expecting 'acknowledge' to be present",
    );
  });

  it("passes the authenticated principal to the framework checks", () => {
    const master = state({ [F]: { connection: "http", streamId: S, principal: "q" } }, { credentials });
    const revive = { type: "REVIVE", framework_id: { value: F } };
    expect(
      status(
        admitSchedulerRequest(
          post(revive, { ...JSON_TYPE, Authorization: authorization, "Mesos-Stream-Id": S }),
          master,
        ),
      ),
    ).toEqual([400, "Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`"]);
  });
});
