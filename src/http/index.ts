/** HTTP transport for the Mesos v1 APIs: masters, leader detection and redirects, encodings, errors. */
export { ApiEndpoint, type ApiEndpointOptions, type Answer } from "./api-endpoint.js";
export { MEDIA_TYPES, decodeBody, encodeBody, encodingOf, type Encoding } from "./content-type.js";
export { createMasterDetector, isMasterDetector, type DetectorOptions, type MasterSpec } from "./create-detector.js";
export { Credentials, readCredentialsFile, type CredentialsInput } from "./credentials.js";
export { DEFAULT_MASTER_PORT, endpointUrl, parseMaster, parseMasterList, resolveRedirect } from "./endpoint.js";
export {
  MesosHttpError,
  MesosTransportError,
  isRetryable,
  type MesosHttpErrorCode,
  type MesosTransportErrorCode,
} from "./errors.js";
export type { MasterDetector } from "./master-detector.js";
export { StaticMasterDetector } from "./static-detector.js";
export {
  HttpTransport,
  type HttpResponse,
  type ResponseHeaders,
  type StreamResponse,
  type TlsOptions,
  type TransportOptions,
} from "./transport.js";
