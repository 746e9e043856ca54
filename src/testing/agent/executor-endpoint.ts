/**
 * An agent's `POST /api/v1/executor` (and `/slave(1)/api/v1/executor`): the
 * checks of mesos-protocol.md 1.11 in order, the executor's SUBSCRIBE
 * stream, and UPDATE / MESSAGE handed to the agent.
 */
import type { ServerResponse } from "node:http";
import { executor } from "../../generated/mesos-1.11.0/index.js";
import { EventStream } from "../http/event-stream.js";
import type { Request, Response } from "../http/server.js";
import { MEDIA_TYPES, admitExecutorRequest, emptyResponse } from "../protocol/index.js";
import type { Agent } from "./agent.js";

/** Serves the executor API of an {@link Agent}. */
export class ExecutorEndpoint {
  /** While true, every request is answered `503 Agent has not finished recovery` (an agent restarting). */
  recovering = false;

  constructor(
    private readonly agent: Agent,
    private readonly onCall?: (call: executor.Call) => void,
  ) {}

  /** Handles one request; the SUBSCRIBE stream is written to `res` directly. */
  handle(request: Request, res: ServerResponse): Response | undefined {
    const admission = admitExecutorRequest(request, {
      recoveringContainers: this.recovering,
      hasFramework: (id) => this.agent.knowsFramework(id),
      executor: (frameworkId, executorId) => {
        const runtime = this.agent.executorFor(frameworkId, executorId);
        return runtime ? { registering: runtime.state === "launching" } : undefined;
      },
    });
    if (admission.kind === "response") return admission.response;
    const call = admission.call;
    this.onCall?.(call);
    const runtime = this.agent.executorFor(call.framework_id.value, call.executor_id.value)!;
    if (admission.kind === "subscribe") {
      res.writeHead(200, { "Content-Type": MEDIA_TYPES[admission.encoding] });
      const stream = new EventStream(res, executor.Event, admission.encoding, request.connectionId);
      this.agent.executorSubscribed(runtime, admission.call.subscribe, stream);
      return undefined;
    }
    if (call.type === "UPDATE") this.agent.executorCallUpdate(runtime, call.update.status);
    else if (call.type === "MESSAGE") this.agent.executorCallMessage(runtime, call.message.data);
    return emptyResponse(202);
  }
}
