/**
 * Call-level validation of the master's operator API, with the reasons of
 * `400 Failed to validate master::Call: <reason>` (mesos 1.11.0
 * src/master/validation.cpp, `master::call::validate`).
 */
import type { master } from "../../generated/mesos-1.11.0/index.js";
import { validateResources } from "../resources/index.js";

type CallType = NonNullable<master.Call["type"]>;

// Types whose sub-message (named after the type) must be present; the GET_* calls, SUBSCRIBE and UNKNOWN need none.
const PAYLOADS: Partial<Record<CallType, keyof master.Call$Fields>> = {
  GET_METRICS: "get_metrics",
  SET_LOGGING_LEVEL: "set_logging_level",
  LIST_FILES: "list_files",
  READ_FILE: "read_file",
  UPDATE_WEIGHTS: "update_weights",
  RESERVE_RESOURCES: "reserve_resources",
  UNRESERVE_RESOURCES: "unreserve_resources",
  CREATE_VOLUMES: "create_volumes",
  DESTROY_VOLUMES: "destroy_volumes",
  GROW_VOLUME: "grow_volume",
  SHRINK_VOLUME: "shrink_volume",
  UPDATE_MAINTENANCE_SCHEDULE: "update_maintenance_schedule",
  START_MAINTENANCE: "start_maintenance",
  STOP_MAINTENANCE: "stop_maintenance",
  DRAIN_AGENT: "drain_agent",
  DEACTIVATE_AGENT: "deactivate_agent",
  REACTIVATE_AGENT: "reactivate_agent",
  UPDATE_QUOTA: "update_quota",
  SET_QUOTA: "set_quota",
  REMOVE_QUOTA: "remove_quota",
  TEARDOWN: "teardown",
  MARK_AGENT_GONE: "mark_agent_gone",
};

const NO_AGENT_ID = "Expecting 'agent_id' to be present; only agent default resources are supported right now";

/** The reason a master rejects the operator call with, or undefined when it is valid. */
export function validateOperatorCall(call: master.Call): string | undefined {
  // An unknown type name was dropped by the JSON parser (and an unknown number by protobuf), so it reads as absent.
  if (call.type === undefined) return "Expecting 'type' to be present";
  const payload = PAYLOADS[call.type];
  if (payload !== undefined && call[payload] === undefined) return `Expecting '${payload}' to be present`;
  switch (call.type) {
    case "RESERVE_RESOURCES":
      return validateResources(call.reserve_resources.resources ?? []);
    case "UNRESERVE_RESOURCES":
      return validateResources(call.unreserve_resources.resources ?? []);
    case "GROW_VOLUME":
      return call.grow_volume.agent_id === undefined ? NO_AGENT_ID : undefined;
    case "SHRINK_VOLUME":
      return call.shrink_volume.agent_id === undefined ? NO_AGENT_ID : undefined;
    default:
      return undefined;
  }
}
