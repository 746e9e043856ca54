/** Helpers shared by the codec unit tests: decoding against the JSON test schema and catching codec errors. */
import { CodecError } from "../codec/errors.js";
import { compileJsonDecoder, parseMesosJson } from "../codec/json/index.js";
import { msg } from "./json-test-schema.js";

/** Runs `fn` and returns the CodecError it throws; any other outcome fails the test. */
export function errorOf(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

/** Decodes Mesos JSON text as test message `t.<type>`. */
export const decode = (type: string, text: string, checkRequired = false) =>
  compileJsonDecoder(msg(type), checkRequired)(parseMesosJson(text));

/** The CodecError of decoding `text` as `t.<type>`. */
export const fail = (type: string, text: string, checkRequired = false) =>
  errorOf(() => decode(type, text, checkRequired));
