/**
 * Transport rules of the scheduler and executor endpoints (mesos-protocol.md
 * 1.1 to 1.5, 1.8, 1.9 and 2.2): routing, method, `Content-Type`, `Accept`,
 * body decoding and Basic credentials, with Mesos' exact status codes and
 * texts. Requests and responses are plain records, so the rules can be used
 * (and tested) without a server.
 */
import { randomUUID } from "node:crypto";
import {
  CodecError,
  MAX_JSON_DEPTH,
  MissingRequiredFieldsError,
  parseMesosJson,
  parseMesosJsonExact,
} from "../../codec/index.js";
import type { MessageType } from "../../codec/index.js";
import { decodeMesosBase64 } from "../../codec/json/base64.js";
import { MEDIA_TYPES, type Encoding } from "../../http/content-type.js";

export { MEDIA_TYPES, type Encoding };

/** An HTTP request as the endpoint rules see it. */
export interface ProtocolRequest {
  readonly method: string;
  /** The request target as sent: path plus any `?query`. */
  readonly target: string;
  /** Header names in any case; a header sent several times may be given as an array. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body; a string is taken as its UTF-8 bytes. */
  readonly body: Uint8Array | string;
}

/** An HTTP response with a complete (non-streaming) body. */
export interface ProtocolResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** `Content-Type` of every error body Mesos writes. */
export const TEXT_PLAIN = "text/plain; charset=utf-8";

/** Body of the 406 of the scheduler and executor endpoints (1.2 step 8, 1.11 step 5). */
export const NOT_ACCEPTABLE = "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'";

/** The value of header `name` (case-insensitive); repeated values are joined with `, `. */
export function headerValue(headers: ProtocolRequest["headers"], name: string): string | undefined {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === "string") values.push(value);
    else values.push(...(value as readonly string[]));
  }
  return values.length === 0 ? undefined : values.join(", ");
}

// ---------------------------------------------------------------------------
// Responses (1.5)

/** An error response: `text/plain; charset=utf-8` with the literal message as its body. */
export function textResponse(
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): ProtocolResponse {
  return {
    status,
    headers: { ...headers, "Content-Type": TEXT_PLAIN, "Content-Length": String(Buffer.byteLength(body)) },
    body,
  };
}

/** A response without a body and without `Content-Type` (`202 Accepted`, `200` of UPDATE_FRAMEWORK, `307`). */
export function emptyResponse(status: number, headers: Readonly<Record<string, string>> = {}): ProtocolResponse {
  return { status, headers: { ...headers, "Content-Length": "0" }, body: "" };
}

/** libprocess' answer for a path no endpoint serves. */
export function notFoundResponse(): ProtocolResponse {
  return textResponse(404, "404 Not Found.");
}

/** The `405` of every v1 endpoint for a method other than POST, or undefined for POST (1.2 step 4). */
export function checkMethod(method: string): ProtocolResponse | undefined {
  if (method === "POST") return undefined;
  return textResponse(405, `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${method}'.`, {
    Allow: "POST",
  });
}

/** The `401` of a failed HTTP authentication, challenging for `realm` (1.2 step 0a). */
export function unauthorizedResponse(realm: string): ProtocolResponse {
  return textResponse(401, "401 Unauthorized.", { "WWW-Authenticate": `Basic realm="${realm}"` });
}

/**
 * Headers of an accepted subscription's `200` (1.6): the negotiated type and,
 * for schedulers, the stream id; the body then goes out chunked, without
 * `Content-Length`.
 */
export function streamResponseHeaders(encoding: Encoding, streamId?: string): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": MEDIA_TYPES[encoding] };
  if (streamId !== undefined) headers["Mesos-Stream-Id"] = streamId;
  return headers;
}

/** A fresh `Mesos-Stream-Id`: a random UUID in canonical lowercase form (1.7). */
export function newStreamId(): string {
  return randomUUID();
}

/** The `406` for a SUBSCRIBE whose `Accept` allows neither encoding. */
export function notAcceptableResponse(): ProtocolResponse {
  return textResponse(406, NOT_ACCEPTABLE);
}

// ---------------------------------------------------------------------------
// Routing (1.1)

/** The Mesos process a server plays: it decides the process id and the endpoints served. */
export type ServerRole = "master" | "agent";

/** The endpoints this module knows; everything else on the process is a 404 here. */
export type Endpoint = "scheduler" | "executor" | "operator" | "redirect";

/** Where libprocess delivers a request. */
export interface Route {
  readonly endpoint: Endpoint;
  /** The decoded path as libprocess rewrites it under the process id, e.g. `/master/api/v1/scheduler`. */
  readonly path: string;
  /** What followed `?` in the target, as sent; undefined without a `?`. */
  readonly query: string | undefined;
  /** The path below the endpoint's name (`x/y` for `/api/v1/scheduler/x/y`); empty for the endpoint itself. */
  readonly rest: string;
}

