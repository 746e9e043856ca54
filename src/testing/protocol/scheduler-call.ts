/**
 * The scheduler endpoint `POST /api/v1/scheduler` (mesos-protocol.md 1.2 and
 * 3.0): call-level validation, the framework checks of steps 11 to 16, and
 * the whole check order from routing to dispatch.
 */
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import { INVALID_UUID, isValidUuid } from "./ids.js";
import {
  authenticateBasic,
  checkMethod,
  decodeRequestCall,
  decodingResponse,
  headerValue,
  negotiateEncoding,
  notAcceptableResponse,
  notFoundResponse,
  redirectToLeader,
  routeRequest,
  textResponse,
  unauthorizedResponse,
  type Encoding,
  type ProtocolRequest,
  type ProtocolResponse,
} from "./wire.js";

/** Realm of the scheduler endpoint's Basic challenge. */
export const SCHEDULER_REALM = "mesos-master-scheduler";

/** Name of the stream id header (names are case-insensitive). */
export const STREAM_ID_HEADER = "Mesos-Stream-Id";

type CallType = NonNullable<scheduler.Call["type"]>;

// Types whose sub-message (named after the type) must be present; TEARDOWN, REVIVE, SUPPRESS and UNKNOWN need none.
const PAYLOADS: Partial<Record<CallType, keyof scheduler.Call$Fields>> = {
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

/**
 * The `<reason>` of `400 Failed to validate scheduler::Call: <reason>` (3.0),
 * or undefined when the call is valid; `principal` is the authenticated one.
 */
export function validateSchedulerCall(call: scheduler.Call, principal?: string): string | undefined {
  // An unknown type name was dropped by the JSON parser, so it reads as absent too.
  if (call.type === undefined) return "Expecting 'type' to be present";
  if (call.type === "SUBSCRIBE") {
    if (call.subscribe === undefined) return "Expecting 'subscribe' to be present";
    const info = call.subscribe.framework_info;
    // FrameworkIDs compare by value, and an absent id reads as "".
    if ((info.id?.value ?? "") !== (call.framework_id?.value ?? "")) {
      return "'framework_id' differs from 'subscribe.framework_info.id'";
    }
    return principalMismatch(principal, info.principal);
  }
  if (call.framework_id === undefined) return "Expecting 'framework_id' to be present";
  const payload = PAYLOADS[call.type];
  if (payload !== undefined && call[payload] === undefined) return `Expecting '${payload}' to be present`;
  switch (call.type) {
    case "ACKNOWLEDGE":
      return isValidUuid(call.acknowledge.uuid) ? undefined : INVALID_UUID;
    case "ACKNOWLEDGE_OPERATION_STATUS":
      if (!isValidUuid(call.acknowledge_operation_status.uuid)) return INVALID_UUID;
      return call.acknowledge_operation_status.agent_id === undefined
        ? "Expecting 'agent_id' to be present"
        : undefined;
    case "UPDATE_FRAMEWORK":
      return (call.update_framework.framework_info.id?.value ?? "") === call.framework_id.value
        ? undefined
        : "'framework_id' differs from 'update_framework.framework_info.id'";
    default:
      return undefined;
  }
}

/** The text for an authenticated principal that differs from a declared `FrameworkInfo.principal`; undefined when either is absent or they match. */
export function principalMismatch(authenticated: string | undefined, declared: string | undefined): string | undefined {
  if (authenticated === undefined || declared === undefined || authenticated === declared) return undefined;
  return `Authenticated principal '${authenticated}' does not match principal '${declared}' set in \`FrameworkInfo\``;
}

/** What the master knows of a framework, as far as steps 11 to 16 need it. */
export interface FrameworkRecord {
  /** True for a framework in the master's completed list (torn down or failed over for good). */
  readonly removed?: boolean;
  /** The stored `FrameworkInfo.principal`. */
  readonly principal?: string;
  /** `http`: subscribed over the v1 API; `driver`: through the old libprocess driver; `none`: disconnected, or only known from agents. */
  readonly connection: "http" | "driver" | "none";
  /** The `Mesos-Stream-Id` of the current subscription, when connected over HTTP. */
  readonly streamId?: string;
}

/** Framework lookup by id. */
export interface FrameworkRegistry {
  /** The framework with this id, or undefined when the master never saw it. */
  framework(frameworkId: string): FrameworkRecord | undefined;
}

/**
 * Steps 11 to 16 of 1.2 for a non-SUBSCRIBE call of `frameworkId`: the
 * refusal, or undefined when the call may be dispatched.
 */
export function checkFrameworkCall(
  frameworkId: string,
  request: { readonly streamId: string | undefined; readonly principal: string | undefined },
  registry: FrameworkRegistry,
): ProtocolResponse | undefined {
  const framework = registry.framework(frameworkId);
  if (framework === undefined || framework.removed) return textResponse(400, "Framework cannot be found");
  // An unset stored principal reads as "", so any authenticated principal differs from it.
  if (request.principal !== undefined && request.principal !== (framework.principal ?? "")) {
    return textResponse(400, principalMismatch(request.principal, framework.principal ?? "")!);
  }
  if (framework.connection === "none") return textResponse(403, "Framework is not subscribed");
  if (framework.connection === "driver") return textResponse(403, "Framework is not connected via HTTP");
  if (request.streamId === undefined) {
    return textResponse(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  }
  if (request.streamId !== framework.streamId) {
    return textResponse(
      400,
      `The stream ID '${request.streamId}' included in this request didn't match the stream ID currently associated with framework ID ${frameworkId}`,
    );
  }
  return undefined;
}

/** The master state the scheduler endpoint consults, step by step. */
export interface SchedulerEndpointState {
  /** Basic credentials (principal → secret); when set, HTTP framework authentication is on (step 0a). */
  readonly credentials?: ReadonlyMap<string, string>;
  /** False for a non-leading master (step 2); default true. */
  readonly leading?: boolean;
  /** `host:port` of the leader a non-leading master redirects to; undefined when no leader is elected. */
  readonly leader?: string;
  /** True while the master recovers its registry (step 3). */
  readonly recovering?: boolean;
  /** The frameworks of steps 11 to 16. */
  readonly frameworks: FrameworkRegistry;
}

/** How the endpoint goes on with a request. */
export type SchedulerAdmission =
  /** Answer with this response. */
  | { readonly kind: "response"; readonly response: ProtocolResponse }
  /** Open the subscription stream (step 10); framework validation follows on the stream. */
  | {
      readonly kind: "subscribe";
      readonly call: scheduler.Call & { type: "SUBSCRIBE" };
      readonly encoding: Encoding;
      readonly principal: string | undefined;
    }
  /** Dispatch: `202` (UPDATE_FRAMEWORK: see `checkUpdateFramework`). */
  | { readonly kind: "call"; readonly call: scheduler.Call; readonly principal: string | undefined };

/**
 * Runs the checks of 1.2 in order for a request to the scheduler endpoint
 * (a 404 when `request.target` routes elsewhere) and says how to go on.
 */
export function admitSchedulerRequest(request: ProtocolRequest, state: SchedulerEndpointState): SchedulerAdmission {
  const answer = (response: ProtocolResponse): SchedulerAdmission => ({ kind: "response", response });
  const route = routeRequest(request.target, "master");
  if (route?.endpoint !== "scheduler") return answer(notFoundResponse());
  let principal: string | undefined;
  if (state.credentials !== undefined) {
    principal = authenticateBasic(headerValue(request.headers, "Authorization"), state.credentials);
    if (principal === undefined) return answer(unauthorizedResponse(SCHEDULER_REALM));
  }
  if (state.leading === false) return answer(redirectToLeader(route, state.leader));
  if (state.recovering) return answer(textResponse(503, "Master has not finished recovery"));
  const wrongMethod = checkMethod(request.method);
  if (wrongMethod !== undefined) return answer(wrongMethod);
  const decoded = decodeRequestCall(scheduler.Call, request);
  if (!decoded.ok) return answer(decodingResponse(decoded));
  const call = decoded.call;
  const invalid = validateSchedulerCall(call, principal);
  if (invalid !== undefined) return answer(textResponse(400, `Failed to validate scheduler::Call: ${invalid}`));
  // Only the calls that answer with events negotiate an encoding; the others ignore `Accept`.
  const encoding = negotiateEncoding(headerValue(request.headers, "Accept"));
  if ((call.type === "SUBSCRIBE" || call.type === "RECONCILE_OPERATIONS") && encoding === undefined) {
    return answer(notAcceptableResponse());
  }
  const streamId = headerValue(request.headers, STREAM_ID_HEADER);
  if (call.type === "SUBSCRIBE") {
    if (streamId !== undefined) {
      return answer(textResponse(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header"));
    }
    return { kind: "subscribe", call, encoding: encoding!, principal };
  }
  const refused = checkFrameworkCall(call.framework_id!.value, { streamId, principal }, state.frameworks);
  if (refused !== undefined) return answer(refused);
  // A real master aborts on UNKNOWN (3.17); the simulator gives the intended answer and keeps running.
  if (call.type === "UNKNOWN") return answer(textResponse(501, "501 Not Implemented."));
  return { kind: "call", call, principal };
}
