/**
 * The protocol rules mini-mesos answers with: transport checks, call
 * validation and FrameworkInfo validation of the Mesos 1.11 v1 scheduler and
 * executor APIs, with Mesos' exact statuses and texts (mesos-protocol.md).
 */
export * from "./wire.js";
export * from "./ids.js";
export * from "./roles.js";
export * from "./cpp-format.js";
export * from "./framework-info.js";
export * from "./scheduler-call.js";
export * from "./executor-call.js";