/** libprocess process id of each role: the first path segment of canonical URLs. */
export const PROCESS_IDS: Readonly<Record<ServerRole, string>> = { master: "master", agent: "slave(1)" };

// Handler names registered by each process; lookup picks the longest one that prefixes the path.
const HANDLERS: Readonly<Record<ServerRole, readonly (readonly [string, Endpoint])[]>> = {
  master: [
    ["api/v1/scheduler", "scheduler"],
    ["api/v1", "operator"],
    ["redirect", "redirect"],
  ],
  agent: [
    ["api/v1/executor", "executor"],
    ["api/v1", "operator"],
  ],
};

/**
 * The endpoint of `role` that serves `target`, or undefined for a 404: a path
 * outside any process id is delegated to `master` / `slave(1)`, empty segments
 * (so trailing slashes) do not count, the longest endpoint name that prefixes
 * the path wins, and any path containing `/..` is refused.
 */
export function routeRequest(target: string, role: ServerRole): Route | undefined {
  const at = target.indexOf("?");
  const query = at < 0 ? undefined : target.slice(at + 1);
  const decoded = decodePath(at < 0 ? target : target.slice(0, at));
  if (decoded === undefined || decoded.includes("/..")) return undefined;
  const processId = PROCESS_IDS[role];
  const segments = decoded.split("/").filter((s) => s !== "");
  // libprocess hands a path whose first segment is not a process id to the default process.
  const delegated = segments[0] !== processId;
  const local = delegated ? segments : segments.slice(1);
  for (let length = local.length; length > 0; length--) {
    const name = local.slice(0, length).join("/");
    const handler = HANDLERS[role].find(([handlerName]) => handlerName === name);
    if (handler === undefined) continue;
    return {
      endpoint: handler[1],
      path: delegated ? `/${processId}${decoded}` : decoded,
      query,
      rest: local.slice(length).join("/"),
    };
  }
  return undefined;
}

/** libprocess' `http::decode`: `%XX` escapes and `+` as space; undefined for a malformed escape. */
function decodePath(path: string): string | undefined {
  if (!path.includes("%") && !path.includes("+")) return path;
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === "%") {
      const hex = path.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...utf8.encode(c === "+" ? " " : c));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * A non-leading master's answer (1.8): `503 No leader elected` without a
 * known leader, else `307` to `//<leader><rewritten path>[?query]`; the
 * `redirect` endpoint sends to the bare `//<leader>` (and 404s below it).
 */
export function redirectToLeader(route: Route, leader: string | undefined): ProtocolResponse {
  if (leader === undefined) return textResponse(503, "No leader elected");
  if (route.endpoint === "redirect") {
    return route.rest === "" ? emptyResponse(307, { Location: `//${leader}` }) : notFoundResponse();
  }
  const query = route.query === undefined ? "" : `?${route.query}`;
  return emptyResponse(307, { Location: `//${leader}${route.path}${query}` });
}

// ---------------------------------------------------------------------------
// Accept (1.4)

/**
 * libprocess' `Request::_acceptsMediaType`: no header accepts everything;
 * otherwise the exact type, then `type/*`, then the any-type wildcard are tried
 * in turn, and the first entry naming a candidate decides, refused only by a
 * single `q` that is not a number above 0.
 */
export function acceptsMediaType(accept: string | undefined, mediaType: string): boolean {
  const parts = tokenize(mediaType, "/");
  if (parts.length !== 2) return false;
  if (accept === undefined) return true;
  const entries = tokenize(accept.replace(/[ \t\n]/g, ""), ",");
  for (const candidate of [mediaType, `${parts[0]}/*`, "*/*"]) {
    for (const entry of entries) {
      const tokens = tokenize(entry, ";");
      if (tokens.length === 0 || asciiLower(tokens[0]!) !== asciiLower(candidate)) continue;
      // stout's `strings::pairs`: only `k=v` tokens count, the name is case-sensitive, repeats pile up.
      const q = tokens
        .map((token) => tokenize(token, "="))
        .filter((pair) => pair.length === 2 && pair[0] === "q")
        .map((pair) => pair[1]!);
      if (q.length !== 1) return true;
      const value = parseCppDouble(q[0]!);
      return value !== undefined && value > 0;
    }
  }
  return false;
}

/** The stream encoding Mesos picks for an `Accept` header (JSON whenever acceptable), or undefined for a 406. */
export function negotiateEncoding(accept: string | undefined): Encoding | undefined {
  if (acceptsMediaType(accept, MEDIA_TYPES.json)) return "json";
  if (acceptsMediaType(accept, MEDIA_TYPES.protobuf)) return "protobuf";
  return undefined;
}

