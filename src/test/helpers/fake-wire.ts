/**
 * Wire rules shared by the fake master and the fake agent: Accept negotiation,
 * body decoding with Mesos' error texts, Basic credentials and UUID checks
 * (mesos-protocol.md 1.2 to 1.4 and 3.0).
 */
import { CodecError, MissingRequiredFieldsError, parseMesosJson } from "@create-mesos-framework/runtime/codec";
import type { MessageType } from "@create-mesos-framework/runtime/codec";

/** Encoding of a response stream, chosen by {@link negotiateEncoding}. */
export type FakeEncoding = "json" | "protobuf";

/** Media type of each stream encoding, exactly as Mesos writes it. */
export const MEDIA_TYPES: Readonly<Record<FakeEncoding, string>> = {
  json: "application/json",
  protobuf: "application/x-protobuf",
};

/** Body of a 406, shared by the scheduler and executor endpoints. */
export const NOT_ACCEPTABLE = "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'";

/** libprocess' `Request::_acceptsMediaType`: the first entry naming the candidate decides, `q` only vetoes. */
function accepts(header: string | undefined, mediaType: string): boolean {
  if (header === undefined) return true;
  const entries = header.replace(/[ \t\n]/g, "").split(",");
  const type = mediaType.split("/")[0]!;
  for (const candidate of [mediaType, `${type}/*`, "*/*"]) {
    for (const entry of entries) {
      const [name, ...params] = entry.split(";");
      if (name!.toLowerCase() !== candidate) continue;
      // stout's strings::pairs: only `k=v` tokens count; a key given twice is ignored.
      const q = params
        .map((p) => p.split("=").filter((t) => t !== ""))
        .filter((kv) => kv.length === 2 && kv[0] === "q");
      if (q.length !== 1) return true;
      const value = Number(q[0]![1]);
      return !Number.isNaN(value) && value > 0;
    }
  }
  return false;
}

/** The stream encoding Mesos picks for an `Accept` header (JSON wins when acceptable at all), or undefined for 406. */
export function negotiateEncoding(accept: string | undefined): FakeEncoding | undefined {
  if (accepts(accept, MEDIA_TYPES.json)) return "json";
  if (accepts(accept, MEDIA_TYPES.protobuf)) return "protobuf";
  return undefined;
}

/** Outcome of decoding a request body: the call, or the status and text Mesos answers instead. */
export type DecodeOutcome<C> = { ok: true; call: C } | { ok: false; status: number; message: string };

/** Decodes a Call body per its exact `Content-Type`, with the error texts of mesos-protocol.md 1.2 (steps 5 and 6). */
export function decodeCallBody<C>(
  type: MessageType<C>,
  contentType: string | undefined,
  body: Buffer,
): DecodeOutcome<C> {
  if (contentType === undefined) return { ok: false, status: 400, message: "Expecting 'Content-Type' to be present" };
  if (contentType === MEDIA_TYPES.protobuf) {
    try {
      return { ok: true, call: type.fromBinary(body) };
    } catch {
      return { ok: false, status: 400, message: "Failed to parse body into Call protobuf" };
    }
  }
  if (contentType !== MEDIA_TYPES.json) {
    return {
      ok: false,
      status: 415,
      message: "Expecting 'Content-Type' of application/json or application/x-protobuf",
    };
  }
  let value: unknown;
  try {
    value = parseMesosJson(body.toString("utf8"));
  } catch (e) {
    return { ok: false, status: 400, message: `Failed to parse body into JSON: ${errorText(e)}` };
  }
  try {
    return { ok: true, call: type.fromJsonValue(value) };
  } catch (e) {
    return { ok: false, status: 400, message: `Failed to convert JSON into Call protobuf: ${errorText(e)}` };
  }
}

function errorText(e: unknown): string {
  if (e instanceof MissingRequiredFieldsError) return e.mesosText;
  if (e instanceof CodecError) return e.detail;
  return String(e);
}

/** Checks `Authorization: Basic base64(principal:secret)` as libprocess' basic authenticator does (1.9). */
export function basicAuthMatches(header: string | undefined, principal: string, secret: string): boolean {
  if (header === undefined || !header.startsWith("Basic ")) return false;
  // Exactly two parts after splitting on every ':', so secrets containing ':' never authenticate.
  const parts = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8").split(":");
  return parts.length === 2 && parts[0] === principal && parts[1] === secret;
}

/** stout's `UUID::fromBytes`: 16 bytes with an RFC 4122 version nibble (1 to 5). */
export function isValidUuid(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined || bytes.length !== 16) return false;
  const version = bytes[6]! >> 4;
  return version >= 1 && version <= 5;
}

/**
 * libprocess routing for one endpoint (1.1): `/..` never matches, a trailing
 * slash is ignored, and longer paths below an endpoint still reach it.
 */
export function matchesEndpoint(target: string, endpoints: readonly string[]): boolean {
  let path = target.split("?")[0]!;
  try {
    path = decodeURIComponent(path); // libprocess routes on the decoded path: `slave%281%29` is `slave(1)`
  } catch {
    return false;
  }
  if (path.includes("/..")) return false;
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return endpoints.some((endpoint) => trimmed === endpoint || trimmed.startsWith(`${endpoint}/`));
}
