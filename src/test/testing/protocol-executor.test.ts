// The executor endpoint of mini-mesos (mesos-protocol.md 1.11, 6.2): call validation and the order of
// the agent's checks, fed with whole requests.
import { describe, expect, it } from "vitest";
import { executor } from "../../generated/mesos-1.11.0/index.js";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import {
  admitExecutorRequest,
  emptyResponse,
  textResponse,
  validateCheckStatus,
  validateExecutorCall,
} from "../../testing/protocol/index.js";
import type {
  ExecutorAdmission,
  ExecutorEndpointState,
  ExecutorRecord,
  ProtocolRequest,
  ProtocolResponse,
} from "../../testing/protocol/index.js";

const JSON_TYPE = { "Content-Type": "application/json" };
const F = "fw-1";
const E = "exec-1";
const VALID_UUID = "Hw5qUow9S3qeIV1MOyoZCA==";
const ids = { framework_id: { value: F }, executor_id: { value: E } };
const SUBSCRIBE = { type: "SUBSCRIBE", ...ids, subscribe: {} };

function update(status: Record<string, unknown>) {
  return {
    type: "UPDATE",
    ...ids,
    update: {
      status: {
        task_id: { value: "t" },
        state: "TASK_RUNNING",
        source: "SOURCE_EXECUTOR",
        uuid: VALID_UUID,
        ...status,
      },
    },
  };
}

function post(
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
  target = "/api/v1/executor",
): ProtocolRequest {
  return { method: "POST", target, headers, body: typeof body === "string" ? body : JSON.stringify(body) };
}

/** An agent that knows framework F with executor E (subscribed unless `record` says otherwise). */
function agent(record: ExecutorRecord = { registering: false }, more: Partial<ExecutorEndpointState> = {}) {
  return {
    hasFramework: (id: string) => id === F,
    executor: (framework: string, executorId: string) => (framework === F && executorId === E ? record : undefined),
    ...more,
  } satisfies ExecutorEndpointState;
}

function responseOf(admission: ExecutorAdmission): ProtocolResponse {
  if (admission.kind !== "response") throw new Error(`expected a response, got ${admission.kind}`);
  return admission.response;
}

const status = (admission: ExecutorAdmission): [number, string] => {
  const response = responseOf(admission);
  return [response.status, response.body];
};

const decode = (body: object): executor.Call => executor.Call.fromJson(JSON.stringify(body));

describe("validateExecutorCall (6.2)", () => {
  it("needs a type and the sub-message of SUBSCRIBE, UPDATE and MESSAGE", () => {
    expect(validateExecutorCall(decode(ids))).toBe("Expecting 'type' to be present");
    expect(validateExecutorCall(decode({ ...ids, type: "SUBSCRIBE" }))).toBe("Expecting 'subscribe' to be present");
    expect(validateExecutorCall(decode({ ...ids, type: "UPDATE" }))).toBe("Expecting 'update' to be present");
    expect(validateExecutorCall(decode({ ...ids, type: "MESSAGE" }))).toBe("Expecting 'message' to be present");
    for (const type of ["HEARTBEAT", "UNKNOWN"]) expect(validateExecutorCall(decode({ ...ids, type }))).toBeUndefined();
    expect(validateExecutorCall(decode(SUBSCRIBE))).toBeUndefined();
    expect(validateExecutorCall(decode({ ...ids, type: "MESSAGE", message: { data: "aGk=" } }))).toBeUndefined();
  });

  it("needs both ids on calls built by hand", () => {
    expect(validateExecutorCall({ type: "HEARTBEAT", framework_id: { value: F } } as executor.Call)).toBe(
      "Expecting 'executor_id' to be present",
    );
    expect(validateExecutorCall({ type: "HEARTBEAT", executor_id: { value: E } } as executor.Call)).toBe(
      "Expecting 'framework_id' to be present",
    );
  });

  it("checks an UPDATE's status in order", () => {
    expect(validateExecutorCall(decode(update({})))).toBeUndefined();
    const noUuid = update({});
    delete (noUuid.update.status as Partial<typeof noUuid.update.status>).uuid;
    expect(validateExecutorCall(decode(noUuid))).toBe("Expecting 'uuid' to be present");
    expect(validateExecutorCall(decode(update({ uuid: "ABEiM0RVZneImaq7zN3u/w==" })))).toBe("Not a valid UUID");
    expect(validateExecutorCall(decode(update({ executor_id: { value: "other" }, source: undefined })))).toBe(
      `ExecutorID in Call: ${E} does not match ExecutorID in TaskStatus: other`,
    );
    expect(validateExecutorCall(decode(update({ executor_id: { value: E } })))).toBeUndefined();
    // C125: an absent source reads as SOURCE_MASTER.
    expect(validateExecutorCall(decode(update({ source: undefined, state: "TASK_STAGING" })))).toBe(
      `Received Call from executor ${E} of framework ${F} with invalid source, expecting 'SOURCE_EXECUTOR'`,
    );
    expect(validateExecutorCall(decode(update({ source: "SOURCE_AGENT" })))).toBe(
      `Received Call from executor ${E} of framework ${F} with invalid source, expecting 'SOURCE_EXECUTOR'`,
    );
    // C126
    expect(validateExecutorCall(decode(update({ state: "TASK_STAGING", check_status: {} })))).toBe(
      `Received TASK_STAGING from executor ${E} of framework ${F} which is not allowed`,
    );
    expect(validateExecutorCall(decode(update({ check_status: {} })))).toBe("CheckStatusInfo must specify 'type'");
  });

  it("checks check statuses", () => {
    const check = (fields: object) => validateCheckStatus(fields as mesos.CheckStatusInfo);
    expect(check({})).toBe("CheckStatusInfo must specify 'type'");
    expect(check({ type: "COMMAND" })).toBe("Expecting 'command' to be set for COMMAND check's status");
    expect(check({ type: "HTTP" })).toBe("Expecting 'http' to be set for HTTP check's status");
    expect(check({ type: "TCP" })).toBe("Expecting 'tcp' to be set for TCP check's status");
    expect(check({ type: "UNKNOWN" })).toBe("'UNKNOWN' is not a valid check's status type");
    expect(check({ type: "COMMAND", command: { exit_code: 0 } })).toBeUndefined();
    expect(check({ type: "HTTP", http: {} })).toBeUndefined();
    expect(check({ type: "TCP", tcp: { succeeded: true } })).toBeUndefined();
  });
});