/** stout's `strings::tokenize`: split on any of `delimiters`, dropping empty tokens. */
function tokenize(text: string, delimiters: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (const c of text) {
    if (delimiters.includes(c)) {
      if (current !== "") tokens.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current !== "") tokens.push(current);
  return tokens;
}

/** `strings::lower` applies C's `tolower`, which only knows ASCII. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan(?:\(.*\))?)$/i;

/** `numify<double>` (boost's `lexical_cast`): decimal text, `inf`, `infinity` or `nan`; undefined otherwise or on overflow. */
function parseCppDouble(text: string): number | undefined {
  const special = SPECIAL.exec(text);
  if (special) {
    if (special[2]!.toLowerCase().startsWith("nan")) return NaN;
    return special[1] === "-" ? -Infinity : Infinity;
  }
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

// ---------------------------------------------------------------------------
// Body decoding (1.2 steps 5 and 6, 2.2, 2.5)

/** A decoded Call, or the status and text Mesos answers instead. */
export type CallDecoding<C> =
  | { readonly ok: true; readonly call: C }
  | { readonly ok: false; readonly status: 400 | 415; readonly message: string };

/**
 * Decodes a Call body per its exact, case-sensitive `Content-Type`, with the
 * texts of 1.2 steps 5 and 6 (`Failed to parse body into JSON: ...`,
 * `Failed to convert JSON into Call protobuf: ...`, ...).
 */
export function decodeCall<C>(
  type: MessageType<C>,
  contentType: string | undefined,
  body: Uint8Array | string,
): CallDecoding<C> {
  if (contentType === undefined) return { ok: false, status: 400, message: "Expecting 'Content-Type' to be present" };
  if (contentType === MEDIA_TYPES.protobuf) {
    try {
      return { ok: true, call: type.fromBinary(typeof body === "string" ? new TextEncoder().encode(body) : body) };
    } catch {
      // Mesos says the same for malformed bytes and for missing required fields.
      return { ok: false, status: 400, message: "Failed to parse body into Call protobuf" };
    }
  }
  if (contentType !== MEDIA_TYPES.json) {
    return {
      ok: false,
      status: 415,
      message: `Expecting 'Content-Type' of ${MEDIA_TYPES.json} or ${MEDIA_TYPES.protobuf}`,
    };
  }
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    return { ok: false, status: 400, message: `Failed to parse body into JSON: ${codecText(e)}` };
  }
  try {
    return { ok: true, call: type.fromJsonValue(value) };
  } catch (e) {
    return { ok: false, status: 400, message: `Failed to convert JSON into Call protobuf: ${codecText(e)}` };
  }
}

/** Decodes the body of `request` per its `Content-Type` header; see {@link decodeCall}. */
export function decodeRequestCall<C>(type: MessageType<C>, request: ProtocolRequest): CallDecoding<C> {
  return decodeCall(type, headerValue(request.headers, "Content-Type"), request.body);
}

/** The text response for a failed decoding. */
export function decodingResponse(decoding: { readonly status: number; readonly message: string }): ProtocolResponse {
  return textResponse(decoding.status, decoding.message);
}

/** The fast parser skips the nesting limit, so texts that could nest deeper than it take the exact one. */
function parseJson(text: string): unknown {
  let openings = 0;
  for (let i = 0; i < text.length && openings <= MAX_JSON_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) openings++;
  }
  return openings > MAX_JSON_DEPTH ? parseMesosJsonExact(text) : parseMesosJson(text);
}

/** Mesos' own words for a codec error; anything else is a bug and propagates. */
function codecText(e: unknown): string {
  if (e instanceof MissingRequiredFieldsError) return e.mesosText;
  if (e instanceof CodecError) return e.detail;
  throw e;
}

// ---------------------------------------------------------------------------
// Basic authentication (1.9)

/** The principal and secret of an `Authorization: Basic` header. */
export interface BasicCredentials {
  readonly principal: string;
  readonly secret: string;
}

/**
 * Reads `Authorization: Basic <base64(principal:secret)>` as libprocess'
 * basic authenticator does: case-sensitive scheme, exactly one space, and
 * exactly two parts after splitting on every `:`; undefined when malformed.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const parts = header.split(" ");
  if (parts.length !== 2 || parts[0] !== "Basic") return undefined;
  const decoded = decodeMesosBase64(parts[1]!);
  if (!(decoded instanceof Uint8Array)) return undefined;
  // A secret containing ':' yields three parts and can never authenticate.
  const credential = new TextDecoder().decode(decoded).split(":");
  if (credential.length !== 2) return undefined;
  return { principal: credential[0]!, secret: credential[1]! };
}

/** The principal an `Authorization` header authenticates against `credentials` (principal → secret), or undefined. */
export function authenticateBasic(
  header: string | undefined,
  credentials: ReadonlyMap<string, string>,
): string | undefined {
  const parsed = parseBasicAuthorization(header);
  if (parsed === undefined || credentials.get(parsed.principal) !== parsed.secret) return undefined;
  return parsed.principal;
}
