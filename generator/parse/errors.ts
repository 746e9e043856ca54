/** Errors of reading and parsing `.proto` files. Each has a stable `code`. */

/** Stable codes of generator errors. */
export type GeneratorErrorCode =
  | "ERR_PROTO_SYNTAX"
  | "ERR_PROTO_IMPORT_NOT_FOUND"
  | "ERR_PROTO_FILE_NOT_FOUND"
  | "ERR_PROTO_UNRESOLVED_TYPE"
  | "ERR_PROTO_UNSUPPORTED"
  | "ERR_GENERATOR_CONFIG";

/** A problem in the input of the generator, located where possible as `file:line:column`. */
export class GeneratorError extends Error {
  override readonly name = "GeneratorError";

  constructor(
    readonly code: GeneratorErrorCode,
    message: string,
    /** `file:line[:column]` of the problem, when known. */
    readonly location?: string,
  ) {
    super(location ? `${location}: ${message}` : message);
  }
}
