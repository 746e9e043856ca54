/**
 * Codecs for generated Mesos bindings: protobuf binary and the Mesos JSON
 * dialect, compiled per message from the schema that generated code embeds.
 */
export * from "./errors.js";
export * from "./schema.js";
export * from "./unknown-fields.js";
export { findMissingRequired } from "./validate.js";
export * from "./message-type.js";
export {
  parseMesosJson,
  parseMesosJsonExact,
  mesosJsonSyntaxError,
  formatMesosDouble,
  quoteMesosString,
  MAX_JSON_DEPTH,
} from "./json/index.js";
