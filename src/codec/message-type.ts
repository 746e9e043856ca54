/**
 * The codec object generated code exports next to each message type:
 * `Event.fromBinary(bytes)`, `Call.toJson(call)`, ... Codecs are compiled on
 * first use and cached.
 */
import { compileBinaryDecoder, compileBinaryEncoder } from "./binary/index.js";
import { CodecError, MissingRequiredFieldsError } from "./errors.js";
import { compileJsonTextDecoder, type JsonTextDecoder } from "./json/adopt-decoder.js";
import { compileTrustedJsonTextDecoder } from "./json/trusted-decoder.js";
import { compileJsonDecoder, compileJsonEncoder, parseMesosJson } from "./json/index.js";
import type { EnumSchema, FileSchema, MessageSchema } from "./schema.js";
import { findMissingRequired } from "./validate.js";

/** Options of the encoders. */
export interface EncodeOptions {
  /** Skip the check that every `required` field is set (the output may then be rejected by Mesos). */
  readonly partial?: boolean;
}

/** Encoders and decoders of one message type `T`. */
export interface MessageType<T> {
  /** The linked schema the codecs are compiled from. */
  readonly schema: MessageSchema;
  /** Fully-qualified protobuf name, e.g. `mesos.v1.scheduler.Event`. */
  readonly typeName: string;
  /** The explicit `[default = ...]` values of this message's fields. */
  readonly defaults: Readonly<Partial<Record<string, unknown>>>;
  /** Decodes protobuf binary; unknown fields are kept for re-encoding. */
  fromBinary(bytes: Uint8Array): T;
  /** Encodes protobuf binary, byte-compatible with protoc. */
  toBinary(message: T, options?: EncodeOptions): Uint8Array;
  /**
   * Decodes Mesos JSON text (or its UTF-8 bytes), keeping 64-bit integers
   * exact. With `trusted`, for JSON written by Mesos itself (event streams):
   * faster, see {@link JsonDecodeOptions.trusted}.
   */
  fromJson(text: string | Uint8Array, options?: JsonDecodeOptions): T;
  /** Decodes an already parsed JSON value (for example one line of a JSON-lines file). */
  fromJsonValue(value: unknown): T;
  /** Encodes JSON exactly as Mesos writes it. */
  toJson(message: T, options?: EncodeOptions): string;
  /** Throws {@link MissingRequiredFieldsError} listing every unset `required` field. */
  validate(message: T): void;
}

/** Options of {@link MessageType.fromJson}. */
export interface JsonDecodeOptions {
  /**
   * The text was written by Mesos (a master's or agent's event stream), so
   * every value has its field's JSON type: only the values whose decoded form
   * can differ from `JSON.parse`'s (64-bit integers, bytes, floats, doubles,
   * enum aliases) are converted and checked, everything else (strings,
   * booleans, 32-bit integers, enum names) is taken as parsed, at close to
   * `JSON.parse` speed. Unlike the default, a field or an enum name this
   * schema does not know (a newer Mesos) is kept as sent rather than dropped,
   * and missing required fields are not reported. Anything unexpected on the
   * converted paths falls back to the checked decoding.
   */
  readonly trusted?: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** Creates the codec object of a message declared in `file`. */
export function messageType<T>(file: FileSchema, typeName: string): MessageType<T> {
  const schema = file.message(typeName);
  const defaults: Record<string, unknown> = {};
  for (const f of schema.fields) if (f.hasDefault) defaults[f.name] = f.defaultValue;

  const checked = <V>(decode: (strict: boolean) => V): V => {
    try {
      return decode(true);
    } catch (e) {
      if (!(e instanceof CodecError) || e.code !== "ERR_CODEC_REQUIRED_FIELD") throw e;
      // Like Mesos, report type errors anywhere before missing fields, then list every missing field.
      const lenient = decode(false);
      throw new MissingRequiredFieldsError(findMissingRequired(schema, lenient));
    }
  };
  const validate = (message: unknown): void => {
    const missing = findMissingRequired(schema, message);
    if (missing.length > 0) throw new MissingRequiredFieldsError(missing);
  };

  let fast: JsonTextDecoder | undefined;
  let trusted: JsonTextDecoder | undefined;
  const fromJsonText = (text: string): T => {
    // The fast path covers what Mesos writes; when it declines, the reference decoder decides (and finds any error).
    const message = (fast ??= compileJsonTextDecoder(schema))(text);
    if (message !== undefined) return message as T;
    const value = parseMesosJson(text);
    return checked((strict) => compileJsonDecoder(schema, strict)(value) as T);
  };

  return {
    schema,
    typeName,
    defaults,
    fromBinary: (bytes) => checked((strict) => compileBinaryDecoder(schema, strict)(bytes) as T),
    toBinary(message, options) {
      if (!options?.partial) validate(message);
      return compileBinaryEncoder(schema)(message as object);
    },
    fromJson(input, options) {
      const text = typeof input === "string" ? input : utf8.decode(input);
      if (options?.trusted) {
        const message = (trusted ??= compileTrustedJsonTextDecoder(schema))(text);
        if (message !== undefined) return message as T;
      }
      return fromJsonText(text);
    },
    fromJsonValue: (value) => checked((strict) => compileJsonDecoder(schema, strict)(value) as T),
    // The JSON encoder checks required fields as it goes (free when they are all set).
    toJson: (message, options) => compileJsonEncoder(schema, !options?.partial)(message as object),
    validate,
  };
}

/** The values of one enum type `T` (a union of value names). */
export interface EnumType<T extends string> {
  readonly schema: EnumSchema;
  /** Every value name, in declaration order. */
  readonly values: readonly T[];
  /** The wire number of a value name. */
  numberOf(name: T): number;
  /** The value name of a wire number, or undefined when this schema does not know it. */
  nameOf(number: number): T | undefined;
  /** True when `value` is one of this enum's names. */
  is(value: unknown): value is T;
}

/** Creates the value table of an enum declared in `file`. */
export function enumType<T extends string>(file: FileSchema, typeName: string): EnumType<T> {
  const schema = file.enum(typeName);
  return {
    schema,
    values: schema.values.map((v) => v.name as T),
    numberOf: (name) => schema.numberByName.get(name) ?? 0,
    nameOf: (number) => schema.nameByNumber.get(number) as T | undefined,
    is: (value): value is T => typeof value === "string" && schema.numberByName.has(value),
  };
}

/** One member of a union-pattern message: facade method name, discriminator value, payload field. */
export type UnionMemberSpec = readonly [method: string, value: string, payloadField?: string];

/**
 * Builds typed constructors for a union-pattern message (`Call`, `Event`,
 * `Offer.Operation`, ...): one method per discriminator value, each building the
 * message and handing it to `send`. Generated code types the result.
 */
export function unionFacade<R>(
  discriminator: string,
  members: readonly UnionMemberSpec[],
  send: (message: never) => R,
): Record<string, (...args: unknown[]) => R> {
  const facade: Record<string, (...args: unknown[]) => R> = {};
  for (const [method, value, payloadField] of members) {
    facade[method] = payloadField
      ? (payload: unknown, fields?: unknown) =>
          send({ ...(fields as object), [discriminator]: value, [payloadField]: payload } as never)
      : (fields?: unknown) => send({ ...(fields as object), [discriminator]: value } as never);
  }
  return facade;
}
