/**
 * The agent's executor endpoint `POST /api/v1/executor` (mesos-protocol.md
 * 1.11 and 6.2): call validation and the whole check order from routing to
 * dispatch.
 */
import { executor } from "../../generated/mesos-1.11.0/index.js";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { INVALID_UUID, isValidUuid } from "./ids.js";
import {
  checkMethod,
  decodeRequestCall,
  decodingResponse,
  emptyResponse,
  headerValue,
  negotiateEncoding,
  notAcceptableResponse,
  notFoundResponse,
  routeRequest,
  textResponse,
  type Encoding,
  type ProtocolRequest,
  type ProtocolResponse,
} from "./wire.js";

/**
 * The `<reason>` of `400 Failed to validate Executor::Call: <reason>` (6.2),
 * check-status rules included, or undefined when the call is valid.
 */
export function validateExecutorCall(call: executor.Call): string | undefined {
  if (call.type === undefined) return "Expecting 'type' to be present";
  // Both ids are required fields, so only calls built by hand can lack them.
  if (call.executor_id === undefined) return "Expecting 'executor_id' to be present";
  if (call.framework_id === undefined) return "Expecting 'framework_id' to be present";
  switch (call.type) {
    case "SUBSCRIBE":
      return call.subscribe === undefined ? "Expecting 'subscribe' to be present" : undefined;
    case "MESSAGE":
      return call.message === undefined ? "Expecting 'message' to be present" : undefined;
    case "UPDATE":
      return call.update === undefined ? "Expecting 'update' to be present" : validateUpdate(call, call.update.status);
    default:
      return undefined;
  }
}

function validateUpdate(call: executor.Call, status: mesos.TaskStatus): string | undefined {
  const executorId = call.executor_id.value;
  const frameworkId = call.framework_id.value;
  if (status.uuid === undefined) return "Expecting 'uuid' to be present";
  if (!isValidUuid(status.uuid)) return INVALID_UUID;
  if (status.executor_id !== undefined && status.executor_id.value !== executorId) {
    return `ExecutorID in Call: ${executorId} does not match ExecutorID in TaskStatus: ${status.executor_id.value}`;
  }
  // An absent source reads as its proto default, SOURCE_MASTER.
  if (status.source !== "SOURCE_EXECUTOR") {
    return `Received Call from executor ${executorId} of framework ${frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`;
  }
  if (status.state === "TASK_STAGING") {
    return `Received TASK_STAGING from executor ${executorId} of framework ${frameworkId} which is not allowed`;
  }
  return status.check_status === undefined ? undefined : validateCheckStatus(status.check_status);
}

/** The reason a `TaskStatus.check_status` is malformed, or undefined. */
export function validateCheckStatus(check: mesos.CheckStatusInfo): string | undefined {
  switch (check.type) {
    case undefined:
      return "CheckStatusInfo must specify 'type'";
    case "COMMAND":
      return check.command === undefined ? "Expecting 'command' to be set for COMMAND check's status" : undefined;
    case "HTTP":
      return check.http === undefined ? "Expecting 'http' to be set for HTTP check's status" : undefined;
    case "TCP":
      return check.tcp === undefined ? "Expecting 'tcp' to be set for TCP check's status" : undefined;
    default:
      return `'${check.type}' is not a valid check's status type`;
  }
}

/** What the agent knows of an executor, as far as admission needs it. */
export interface ExecutorRecord {
  /** True until the executor's first SUBSCRIBE (state REGISTERING); a disconnected executor is no longer registering. */
  readonly registering: boolean;
}

/** The agent state the executor endpoint consults, step by step. */
export interface ExecutorEndpointState {
  /** True while the agent has not recovered its containerizer after a restart (step 1): every call gets 503. */
  readonly recoveringContainers?: boolean;
  /** True while the agent is still RECOVERING (step 7): only SUBSCRIBE and HEARTBEAT pass. */
  readonly recovering?: boolean;
  /** Whether this agent knows the framework (step 8). */
  hasFramework(frameworkId: string): boolean;
  /** The executor of a known framework, or undefined when unknown (step 9). */
  executor(frameworkId: string, executorId: string): ExecutorRecord | undefined;
  /** The 403 reason when executor authentication is on and the token's claims do not match (step 10). */
  authorize?(call: executor.Call): string | undefined;
}

/** How the endpoint goes on with a request. */
export type ExecutorAdmission =
  /** Answer with this response. */
  | { readonly kind: "response"; readonly response: ProtocolResponse }
  /** Open the executor's event stream (step 12; no `Mesos-Stream-Id`). */
  | { readonly kind: "subscribe"; readonly call: executor.Call & { type: "SUBSCRIBE" }; readonly encoding: Encoding }
  /** Process an UPDATE or MESSAGE, then answer `202` (step 13). */
  | { readonly kind: "call"; readonly call: executor.Call & { type: "UPDATE" | "MESSAGE" } };

/**
 * Runs the checks of 1.11 in order for a request to the executor endpoint
 * (a 404 when `request.target` routes elsewhere) and says how to go on.
 */
export function admitExecutorRequest(request: ProtocolRequest, state: ExecutorEndpointState): ExecutorAdmission {
  const answer = (response: ProtocolResponse): ExecutorAdmission => ({ kind: "response", response });
  const unavailable = textResponse(503, "Agent has not finished recovery");
  if (routeRequest(request.target, "agent")?.endpoint !== "executor") return answer(notFoundResponse());
  if (state.recoveringContainers) return answer(unavailable);
  const wrongMethod = checkMethod(request.method);
  if (wrongMethod !== undefined) return answer(wrongMethod);
  const decoded = decodeRequestCall(executor.Call, request);
  if (!decoded.ok) return answer(decodingResponse(decoded));
  const call = decoded.call;
  const invalid = validateExecutorCall(call);
  if (invalid !== undefined) return answer(textResponse(400, `Failed to validate Executor::Call: ${invalid}`));
  const encoding = negotiateEncoding(headerValue(request.headers, "Accept"));
  if (call.type === "SUBSCRIBE" && encoding === undefined) return answer(notAcceptableResponse());
  // Answered before any lookup: the official library sends placeholder ids (`unused`).
  if (call.type === "HEARTBEAT") return answer(emptyResponse(202));
  if (call.type !== "SUBSCRIBE" && state.recovering) return answer(unavailable);
  const frameworkId = call.framework_id.value;
  if (!state.hasFramework(frameworkId)) return answer(textResponse(400, "Framework cannot be found"));
  const record = state.executor(frameworkId, call.executor_id.value);
  if (record === undefined) return answer(textResponse(400, "Executor cannot be found"));
  const forbidden = state.authorize?.(call);
  if (forbidden !== undefined) return answer(textResponse(403, forbidden));
  if (record.registering && call.type !== "SUBSCRIBE") return answer(textResponse(403, "Executor is not subscribed"));
  switch (call.type) {
    case "SUBSCRIBE":
      return { kind: "subscribe", call, encoding: encoding! };
    case "UPDATE":
    case "MESSAGE":
      return { kind: "call", call };
    default:
      return answer(textResponse(501, "501 Not Implemented."));
  }
}