describe("admitExecutorRequest: conformance cases", () => {
  it("C125, C126: invalid UPDATEs of a subscribed executor", () => {
    expect(status(admitExecutorRequest(post(update({ source: undefined })), agent()))).toEqual([
      400,
      `Failed to validate Executor::Call: Received Call from executor ${E} of framework ${F} with invalid source, expecting 'SOURCE_EXECUTOR'`,
    ]);
    expect(status(admitExecutorRequest(post(update({ state: "TASK_STAGING" })), agent()))).toEqual([
      400,
      `Failed to validate Executor::Call: Received TASK_STAGING from executor ${E} of framework ${F} which is not allowed`,
    ]);
  });

  it("C128: calls of an executor that never subscribed", () => {
    expect(status(admitExecutorRequest(post(update({})), agent({ registering: true })))).toEqual([
      403,
      "Executor is not subscribed",
    ]);
    expect(admitExecutorRequest(post(SUBSCRIBE), agent({ registering: true }))).toMatchObject({ kind: "subscribe" });
  });

  it("C129: an unknown executor id", () => {
    expect(status(admitExecutorRequest(post({ ...SUBSCRIBE, executor_id: { value: "nope" } }), agent()))).toEqual([
      400,
      "Executor cannot be found",
    ]);
  });

  it("C130: a JSON call without framework_id", () => {
    expect(
      status(admitExecutorRequest(post({ type: "SUBSCRIBE", executor_id: { value: E }, subscribe: {} }), agent())),
    ).toEqual([400, "Failed to convert JSON into Call protobuf: Missing required fields: framework_id"]);
    expect(status(admitExecutorRequest(post({ type: "HEARTBEAT" }), agent()))).toEqual([
      400,
      "Failed to convert JSON into Call protobuf: Missing required fields: executor_id, framework_id",
    ]);
  });

  it("C135: HEARTBEAT with placeholder ids gets 202 before any lookup", () => {
    const heartbeat = { type: "HEARTBEAT", framework_id: { value: "unused" }, executor_id: { value: "unused" } };
    expect(responseOf(admitExecutorRequest(post(heartbeat), agent()))).toEqual(emptyResponse(202));
    expect(responseOf(admitExecutorRequest(post(heartbeat), agent(undefined, { recovering: true })))).toEqual(
      emptyResponse(202),
    );
  });
});

