/**
 * The Mesos JSON dialect (stout's converter, not proto3 JSON): parsing text,
 * mapping JSON values onto messages and writing messages the way Mesos does.
 * See mesos-protocol.md section 2.
 */
export { parseMesosJson, parseMesosJsonExact, mesosJsonSyntaxError } from "./parse.js";
export { compileJsonDecoder } from "./compile-decoder.js";
export { compileJsonEncoder } from "./compile-encoder.js";
export { formatMesosDouble } from "./format-double.js";
export { quoteMesosString } from "./quote-string.js";
export { MAX_JSON_DEPTH } from "./exact-parser.js";
