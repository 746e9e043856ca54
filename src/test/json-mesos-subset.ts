/**
 * A hand-written subset of mesos.v1 and mesos.v1.scheduler (1.11.0 field names,
 * numbers and declaration order), enough to decode and re-encode the SUBSCRIBED,
 * HEARTBEAT, OFFERS, MESSAGE and FAILURE events of the recorded streams.
 */
import { defineFile, type FieldJson, type FileSchema, type MessageSchema } from "../codec/schema.js";

type Label = FieldJson["label"];
const field =
  (label: Label) =>
  (name: string, number: number, type: FieldJson["type"], extra: Partial<FieldJson> = {}): FieldJson => ({
    name,
    number,
    label,
    type,
    ...extra,
  });
const opt = field("optional");
const req = field("required");
const rep = field("repeated");
const msgRef = (ref: string) => ({ ref: `mesos.v1.${ref}` });

/** The subset, with the master capability `QUOTA_V2` only when `withQuotaV2` (Mesos after 1.11). */
export function mesosSubset(withQuotaV2: boolean): FileSchema {
  const capabilities = [
    { name: "UNKNOWN", number: 0 },
    { name: "AGENT_UPDATE", number: 1 },
    { name: "AGENT_DRAINING", number: 2 },
  ];
  if (withQuotaV2) capabilities.push({ name: "QUOTA_V2", number: 3 });
  return defineFile({
    file: "mesos/v1/subset.proto",
    package: "mesos.v1",
    syntax: "proto2",
    enums: [
      { name: "mesos.v1.MasterInfo.Capability.Type", values: capabilities },
      {
        name: "mesos.v1.Value.Type",
        values: ["SCALAR", "RANGES", "SET", "TEXT"].map((name, number) => ({ name, number })),
      },
      {
        name: "mesos.v1.Resource.ReservationInfo.Type",
        values: ["UNKNOWN", "STATIC", "DYNAMIC"].map((name, number) => ({ name, number })),
      },
      {
        name: "mesos.v1.Volume.Mode",
        values: [
          { name: "RW", number: 1 },
          { name: "RO", number: 2 },
        ],
      },
      {
        name: "mesos.v1.scheduler.Event.Type",
        values: [
          ["UNKNOWN", 0],
          ["SUBSCRIBED", 1],
          ["OFFERS", 2],
          ["INVERSE_OFFERS", 9],
          ["RESCIND", 3],
          ["RESCIND_INVERSE_OFFER", 10],
          ["UPDATE", 4],
          ["UPDATE_OPERATION_STATUS", 11],
          ["MESSAGE", 5],
          ["FAILURE", 6],
          ["ERROR", 7],
          ["HEARTBEAT", 8],
        ].map(([name, number]) => ({ name: name as string, number: number as number })),
      },
    ],
    messages: [
      { name: "mesos.v1.ID", fields: [req("value", 1, "string")] },
      {
        name: "mesos.v1.Address",
        fields: [opt("hostname", 1, "string"), opt("ip", 2, "string"), req("port", 3, "int32")],
      },
      { name: "mesos.v1.Parameter", fields: [req("key", 1, "string"), req("value", 2, "string")] },
      {
        name: "mesos.v1.URL",
        fields: [
          req("scheme", 1, "string"),
          req("address", 2, "message", msgRef("Address")),
          opt("path", 3, "string"),
          rep("query", 4, "message", msgRef("Parameter")),
          opt("fragment", 5, "string"),
        ],
      },
      {
        name: "mesos.v1.MasterInfo.Capability",
        fields: [opt("type", 1, "enum", msgRef("MasterInfo.Capability.Type"))],
      },
      {
        name: "mesos.v1.MasterInfo",
        fields: [
          req("id", 1, "string"),
          req("ip", 2, "uint32"),
          req("port", 3, "uint32", { default: 5050 }),
          opt("pid", 4, "string"),
          opt("hostname", 5, "string"),
          opt("version", 6, "string"),
          opt("address", 7, "message", msgRef("Address")),
          rep("capabilities", 9, "message", msgRef("MasterInfo.Capability")),
        ],
      },
      { name: "mesos.v1.Value.Scalar", fields: [req("value", 1, "double")] },
      { name: "mesos.v1.Value.Range", fields: [req("begin", 1, "uint64"), req("end", 2, "uint64")] },
      { name: "mesos.v1.Value.Ranges", fields: [rep("range", 1, "message", msgRef("Value.Range"))] },
      { name: "mesos.v1.Value.Set", fields: [rep("item", 1, "string")] },
      { name: "mesos.v1.Value.Text", fields: [req("value", 1, "string")] },
      { name: "mesos.v1.Label", fields: [req("key", 1, "string"), opt("value", 2, "string")] },
      { name: "mesos.v1.Labels", fields: [rep("labels", 1, "message", msgRef("Label"))] },
      { name: "mesos.v1.Resource.AllocationInfo", fields: [opt("role", 1, "string")] },
      {
        name: "mesos.v1.Resource.ReservationInfo",
        fields: [
          opt("type", 4, "enum", msgRef("Resource.ReservationInfo.Type")),
          opt("role", 3, "string"),
          opt("principal", 1, "string"),
          opt("labels", 2, "message", msgRef("Labels")),
        ],
      },
      {
        name: "mesos.v1.Resource.DiskInfo.Persistence",
        fields: [req("id", 1, "string"), opt("principal", 2, "string")],
      },
      {
        name: "mesos.v1.Volume",
        fields: [
          req("mode", 3, "enum", msgRef("Volume.Mode")),
          req("container_path", 1, "string"),
          opt("host_path", 2, "string"),
        ],
      },
      {
        name: "mesos.v1.Resource.DiskInfo",
        fields: [
          opt("persistence", 1, "message", msgRef("Resource.DiskInfo.Persistence")),
          opt("volume", 2, "message", msgRef("Volume")),
        ],
      },
      {
        name: "mesos.v1.Resource",
        fields: [
          opt("provider_id", 12, "message", msgRef("ID")),
          req("name", 1, "string"),
          req("type", 2, "enum", msgRef("Value.Type")),
          opt("scalar", 3, "message", msgRef("Value.Scalar")),
          opt("ranges", 4, "message", msgRef("Value.Ranges")),
          opt("set", 5, "message", msgRef("Value.Set")),
          opt("role", 6, "string", { default: "*", deprecated: true }),
          opt("allocation_info", 11, "message", msgRef("Resource.AllocationInfo")),
          opt("reservation", 8, "message", msgRef("Resource.ReservationInfo")),
          rep("reservations", 13, "message", msgRef("Resource.ReservationInfo")),
          opt("disk", 7, "message", msgRef("Resource.DiskInfo")),
        ],
      },
      {
        name: "mesos.v1.Attribute",
        fields: [
          req("name", 1, "string"),
          req("type", 2, "enum", msgRef("Value.Type")),
          opt("scalar", 3, "message", msgRef("Value.Scalar")),
          opt("ranges", 4, "message", msgRef("Value.Ranges")),
          opt("set", 6, "message", msgRef("Value.Set")),
          opt("text", 5, "message", msgRef("Value.Text")),
        ],
      },
      {
        name: "mesos.v1.Offer",
        fields: [
          req("id", 1, "message", msgRef("ID")),
          req("framework_id", 2, "message", msgRef("ID")),
          req("agent_id", 3, "message", msgRef("ID")),
          req("hostname", 4, "string"),
          opt("url", 8, "message", msgRef("URL")),
          rep("resources", 5, "message", msgRef("Resource")),
          rep("attributes", 7, "message", msgRef("Attribute")),
          rep("executor_ids", 6, "message", msgRef("ID")),
          opt("allocation_info", 10, "message", msgRef("Resource.AllocationInfo")),
        ],
      },
      {
        name: "mesos.v1.scheduler.Event.Subscribed",
        fields: [
          req("framework_id", 1, "message", msgRef("ID")),
          opt("heartbeat_interval_seconds", 2, "double"),
          opt("master_info", 3, "message", msgRef("MasterInfo")),
        ],
      },
      { name: "mesos.v1.scheduler.Event.Offers", fields: [rep("offers", 1, "message", msgRef("Offer"))] },
      {
        name: "mesos.v1.scheduler.Event.Message",
        fields: [
          req("agent_id", 1, "message", msgRef("ID")),
          req("executor_id", 2, "message", msgRef("ID")),
          req("data", 3, "bytes"),
        ],
      },
      {
        name: "mesos.v1.scheduler.Event.Failure",
        fields: [
          opt("agent_id", 1, "message", msgRef("ID")),
          opt("executor_id", 2, "message", msgRef("ID")),
          opt("status", 3, "int32"),
        ],
      },
      {
        name: "mesos.v1.scheduler.Event",
        fields: [
          opt("type", 1, "enum", msgRef("scheduler.Event.Type")),
          opt("subscribed", 2, "message", msgRef("scheduler.Event.Subscribed")),
          opt("offers", 3, "message", msgRef("scheduler.Event.Offers")),
          opt("message", 6, "message", msgRef("scheduler.Event.Message")),
          opt("failure", 7, "message", msgRef("scheduler.Event.Failure")),
        ],
      },
    ],
  });
}

/** The scheduler Event message of a subset. */
export function eventSchema(file: FileSchema): MessageSchema {
  return file.message("mesos.v1.scheduler.Event");
}
