/**
 * JSON of operator API responses as a Mesos master writes it. GET_STATE,
 * GET_TASKS, GET_FRAMEWORKS, GET_AGENTS and GET_EXECUTORS are not written by
 * the generic protobuf-to-JSON converter but by hand-made writers
 * (mesos 1.11.0 src/master/readonly_handler.cpp, `jsonifyGet*`), which differ
 * from it in two ways the recordings show:
 *
 * - the lists of those responses are always written, empty or not
 *   (`"completed_tasks":[]`), while everything inside a list element follows
 *   the generic rules (empty lists left out);
 * - an agent's `agent_info` comes from the master's internal v0 `SlaveInfo`,
 *   whose `checkpoint` field (always true for current agents, declared after
 *   `domain`) v1 `AgentInfo` lacks.
 *
 * The deprecated lists the writers skip (`pending_tasks`, `orphan_tasks`,
 * `orphan_executors`, `recovered_frameworks`) are not written at all. Other
 * responses use the generic converter.
 */
import { master, mesos } from "../../generated/mesos-1.11.0/index.js";

/** Stable codes of {@link OperatorJsonError}. */
export type OperatorJsonErrorCode =
  /** The generic encoder did not write an agent the way the `checkpoint` splice expects (a bug here). */
  "ERR_OPERATOR_JSON_AGENT";

/** A response that cannot be written the way Mesos writes it. */
export class OperatorJsonError extends Error {
  override readonly name = "OperatorJsonError";

  constructor(
    readonly code: OperatorJsonErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body a Mesos master sends for `response`. */
export function operatorResponseJson(response: master.Response): string {
  switch (response.type) {
    case "GET_STATE":
      return object([
        ["type", '"GET_STATE"'],
        ["get_state", stateJson(response.get_state)],
      ]);
    case "GET_TASKS":
      return object([
        ["type", '"GET_TASKS"'],
        ["get_tasks", tasksJson(response.get_tasks)],
      ]);
    case "GET_EXECUTORS":
      return object([
        ["type", '"GET_EXECUTORS"'],
        ["get_executors", executorsJson(response.get_executors)],
      ]);
    case "GET_FRAMEWORKS":
      return object([
        ["type", '"GET_FRAMEWORKS"'],
        ["get_frameworks", frameworksJson(response.get_frameworks)],
      ]);
    case "GET_AGENTS":
      return object([
        ["type", '"GET_AGENTS"'],
        ["get_agents", agentsJson(response.get_agents)],
      ]);
    default:
      return master.Response.toJson(response);
  }
}

function stateJson(state: master.Response_GetState): string {
  return object([
    ["get_tasks", tasksJson(state.get_tasks ?? {})],
    ["get_executors", executorsJson(state.get_executors ?? {})],
    ["get_frameworks", frameworksJson(state.get_frameworks ?? {})],
    ["get_agents", agentsJson(state.get_agents ?? {})],
  ]);
}

function tasksJson(tasks: master.Response_GetTasks): string {
  return object([
    ["tasks", list(tasks.tasks, (t) => mesos.Task.toJson(t))],
    ["unreachable_tasks", list(tasks.unreachable_tasks, (t) => mesos.Task.toJson(t))],
    ["completed_tasks", list(tasks.completed_tasks, (t) => mesos.Task.toJson(t))],
  ]);
}

function executorsJson(executors: master.Response_GetExecutors): string {
  return object([["executors", list(executors.executors, (e) => master.Response_GetExecutors_Executor.toJson(e))]]);
}

function frameworksJson(frameworks: master.Response_GetFrameworks): string {
  const write = (f: master.Response_GetFrameworks_Framework): string =>
    master.Response_GetFrameworks_Framework.toJson(f);
  return object([
    ["frameworks", list(frameworks.frameworks, write)],
    ["completed_frameworks", list(frameworks.completed_frameworks, write)],
  ]);
}

function agentsJson(agents: master.Response_GetAgents): string {
  return object([
    ["agents", list(agents.agents, agentJson)],
    ["recovered_agents", list(agents.recovered_agents, agentInfoJson)],
  ]);
}

/** An agent element with `"checkpoint":true` spliced into its `agent_info`, the field v0 SlaveInfo adds. */
function agentJson(agent: master.Response_GetAgents_Agent): string {
  const generic = master.Response_GetAgents_Agent.toJson(agent);
  // `agent_info` is the first declared field, so the element starts with exactly its generic JSON.
  const head = `{"agent_info":${mesos.AgentInfo.toJson(agent.agent_info)}`;
  if (!generic.startsWith(head)) {
    throw new OperatorJsonError("ERR_OPERATOR_JSON_AGENT", `unexpected JSON for agent ${agent.agent_info.id?.value}`);
  }
  return `{"agent_info":${agentInfoJson(agent.agent_info)}${generic.slice(head.length)}`;
}

function agentInfoJson(info: mesos.AgentInfo): string {
  const generic = mesos.AgentInfo.toJson(info);
  return `${generic.slice(0, -1)},"checkpoint":true}`;
}

function object(fields: readonly (readonly [string, string])[]): string {
  return `{${fields.map(([name, json]) => `"${name}":${json}`).join(",")}}`;
}

function list<T>(items: readonly T[] | undefined, write: (item: T) => string): string {
  return `[${(items ?? []).map(write).join(",")}]`;
}
