/**
 * Task validation for LAUNCH and LAUNCH_GROUP (mesos-protocol.md 3.3, the
 * numbered table): the first failing rule gives the TASK_ERROR message,
 * with Mesos' exact text.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { validateId } from "../protocol/index.js";
import type { Resources } from "../resources/index.js";
import type { FrameworkRecord } from "./framework.js";

/** What a task is checked against. */
export interface TaskContext {
  readonly framework: FrameworkRecord;
  /** The agent of the accepted offers. */
  readonly agentId: string;
  /** What is left of the accepted offers. */
  readonly pool: Resources;
  /** The task's resources plus its executor's, when that executor is not running yet. */
  readonly needed: Resources;
  /** Task of a LAUNCH_GROUP: the group's own rules apply to the executor and the total. */
  readonly inGroup?: boolean;
}

/** The error message of the first rule the task breaks, or undefined. */
export function validateTask(task: mesos.TaskInfo, context: TaskContext): string | undefined {
  const id = task.task_id.value;
  const idError = validateId(id);
  if (idError) return idError;
  if (context.framework.tasks.has(id)) return `Task has duplicate ID: ${id}`;
  if (task.agent_id.value !== context.agentId) {
    return `Task uses invalid agent ${task.agent_id.value} while agent ${context.agentId} is expected`;
  }
  if (task.kill_policy?.grace_period?.nanoseconds !== undefined && task.kill_policy.grace_period.nanoseconds < 0n) {
    return "Task's 'kill_policy.grace_period' must be non-negative";
  }
  if (task.max_completion_time?.nanoseconds !== undefined && task.max_completion_time.nanoseconds < 0n) {
    return "Task's `max_completion_time` must be non-negative";
  }
  if (!task.resources || task.resources.length === 0) return "Task uses no resources";
  if (!context.inGroup && (task.command === undefined) === (task.executor === undefined)) {
    return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
  }
  if (task.executor && !context.inGroup) {
    const executor = task.executor;
    const executorId = validateId(executor.executor_id.value);
    if (executorId) return executorId;
    if (executor.type !== undefined && executor.type !== "CUSTOM") return "'ExecutorInfo.type' must be 'CUSTOM'";
    if (!executor.command) return "'ExecutorInfo.command' must be set";
    if (executor.framework_id && executor.framework_id.value !== context.framework.id) {
      return `ExecutorInfo has an invalid FrameworkID (Actual: ${executor.framework_id.value} vs Expected: ${context.framework.id})`;
    }
  }
  if (!context.inGroup && !context.pool.contains(context.needed)) {
    return `Total resources ${context.needed.render()} required by task and its executor is more than available ${context.pool.render()}`;
  }
  return undefined;
}