describe("admitExecutorRequest: order of checks (1.11)", () => {
  it("routes before anything else, on both path forms", () => {
    expect(status(admitExecutorRequest(post(SUBSCRIBE, JSON_TYPE, "/api/v1/scheduler"), agent()))).toEqual([
      404,
      "404 Not Found.",
    ]);
    for (const target of ["/slave(1)/api/v1/executor", "/api/v1/executor/"]) {
      expect(admitExecutorRequest(post(SUBSCRIBE, JSON_TYPE, target), agent())).toMatchObject({ kind: "subscribe" });
    }
  });

  it("answers 503 before the method while the containerizer recovers", () => {
    const recovering = agent(undefined, { recoveringContainers: true });
    expect(responseOf(admitExecutorRequest({ ...post(SUBSCRIBE), method: "GET" }, recovering))).toEqual(
      textResponse(503, "Agent has not finished recovery"),
    );
  });

  it("checks method, Content-Type, validation and Accept in turn", () => {
    expect(status(admitExecutorRequest({ ...post("{", {}), method: "GET" }, agent()))[0]).toBe(405);
    expect(status(admitExecutorRequest(post("{", {}), agent()))).toEqual([
      400,
      "Expecting 'Content-Type' to be present",
    ]);
    expect(status(admitExecutorRequest(post("{", { "Content-Type": "text/plain" }), agent()))[0]).toBe(415);
    expect(status(admitExecutorRequest(post("{"), agent()))[1]).toMatch(/^Failed to parse body into JSON: /);
    const headers = { ...JSON_TYPE, Accept: "text/html" };
    expect(status(admitExecutorRequest(post({ ...ids, type: "SUBSCRIBE" }, headers), agent()))).toEqual([
      400,
      "Failed to validate Executor::Call: Expecting 'subscribe' to be present",
    ]);
    expect(status(admitExecutorRequest(post(SUBSCRIBE, headers), agent()))).toEqual([
      406,
      "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
    ]);
    // Only SUBSCRIBE negotiates.
    expect(admitExecutorRequest(post(update({}), headers), agent())).toMatchObject({ kind: "call" });
  });

  it("lets only SUBSCRIBE through while the agent is RECOVERING", () => {
    const recovering = agent(undefined, { recovering: true });
    expect(status(admitExecutorRequest(post(update({})), recovering))).toEqual([
      503,
      "Agent has not finished recovery",
    ]);
    expect(admitExecutorRequest(post(SUBSCRIBE), agent({ registering: false }, { recovering: true }))).toMatchObject({
      kind: "subscribe",
      encoding: "json",
    });
  });

  it("looks up the framework, the executor, the token and the registration in turn", () => {
    const forbidding = { authorize: () => "Token claims do not match" };
    expect(
      status(
        admitExecutorRequest(post({ ...SUBSCRIBE, framework_id: { value: "nope" } }), agent(undefined, forbidding)),
      ),
    ).toEqual([400, "Framework cannot be found"]);
    expect(
      status(
        admitExecutorRequest(post({ ...SUBSCRIBE, executor_id: { value: "nope" } }), agent(undefined, forbidding)),
      ),
    ).toEqual([400, "Executor cannot be found"]);
    expect(status(admitExecutorRequest(post(update({})), agent({ registering: true }, forbidding)))).toEqual([
      403,
      "Token claims do not match",
    ]);
  });

  it("dispatches SUBSCRIBE, UPDATE and MESSAGE, and answers UNKNOWN with 501", () => {
    const protobuf = { ...JSON_TYPE, Accept: "application/x-protobuf" };
    expect(admitExecutorRequest(post(SUBSCRIBE, protobuf), agent())).toMatchObject({
      kind: "subscribe",
      encoding: "protobuf",
      call: { type: "SUBSCRIBE" },
    });
    expect(admitExecutorRequest(post(update({})), agent())).toMatchObject({ kind: "call", call: { type: "UPDATE" } });
    const message = { type: "MESSAGE", ...ids, message: { data: "aGk=" } };
    expect(admitExecutorRequest(post(message), agent())).toMatchObject({ kind: "call", call: { type: "MESSAGE" } });
    expect(responseOf(admitExecutorRequest(post({ type: "UNKNOWN", ...ids }), agent()))).toEqual(
      textResponse(501, "501 Not Implemented."),
    );
    const binary = executor.Call.toBinary(decode(SUBSCRIBE));
    expect(
      admitExecutorRequest(
        {
          method: "POST",
          target: "/api/v1/executor",
          headers: { "Content-Type": "application/x-protobuf" },
          body: binary,
        },
        agent(),
      ),
    ).toMatchObject({ kind: "subscribe", encoding: "json" });
  });
});
