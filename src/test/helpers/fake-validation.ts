/**
 * Call-level validation of Mesos 1.11.0 (mesos-protocol.md 3.0 and 6.2): the
 * `<reason>` of `Failed to validate scheduler::Call: <reason>` and of
 * `Failed to validate Executor::Call: <reason>`, or undefined when valid.
 */
import type { executor, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { isValidUuid } from "./fake-wire.js";

// Scheduler call types that must carry a sub-message named after the type (`ACCEPT` → `accept`).
const WITH_PAYLOAD = new Set([
  "ACCEPT",
  "DECLINE",
  "ACCEPT_INVERSE_OFFERS",
  "DECLINE_INVERSE_OFFERS",
  "KILL",
  "SHUTDOWN",
  "ACKNOWLEDGE",
  "ACKNOWLEDGE_OPERATION_STATUS",
  "RECONCILE",
  "RECONCILE_OPERATIONS",
  "MESSAGE",
  "REQUEST",
  "UPDATE_FRAMEWORK",
]);

/** `validation::scheduler::call::validate`; `principal` is the authenticated one, if any. */
export function schedulerCallError(call: scheduler.Call, principal?: string): string | undefined {
  if (call.type === undefined) return "Expecting 'type' to be present";
  if (call.type === "SUBSCRIBE") {
    if (!call.subscribe) return "Expecting 'subscribe' to be present";
    const info = call.subscribe.framework_info;
    // An absent id compares equal to an empty one, as protobuf default instances do.
    if (call.framework_id && call.framework_id.value !== (info.id?.value ?? "")) {
      return "'framework_id' differs from 'subscribe.framework_info.id'";
    }
    return principalError(principal, info.principal);
  }
  if (!call.framework_id) return "Expecting 'framework_id' to be present";
  const field = call.type.toLowerCase();
  if (WITH_PAYLOAD.has(call.type) && (call as unknown as Record<string, unknown>)[field] === undefined) {
    return `Expecting '${field}' to be present`;
  }
  if (call.type === "ACKNOWLEDGE" && !isValidUuid(call.acknowledge.uuid)) return "Not a valid UUID";
  if (call.type === "ACKNOWLEDGE_OPERATION_STATUS") {
    if (!isValidUuid(call.acknowledge_operation_status.uuid)) return "Not a valid UUID";
    if (!call.acknowledge_operation_status.agent_id) return "Expecting 'agent_id' to be present";
  }
  if (
    call.type === "UPDATE_FRAMEWORK" &&
    call.framework_id.value !== (call.update_framework.framework_info.id?.value ?? "")
  ) {
    return "'framework_id' differs from 'update_framework.framework_info.id'";
  }
  return undefined;
}

/** The text of steps 12 of 1.2 and 1.9 when an authenticated principal differs from `FrameworkInfo.principal`. */
export function principalError(authenticated: string | undefined, declared: string | undefined): string | undefined {
  if (authenticated === undefined || declared === undefined || authenticated === declared) return undefined;
  return `Authenticated principal '${authenticated}' does not match principal '${declared}' set in \`FrameworkInfo\``;
}

/** `validateExecutorCall` without the check-status rules. */
export function executorCallError(call: executor.Call): string | undefined {
  if (call.type === undefined) return "Expecting 'type' to be present";
  if (call.type === "SUBSCRIBE" && !call.subscribe) return "Expecting 'subscribe' to be present";
  if (call.type === "MESSAGE" && !call.message) return "Expecting 'message' to be present";
  if (call.type !== "UPDATE") return undefined;
  if (!call.update) return "Expecting 'update' to be present";
  const status = call.update.status;
  const executorId = call.executor_id.value;
  const frameworkId = call.framework_id.value;
  if (status.uuid === undefined) return "Expecting 'uuid' to be present";
  if (!isValidUuid(status.uuid)) return "Not a valid UUID";
  if (status.executor_id && status.executor_id.value !== executorId) {
    return `ExecutorID in Call: ${executorId} does not match ExecutorID in TaskStatus: ${status.executor_id.value}`;
  }
  // An absent source reads as SOURCE_MASTER, its protobuf default.
  if (status.source !== "SOURCE_EXECUTOR") {
    return `Received Call from executor ${executorId} of framework ${frameworkId} with invalid source, expecting 'SOURCE_EXECUTOR'`;
  }
  if (status.state === "TASK_STAGING") {
    return `Received TASK_STAGING from executor ${executorId} of framework ${frameworkId} which is not allowed`;
  }
  return undefined;
}
