/**
 * Hand-written schemas for the JSON codec tests: small messages covering every
 * scalar kind, enums (with an alias), nesting, repeated and map fields,
 * defaults (deprecated ones too) and Mesos-shaped calls and events.
 */
import { defineFile, type FieldJson, type FileSchema } from "../codec/schema.js";

const opt = (name: string, number: number, type: FieldJson["type"], extra: Partial<FieldJson> = {}): FieldJson => ({
  name,
  number,
  label: "optional",
  type,
  ...extra,
});
const req = (name: string, number: number, type: FieldJson["type"], extra: Partial<FieldJson> = {}): FieldJson => ({
  name,
  number,
  label: "required",
  type,
  ...extra,
});
const rep = (name: string, number: number, type: FieldJson["type"], extra: Partial<FieldJson> = {}): FieldJson => ({
  name,
  number,
  label: "repeated",
  type,
  ...extra,
});

/** The linked test file, package `t`. */
export const testFile: FileSchema = defineFile({
  file: "t/test.proto",
  package: "t",
  syntax: "proto2",
  enums: [
    {
      name: "t.Kind",
      values: [
        { name: "SCALAR", number: 0 },
        { name: "RANGES", number: 1 },
        { name: "SET", number: 2 },
        { name: "TEXT", number: 3 },
        { name: "WORDS", number: 3 },
      ],
    },
    {
      name: "t.Call.Type",
      values: [
        { name: "UNKNOWN", number: 0 },
        { name: "SUBSCRIBE", number: 1 },
        { name: "TEARDOWN", number: 2 },
        { name: "DECLINE", number: 4 },
        { name: "ACKNOWLEDGE", number: 7 },
      ],
    },
    {
      name: "t.TaskState",
      values: [
        { name: "TASK_STAGING", number: 6 },
        { name: "TASK_RUNNING", number: 1 },
        { name: "TASK_ERROR", number: 12 },
      ],
    },
    {
      name: "t.Capability.Type",
      values: [
        { name: "UNKNOWN", number: 0 },
        { name: "AGENT_UPDATE", number: 1 },
        { name: "AGENT_DRAINING", number: 2 },
      ],
    },
  ],
  messages: [
    {
      name: "t.Scalars",
      fields: [
        opt("d", 1, "double"),
        opt("f", 2, "float"),
        opt("i32", 3, "int32"),
        opt("i64", 4, "int64"),
        opt("u32", 5, "uint32"),
        opt("u64", 6, "uint64"),
        opt("s32", 7, "sint32"),
        opt("s64", 8, "sint64"),
        opt("fx32", 9, "fixed32"),
        opt("fx64", 10, "fixed64"),
        opt("sf32", 11, "sfixed32"),
        opt("sf64", 12, "sfixed64"),
        opt("b", 13, "bool"),
        opt("s", 14, "string"),
        opt("by", 15, "bytes"),
        opt("n64", 16, "int64", { int64: "number" }),
        opt("nu64", 17, "uint64", { int64: "number" }),
        opt("kind", 18, "enum", { ref: "t.Kind" }),
      ],
    },
    { name: "t.Value", fields: [req("value", 1, "string")] },
    { name: "t.Range", fields: [req("begin", 1, "uint64"), req("end", 2, "uint64")] },
    { name: "t.Filters", fields: [opt("refuse_seconds", 1, "double", { default: 5 })] },
    {
      name: "t.Decline",
      fields: [rep("offer_ids", 1, "message", { ref: "t.Value" }), opt("filters", 2, "message", { ref: "t.Filters" })],
    },
    {
      name: "t.Acknowledge",
      fields: [
        req("agent_id", 1, "message", { ref: "t.Value" }),
        req("task_id", 2, "message", { ref: "t.Value" }),
        req("uuid", 3, "bytes"),
      ],
    },
    {
      name: "t.FrameworkInfo",
      fields: [
        req("user", 1, "string"),
        req("name", 2, "string"),
        opt("id", 3, "message", { ref: "t.Value" }),
        opt("failover_timeout", 4, "double", { default: 0 }),
        opt("checkpoint", 5, "bool", { default: false }),
        opt("role", 6, "string", { default: "*", deprecated: true }),
        rep("roles", 12, "string"),
      ],
    },
    { name: "t.Subscribe", fields: [req("framework_info", 1, "message", { ref: "t.FrameworkInfo" })] },
    {
      name: "t.Call",
      fields: [
        opt("framework_id", 1, "message", { ref: "t.Value" }),
        opt("type", 2, "enum", { ref: "t.Call.Type" }),
        opt("subscribe", 3, "message", { ref: "t.Subscribe" }),
        opt("decline", 5, "message", { ref: "t.Decline" }),
        opt("acknowledge", 7, "message", { ref: "t.Acknowledge" }),
      ],
    },
    {
      name: "t.TaskStatus",
      fields: [
        req("task_id", 1, "message", { ref: "t.Value" }),
        req("state", 2, "enum", { ref: "t.TaskState" }),
        opt("message", 4, "string"),
        opt("source", 9, "string"),
        opt("reason", 10, "string"),
        opt("agent_id", 5, "message", { ref: "t.Value" }),
        opt("timestamp", 6, "double"),
        opt("uuid", 11, "bytes"),
        opt("unreachable_time", 14, "message", { ref: "t.TimeInfo" }),
      ],
    },
    { name: "t.TimeInfo", fields: [req("nanoseconds", 1, "int64")] },
    { name: "t.Capability", fields: [opt("type", 1, "enum", { ref: "t.Capability.Type" })] },
    {
      name: "t.MasterInfo",
      fields: [rep("capabilities", 1, "message", { ref: "t.Capability" }), opt("port", 2, "uint32", { default: 5050 })],
    },
    {
      name: "t.Maps",
      fields: [
        {
          name: "limits",
          number: 1,
          label: "repeated",
          type: "map",
          mapKey: "string",
          mapValue: "message",
          ref: "t.Value",
        },
        { name: "by_id", number: 2, label: "repeated", type: "map", mapKey: "int32", mapValue: "string" },
        { name: "flags", number: 3, label: "repeated", type: "map", mapKey: "bool", mapValue: "enum", ref: "t.Kind" },
        { name: "blobs", number: 4, label: "repeated", type: "map", mapKey: "uint64", mapValue: "bytes" },
        { name: "weights", number: 5, label: "repeated", type: "map", mapKey: "string", mapValue: "double" },
        {
          name: "counts",
          number: 6,
          label: "repeated",
          type: "map",
          mapKey: "string",
          mapValue: "int64",
          int64: "number",
        },
      ],
    },
    {
      name: "t.Repeats",
      fields: [
        rep("nums", 1, "int64"),
        rep("kinds", 2, "enum", { ref: "t.Kind" }),
        rep("ds", 3, "double"),
        rep("bs", 4, "bool"),
        rep("bys", 5, "bytes"),
        rep("ss", 6, "string"),
        rep("fs", 7, "float"),
        rep("u32s", 8, "uint32"),
      ],
    },
    {
      name: "t.Defaults",
      fields: [
        opt("port", 1, "int32", { default: 5050 }),
        opt("shell", 2, "bool", { default: true }),
        opt("kind", 3, "enum", { ref: "t.Kind", default: "TEXT" }),
        opt("delay", 4, "double", { default: 15 }),
        opt("name", 5, "string", { default: "default" }),
        opt("data", 6, "bytes", { default: "AQI=" }),
        opt("big", 7, "int64", { default: "-9000000000000000000" }),
        opt("ratio", 8, "float", { default: 0.1 }),
        opt("inf", 9, "double", { default: "-Infinity" }),
        opt("role", 10, "string", { default: "*", deprecated: true }),
        req("required_kind", 11, "enum", { ref: "t.Kind" }),
      ],
    },
    {
      name: "t.Tree",
      fields: [
        opt("label", 1, "string"),
        opt("child", 2, "message", { ref: "t.Tree" }),
        rep("children", 3, "message", { ref: "t.Tree" }),
      ],
    },
    {
      name: "t.Inherited",
      fields: [opt("constructor", 1, "string"), opt("toString", 2, "int32"), opt("__proto__", 3, "string")],
    },
  ],
});

/** A message schema of the test file by short name (`Scalars`, `Call`, ...). */
export const msg = (name: string) => testFile.message(`t.${name}`);
