/**
 * The master's operator API, `POST /api/v1` (mesos-protocol.md 1.10; mesos
 * 1.11.0 src/master/http.cpp `Master::Http::api`): leader redirect, method,
 * `Content-Type` and body decoding with the scheduler endpoint's texts, call
 * validation (`Failed to validate master::Call: ...`), then `Accept`
 * negotiated for every call, and a `200` with a `mesos.v1.master.Response`
 * in the chosen encoding. The read-only calls (GET_STATE, GET_TASKS,
 * GET_FRAMEWORKS, GET_AGENTS, GET_EXECUTORS, GET_HEALTH, GET_VERSION,
 * GET_MASTER) and TEARDOWN are simulated; the others answer `501` saying so.
 */
import { master } from "../../generated/mesos-1.11.0/index.js";
import type { MiniMesos } from "../cluster.js";
import type { Request, Response } from "../http/server.js";
import {
  MEDIA_TYPES,
  checkMethod,
  decodeRequestCall,
  decodingResponse,
  emptyResponse,
  headerValue,
  negotiateEncoding,
  notAcceptableResponse,
  notFoundResponse,
  redirectToLeader,
  routeRequest,
  textResponse,
  type Encoding,
} from "../protocol/index.js";
import { validateOperatorCall } from "./operator-call.js";
import { historyOf, type OperatorHistory } from "./operator-history.js";
import { operatorResponseJson } from "./operator-json.js";
import { MESOS_VERSION, OperatorState } from "./operator-state.js";

/** Who leads, as the scheduler endpoint of the same master sees it: null when this master leads. */
export interface Leadership {
  /** `host:port` of the leader to redirect to, undefined when no leader is elected, null when this master leads. */
  readonly leader: string | undefined | null;
}

/** Serves the operator API of a cluster's master. */
export class OperatorEndpoint {
  private readonly history: OperatorHistory;
  private readonly state: OperatorState;

  /** Build it when the master starts: GET_MASTER reports that moment as `start_time`. */
  constructor(
    private readonly cluster: MiniMesos,
    private readonly leadership: Leadership = { leader: null },
  ) {
    this.history = historyOf(cluster);
    this.state = new OperatorState(cluster, this.history);
  }

  /** Handles one request to `/api/v1` (or `/master/api/v1`). */
  handle(request: Request): Response {
    const route = routeRequest(request.target, "master");
    if (route?.endpoint !== "operator") return notFoundResponse();
    if (this.leadership.leader !== null) return redirectToLeader(route, this.leadership.leader);
    const wrongMethod = checkMethod(request.method);
    if (wrongMethod !== undefined) return wrongMethod;
    const decoded = decodeRequestCall(master.Call, request);
    if (!decoded.ok) return decodingResponse(decoded);
    const invalid = validateOperatorCall(decoded.call);
    if (invalid !== undefined) return textResponse(400, `Failed to validate master::Call: ${invalid}`);
    const encoding = negotiateEncoding(headerValue(request.headers, "Accept"));
    if (encoding === undefined) return notAcceptableResponse();
    return this.dispatch(decoded.call, encoding);
  }

  private dispatch(call: master.Call, encoding: Encoding): Response {
    const ok = (response: master.Response): Response => respond(response, encoding);
    if (call.type === "GET_HEALTH") return ok({ type: "GET_HEALTH", get_health: { healthy: true } });
    if (call.type === "GET_VERSION") {
      return ok({ type: "GET_VERSION", get_version: { version_info: { version: MESOS_VERSION } } });
    }
    if (call.type === "GET_MASTER") {
      const started = this.history.startedMs / 1000;
      return ok({
        type: "GET_MASTER",
        get_master: { master_info: this.cluster.master.masterInfo(), start_time: started, elected_time: started },
      });
    }
    this.history.catchUp();
    switch (call.type) {
      case "GET_STATE":
        return ok({ type: "GET_STATE", get_state: this.state.getState() });
      case "GET_TASKS":
        return ok({ type: "GET_TASKS", get_tasks: this.state.getTasks() });
      case "GET_FRAMEWORKS":
        return ok({ type: "GET_FRAMEWORKS", get_frameworks: this.state.getFrameworks() });
      case "GET_AGENTS":
        return ok({ type: "GET_AGENTS", get_agents: this.state.getAgents() });
      case "GET_EXECUTORS":
        return ok({ type: "GET_EXECUTORS", get_executors: this.state.getExecutors() });
      case "TEARDOWN": {
        const framework = this.cluster.master.frameworks.get(call.teardown.framework_id.value);
        if (!framework) return textResponse(400, "No framework found with specified ID");
        this.cluster.master.removeFramework(framework);
        return emptyResponse(200);
      }
      case "UNKNOWN":
        return textResponse(501, "501 Not Implemented.");
      default:
        return textResponse(501, `mini-mesos does not simulate the operator call ${call.type}`);
    }
  }
}

/** A `200` carrying the response in the negotiated encoding. */
function respond(response: master.Response, encoding: Encoding): Response {
  const body = encoding === "json" ? operatorResponseJson(response) : master.Response.toBinary(response);
  return { status: 200, headers: { "Content-Type": MEDIA_TYPES[encoding] }, body };
}
