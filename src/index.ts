/**
 * Runtime for Mesos frameworks in TypeScript: the v1 Scheduler and Executor
 * clients, their HTTP transport, and the generated Mesos 1.11.0 bindings they
 * speak (also at `@create-mesos-framework/runtime/mesos`).
 */
export * from "./scheduler/index.js";
export * from "./executor/index.js";
export * from "./http/index.js";
export { consoleLogger, silentLogger, type Logger } from "./logger.js";
