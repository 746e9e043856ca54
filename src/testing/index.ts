/**
 * mini-mesos: an in-memory Mesos master and agents on 127.0.0.1 for
 * framework system tests (`startMiniMesos`), with fault injection, strict
 * protocol checking, a virtual clock and session logs.
 */
export {
  DEFAULT_AGENT_RESOURCES,
  MiniMesos,
  startMiniMesos,
  type AgentSpec,
  type LogEntry,
  type MiniAgent,
  type MiniMesosOptions,
} from "./cluster.js";
export type { InProcessExecutor, TaskMode } from "./agent/agent.js";
export { RealClock, VirtualClock, type Clock, type ClockTimer } from "./clock.js";
export { Faults } from "./faults.js";
export { ProtocolReferee, ProtocolViolationError, type Violation } from "./strict.js";
export { formatSessionLog, loadSessionLog, parseSessionLog, saveSessionLog } from "./session-log.js";
export { CONTROL_PREFIX } from "./control-endpoint.js";
