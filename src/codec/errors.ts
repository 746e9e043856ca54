/**
 * Errors of the codecs. Every error has a stable `code`; decode errors also say
 * where in the message the problem is (`path`, e.g.
 * `accept.operations[0].launch.task_infos[2].agent_id`).
 */

/** Stable codes of codec errors. */
export type CodecErrorCode =
  /** A proto2 `required` field is not set. */
  | "ERR_CODEC_REQUIRED_FIELD"
  /** Binary input is cut short or malformed (bad varint, bad wire type, bad length). */
  | "ERR_CODEC_BINARY"
  /** JSON text does not parse. */
  | "ERR_CODEC_JSON_SYNTAX"
  /** A JSON value has the wrong type for its field (e.g. a number for an enum). */
  | "ERR_CODEC_JSON_TYPE"
  /** A value cannot be represented: a 64-bit integer outside the safe range of `number`, a bad enum name, bad base64. */
  | "ERR_CODEC_VALUE";

/** An error while encoding or decoding a message. */
export class CodecError extends Error {
  override readonly name = "CodecError";
  /** Where the problem is, from the top-level message; empty at the top level. */
  path: string;

  constructor(
    readonly code: CodecErrorCode,
    /** What is wrong, without the path. */
    readonly detail: string,
    path = "",
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.path = path;
  }

  /** Puts a field name or `[index]` in front of the path (used while unwinding). */
  within(segment: string): this {
    if (this.path === "") this.path = segment;
    else this.path = this.path.startsWith("[") ? segment + this.path : `${segment}.${this.path}`;
    this.message = `${this.path}: ${this.detail}`;
    return this;
  }
}

/** A required field is missing; `paths` lists every missing field, in declaration order. */
export class MissingRequiredFieldsError extends CodecError {
  constructor(readonly paths: readonly string[]) {
    super("ERR_CODEC_REQUIRED_FIELD", "required field missing", paths[0] ?? "");
  }

  /** The text Mesos uses for the same problem: `Missing required fields: a, b`. */
  get mesosText(): string {
    return `Missing required fields: ${this.paths.join(", ")}`;
  }
}

/** A generated file's schema is inconsistent (a broken or hand-edited generated file). */
export class SchemaError extends Error {
  override readonly name = "SchemaError";
  readonly code = "ERR_CODEC_SCHEMA";

  constructor(detail: string) {
    super(`${detail}. Regenerate the bindings with create-mesos-framework bindings.`);
  }
}
