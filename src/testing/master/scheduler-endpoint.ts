/**
 * The master's `POST /api/v1/scheduler` (and `/master/api/v1/scheduler`):
 * the transport checks of mesos-protocol.md 1.2 in order, the SUBSCRIBE
 * stream with framework validation on it, and dispatch of accepted calls to
 * the master.
 */
import type { ServerResponse } from "node:http";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import type { Request, Response } from "../http/server.js";
import { EventStream } from "../http/event-stream.js";
import {
  MEDIA_TYPES,
  admitSchedulerRequest,
  checkUpdateFramework,
  emptyResponse,
  formatCppSet,
  frameworkRoles,
  validateFrameworkInfo,
  type AuthorizationOutcome,
  type SchedulerEndpointState,
} from "../protocol/index.js";
import type { SeededRandom } from "../random.js";
import type { Master } from "./master.js";

/** Options of {@link SchedulerEndpoint}. */
export interface SchedulerEndpointOptions {
  /** Turns on HTTP framework authentication with these principals and secrets. */
  readonly credentials?: ReadonlyMap<string, string>;
  readonly random: SeededRandom;
  /** Told about every call the endpoint accepted (for the cluster's log). */
  readonly onCall?: (frameworkId: string | undefined, call: scheduler.Call) => void;
  /**
   * Role authorisation, like a master with ACLs: the roles each principal may
   * register with. When set, a framework whose principal is not listed, or
   * that asks for another role, is refused (`Not authorized to register framework ...`).
   */
  readonly roleAcl?: Readonly<Record<string, readonly string[]>>;
}

/** Serves the scheduler API of a {@link Master}. */
export class SchedulerEndpoint {
  /** A standby master redirects to this `host:port` (undefined: `503 No leader elected`); null: this master leads. */
  leader: string | undefined | null = null;

  constructor(
    private readonly master: Master,
    private readonly options: SchedulerEndpointOptions,
  ) {}

  /** Handles one request; streams are written to `res` directly. */
  handle(request: Request, res: ServerResponse): Response | undefined {
    const state: SchedulerEndpointState = {
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      leading: this.leader === null,
      ...(this.leader ? { leader: this.leader } : {}),
      frameworks: {
        framework: (id) => {
          const framework = this.master.frameworks.get(id);
          if (!framework) return this.master.isRemoved(id) ? { removed: true, connection: "none" } : undefined;
          return {
            connection: framework.connected ? "http" : "none",
            ...(framework.principal !== undefined ? { principal: framework.principal } : {}),
            ...(framework.streamId !== undefined ? { streamId: framework.streamId } : {}),
          };
        },
      },
    };
    const admission = admitSchedulerRequest({ ...request, body: request.body }, state);
    if (admission.kind === "response") return admission.response;
    if (admission.kind === "subscribe") {
      this.subscribe(admission.call, admission.encoding, admission.principal, request, res);
      return undefined;
    }
    const call = admission.call;
    this.options.onCall?.(call.framework_id?.value, call);
    return this.dispatch(call);
  }

  private subscribe(
    call: Extract<scheduler.Call, { type: "SUBSCRIBE" }>,
    encoding: "json" | "protobuf",
    principal: string | undefined,
    request: Request,
    res: ServerResponse,
  ): void {
    this.options.onCall?.(call.framework_id?.value, call);
    const streamId = this.options.random.uuid();
    // Mesos writes the headers before it validates the subscription; failures arrive as one ERROR record.
    res.writeHead(200, { "Content-Type": MEDIA_TYPES[encoding], "Mesos-Stream-Id": streamId });
    const stream = new EventStream(res, scheduler.Event, encoding, request.connectionId);
    const info = call.subscribe.framework_info;
    const id = info.id?.value || call.framework_id?.value;
    const previous = id ? this.master.frameworks.get(id)?.info : undefined;
    const error = validateFrameworkInfo(principal && !info.principal ? { ...info, principal } : info, {
      ...(call.subscribe.suppressed_roles ? { suppressedRoles: call.subscribe.suppressed_roles } : {}),
      ...(call.subscribe.offer_constraints ? { offerConstraints: call.subscribe.offer_constraints } : {}),
      isRemoved: (frameworkId) => this.master.isRemoved(frameworkId),
      ...(previous ? { previous } : {}),
      ...this.authorize(info, principal),
    });
    if (error) {
      stream.send({ type: "ERROR", error: { message: error } });
      stream.end();
      return;
    }
    this.master.subscribe(call, stream, streamId, principal);
  }

  /** The authorizer's verdict on registering `info` (nothing when no ACL is configured or it allows it). */
  private authorize(
    info: mesos.FrameworkInfo,
    principal: string | undefined,
  ): { authorization?: AuthorizationOutcome } {
    const acl = this.options.roleAcl;
    if (!acl) return {};
    const roles = frameworkRoles(info);
    const allowed = acl[principal ?? info.principal ?? ""];
    if (allowed && [...roles].every((role) => allowed.includes(role))) return {};
    return {
      authorization: {
        kind: "denied",
        action: `register framework ${info.id?.value ?? ""} with roles ${formatCppSet(roles)}`,
      },
    };
  }

  private dispatch(call: scheduler.Call): Response {
    const framework = this.master.frameworks.get(call.framework_id!.value)!;
    const accepted = emptyResponse(202);
    switch (call.type) {
      case "TEARDOWN":
        this.master.removeFramework(framework);
        return accepted;
      case "ACCEPT":
        this.master.accept(framework, call.accept);
        return accepted;
      case "DECLINE":
        this.master.decline(framework, call.decline);
        return accepted;
      case "REVIVE":
        this.master.revive(framework, call.revive?.roles);
        return accepted;
      case "SUPPRESS":
        this.master.suppress(framework, call.suppress?.roles);
        return accepted;
      case "KILL":
        this.master.kill(framework, call.kill);
        return accepted;
      case "SHUTDOWN":
        this.master.shutdown(framework, call.shutdown);
        return accepted;
      case "ACKNOWLEDGE":
        this.master.acknowledge(framework, call.acknowledge);
        return accepted;
      case "RECONCILE":
        this.master.reconcile(framework, call.reconcile);
        return accepted;
      case "MESSAGE":
        this.master.message(framework, call.message);
        return accepted;
      case "RECONCILE_OPERATIONS":
        this.master.reconcileOperations(framework, call.reconcile_operations);
        return accepted;
      case "ACKNOWLEDGE_OPERATION_STATUS":
        this.master.acknowledgeOperationStatus(framework, call.acknowledge_operation_status);
        return accepted;
      case "UPDATE_FRAMEWORK": {
        const refused = checkUpdateFramework(framework.info, call.update_framework, {
          isRemoved: (id) => this.master.isRemoved(id),
          ...this.authorize(call.update_framework.framework_info, framework.principal),
        });
        if (refused) return refused;
        this.master.updateFramework(framework, call.update_framework);
        return emptyResponse(200);
      }
      default:
        // ACCEPT/DECLINE_INVERSE_OFFERS, REQUEST: accepted; no inverse offers are simulated.
        return accepted;
    }
  }
}
