/**
 * Helpers of the JSON decoder tests: the test schema's codecs, a rendering of
 * everything observable about a decoded value, and the recorded Mesos events.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CodecError, MissingRequiredFieldsError } from "../codec/errors.js";
import { messageType, type MessageType } from "../codec/message-type.js";
import { testFile } from "./json-test-schema.js";

export type Codec = MessageType<unknown>;
const codecs = new Map<string, Codec>();
/** The codec object of test message `t.<type>`, as generated code makes it. */
export const t = (type: string): Codec => {
  let codec = codecs.get(type);
  if (!codec) {
    codec = messageType<unknown>(testFile, `t.${type}`);
    codecs.set(type, codec);
  }
  return codec;
};

/** Everything observable about a decoded value: key order, types, prototypes, -0. */
export function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (value instanceof Uint8Array) {
    const exact = Object.getPrototypeOf(value) === Uint8Array.prototype && value.byteLength === value.buffer.byteLength;
    return `bytes(${exact ? "" : "view "}${Array.from(value).join(",")})`;
  }
  if (Array.isArray(value)) return `[${value.map(show).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    if (Object.getPrototypeOf(value) !== Object.prototype) return "(not a plain object)";
    const keys = Reflect.ownKeys(value).map((k) => {
      const d = Object.getOwnPropertyDescriptor(value, k)!;
      const flags = d.writable && d.enumerable && d.configurable ? "" : "!";
      return `${String(k)}${flags}:${show(d.value)}`;
    });
    return `{${keys.join(",")}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** The result of `decode`, or everything observable about the error it throws. */
export function outcome(decode: () => unknown): string {
  try {
    return show(decode());
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    const paths = e instanceof MissingRequiredFieldsError ? ` paths=${e.paths.join("|")}` : "";
    return `${e.constructor.name} ${e.code} path=${e.path} message=${e.message}${paths}`;
  }
}

export const FIXTURES = new URL("../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
export const available = existsSync(FIXTURES);

/** The records of a recorded RecordIO stream, as text. */
export function records(file: string): string[] {
  const data = readFileSync(join(FIXTURES, file));
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    const newline = data.indexOf(10, i);
    const length = Number(data.subarray(i, newline).toString());
    out.push(data.subarray(newline + 1, newline + 1 + length).toString("utf8"));
    i = newline + 1 + length;
  }
  return out;
}
