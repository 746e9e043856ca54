/**
 * The two encodings of the Mesos v1 HTTP APIs. Mesos compares `Content-Type`
 * as an exact, case-sensitive string, so these constants are sent verbatim.
 */
import type { JsonDecodeOptions, MessageType } from "../codec/index.js";

/** How calls are sent and events received: protobuf (the default) or Mesos JSON. */
export type Encoding = "protobuf" | "json";

/** The media type of each encoding, exactly as Mesos expects and sends it. */
export const MEDIA_TYPES: Readonly<Record<Encoding, string>> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

/** The encoding a response's `Content-Type` names, or undefined for anything else. */
export function encodingOf(contentType: string | undefined): Encoding | undefined {
  if (contentType === undefined) return undefined;
  // Mesos writes the bare type; tolerate parameters a proxy may add.
  const bare = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (bare === MEDIA_TYPES.protobuf) return "protobuf";
  if (bare === MEDIA_TYPES.json) return "json";
  return undefined;
}

/** Encodes a message in the given encoding (JSON as UTF-8 text). */
export function encodeBody<T>(type: MessageType<T>, message: T, encoding: Encoding): Uint8Array | string {
  return encoding === "protobuf" ? type.toBinary(message) : type.toJson(message);
}

/** Decodes a message received in the given encoding (`options` apply to JSON). */
export function decodeBody<T>(
  type: MessageType<T>,
  bytes: Uint8Array,
  encoding: Encoding,
  options?: JsonDecodeOptions,
): T {
  return encoding === "protobuf" ? type.fromBinary(bytes) : type.fromJson(bytes, options);
}
