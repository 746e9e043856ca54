/** RecordIO: the framing of Mesos' streaming HTTP responses. */
export { RecordIODecoder, decodeRecordIO, DEFAULT_MAX_RECORD_SIZE, type RecordIODecoderOptions } from "./decoder.js";
export { encodeRecord } from "./encoder.js";
export { RecordIOError, type RecordIOErrorCode } from "./errors.js";
