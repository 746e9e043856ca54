/**
 * Wire rules of the fake master and the fake agent, under the names their
 * code uses; the rules themselves are mini-mesos' (src/testing/protocol).
 */
import type { MessageType } from "@create-mesos-framework/runtime/codec";
import {
  authenticateBasic,
  decodeCall,
  PROCESS_IDS,
  routeRequest,
  type CallDecoding,
  type Encoding,
} from "../../testing/protocol/index.js";

export { isValidUuid, MEDIA_TYPES, negotiateEncoding, NOT_ACCEPTABLE } from "../../testing/protocol/index.js";

/** Encoding of a response stream, chosen by {@link negotiateEncoding}. */
export type FakeEncoding = Encoding;

/** Outcome of decoding a request body: the call, or the status and text Mesos answers instead. */
export type DecodeOutcome<C> = CallDecoding<C>;

/** Decodes a Call body per its exact `Content-Type`, with the error texts of mesos-protocol.md 1.2 (steps 5 and 6). */
export function decodeCallBody<C>(
  type: MessageType<C>,
  contentType: string | undefined,
  body: Buffer,
): DecodeOutcome<C> {
  return decodeCall(type, contentType, body);
}

/** Checks `Authorization: Basic base64(principal:secret)` as libprocess' basic authenticator does (1.9). */
export function basicAuthMatches(header: string | undefined, principal: string, secret: string): boolean {
  return authenticateBasic(header, new Map([[principal, secret]])) !== undefined;
}

/** True when libprocess would route `target` to the endpoint that `endpoints` (its path forms) name (1.1). */
export function matchesEndpoint(target: string, endpoints: readonly string[]): boolean {
  const role = endpoints.some((e) => e.startsWith(`/${PROCESS_IDS.agent}/`)) ? "agent" : "master";
  const endpoint = routeRequest(target, role)?.endpoint;
  return endpoint !== undefined && endpoints.some((e) => routeRequest(e, role)?.endpoint === endpoint);
}
