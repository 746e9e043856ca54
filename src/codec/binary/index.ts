/**
 * The protobuf binary codec: decoders and encoders compiled per message type,
 * byte-compatible with protoc.
 */
export { compileBinaryDecoder } from "./decoder.js";
export { compileBinaryEncoder } from "./encoder.js";
