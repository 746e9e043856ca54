// The codecs the binary and JSON benchmarks compare, loaded one at a time from
// the bindings each tool generated into bench/.work/gen (see tools.mjs) behind
// one small interface; and a fingerprint of a decoded event, so that every codec
// is checked to have read the same content before it is timed.
import type { DescMessage } from "@bufbuild/protobuf";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GEN_DIR } from "./harness.mjs";

/** One tool's codec of `mesos.v1.scheduler.Event`. */
export interface Codec {
  id: string;
  label: string;
  /** How the tool represents int64 fields (`Value.Range.begin/end`). */
  int64: string;
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): Uint8Array;
  /** Decodes Mesos JSON text (each tool's own way); absent when the tool has no JSON codec. */
  fromJson?(text: string): unknown;
  /** Encodes JSON text (the tool's own dialect). */
  toJson?(message: unknown): string;
}

/** The codecs, in table order, with their labels. */
export const CODECS = [
  { id: "ours", label: "ours (int64 as bigint)" },
  { id: "ours-number", label: "ours (ports as number)" },
  { id: "pbjs", label: "protobufjs static" },
  { id: "ts-proto", label: "ts-proto" },
  { id: "es", label: "protobuf-es" },
] as const;

interface OurMessageType {
  fromBinary(bytes: Uint8Array): unknown;
  toBinary(message: unknown): Uint8Array;
  fromJson(text: string): unknown;
  toJson(message: unknown): string;
}
interface TsProtoMessageFns {
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  fromJSON(value: unknown): unknown;
  toJSON(message: unknown): unknown;
}
interface PbjsType {
  decode(bytes: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
}

const SCHEDULER = ["mesos", "v1", "scheduler"];
const load = (...path: string[]): Promise<Record<string, unknown>> =>
  import(pathToFileURL(join(GEN_DIR, ...path)).href);
const labelOf = (id: string) => CODECS.find((c) => c.id === id)?.label ?? id;

/** Loads one codec (and nothing of the others); the generated code must exist (run.mjs runs prepare() first). */
export async function loadCodec(id: string): Promise<Codec> {
  const label = labelOf(id);
  switch (id) {
    case "ours":
    case "ours-number": {
      const Event = (await load(id, ...SCHEDULER, "scheduler.ts")).Event as OurMessageType;
      return {
        id,
        label,
        int64: id === "ours" ? "bigint" : "number",
        decode: (bytes) => Event.fromBinary(bytes),
        encode: (message) => Event.toBinary(message),
        fromJson: (text) => Event.fromJson(text),
        toJson: (message) => Event.toJson(message),
      };
    }
    case "pbjs": {
      const root = (await load("pbjs", "mesos.js")).mesos as { v1: { scheduler: { Event: PbjsType } } };
      const Event = root.v1.scheduler.Event;
      const protobufjs = (await import("protobufjs/minimal.js")).default as unknown as { util: { Long?: unknown } };
      return {
        id,
        label,
        int64: protobufjs.util.Long ? "Long" : "number",
        decode: (bytes) => Event.decode(bytes),
        encode: (message) => Event.encode(message).finish(),
      };
    }
    case "ts-proto": {
      const Event = (await load("ts-proto", ...SCHEDULER, "scheduler.ts")).Event as TsProtoMessageFns;
      return {
        id,
        label,
        int64: "number",
        decode: (bytes) => Event.decode(bytes),
        encode: (message) => Event.encode(message).finish(),
        fromJson: (text) => Event.fromJSON(JSON.parse(text)),
        toJson: (message) => JSON.stringify(Event.toJSON(message)),
      };
    }
    case "es": {
      const schema = (await load("es", ...SCHEDULER, "scheduler_pb.ts")).EventSchema as DescMessage;
      const { fromBinary, fromJsonString, toBinary, toJsonString } = await import("@bufbuild/protobuf");
      return {
        id,
        label,
        int64: "bigint",
        decode: (bytes) => fromBinary(schema, bytes),
        encode: (message) => toBinary(schema, message as never),
        fromJson: (text) => fromJsonString(schema, text),
        toJson: (message) => toJsonString(schema, message as never),
      };
    }
    default:
      throw new Error(`unknown codec ${id}`);
  }
}

type Obj = Record<string, unknown>;
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** Reads a field by its proto name or its lowerCamelCase name (the peers' naming). */
const get = (o: unknown, name: string): unknown => {
  if (o === null || typeof o !== "object") return undefined;
  const r = o as Obj;
  return r[name] ?? r[camel(name)];
};
const list = (o: unknown, name: string): unknown[] => (get(o, name) as unknown[] | undefined) ?? [];
/** bigint, Long and number alike. */
const num = (v: unknown): number => Number(String(v ?? 0));

/** What must agree between codecs after decoding the OFFERS event, whatever their naming and types. */
export function offersFingerprint(event: unknown): Obj {
  const offers = list(get(event, "offers"), "offers");
  let resources = 0;
  let labels = 0;
  let portsEnd = 0;
  let scalars = 0;
  let slots = 0;
  for (const offer of offers) {
    for (const r of list(offer, "resources")) {
      resources++;
      scalars += num(get(get(r, "scalar"), "value"));
      for (const res of list(r, "reservations")) labels += list(get(res, "labels"), "labels").length;
      if (get(r, "name") === "ports")
        for (const range of list(get(r, "ranges"), "range")) portsEnd += num(get(range, "end"));
    }
    for (const a of list(offer, "attributes"))
      for (const range of list(get(a, "ranges"), "range")) slots += num(get(range, "end"));
  }
  const last = offers[offers.length - 1];
  const ip = get(get(get(last, "url"), "address"), "ip");
  return {
    offers: offers.length,
    resources,
    labels,
    portsEnd,
    scalars,
    slots,
    lastHostname: get(last, "hostname"),
    lastIp: ip,
  };
}

/** What must agree between codecs after decoding the UPDATE event. */
export function updateFingerprint(event: unknown): Obj {
  const status = get(get(event, "update"), "status");
  const container = get(status, "container_status");
  const address = list(list(container, "network_infos")[0], "ip_addresses")[0];
  return {
    task: get(get(status, "task_id"), "value"),
    uuid: Array.from((get(status, "uuid") as Uint8Array | undefined) ?? []).join(","),
    timestamp: get(status, "timestamp"),
    parent: get(get(get(container, "container_id"), "parent"), "value"),
    ip: get(address, "ip_address"),
    pid: get(container, "executor_pid"),
  };
}

/** Throws unless two fingerprints are equal. */
export function assertSameFingerprint(what: string, actual: Obj, expected: Obj): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: decoded content differs\n  got      ${a}\n  expected ${e}`);
}

/** True when two byte arrays are identical. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
