/** Errors of the mini-mesos resource model, with stable codes. */

/** Stable codes of {@link ResourcesError}. */
export type ResourcesErrorCode =
  /** A resource failed format validation; the message is Mesos' `Resource '<r>' is invalid: <reason>`. */
  | "ERR_RESOURCES_INVALID"
  /** `subtract` was asked to remove resources the instance does not contain. */
  | "ERR_RESOURCES_NOT_CONTAINED"
  /** A reservation could not be pushed or popped (unreserved resource, bad refinement). */
  | "ERR_RESOURCES_RESERVATION";

/** A misuse of {@link Resources} arithmetic or an invalid resource given to it. */
export class ResourcesError extends Error {
  override readonly name = "ResourcesError";

  constructor(
    readonly code: ResourcesErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Stable codes of {@link AgentFlagError}. */
export type AgentFlagErrorCode =
  /** A `;`-separated piece is not `name:value` (missing or extra `:`, empty name or value). */
  | "ERR_FLAG_SYNTAX"
  /** `name(role)` with a missing or misplaced parenthesis. */
  | "ERR_FLAG_PARENTHESES"
  /** The role inside `name(role)` is not a valid role name. */
  | "ERR_FLAG_ROLE"
  /** A value does not parse: bad number, bad `[a-b]` range, bad `{a,b}` set. */
  | "ERR_FLAG_VALUE"
  /** A resource value that is text (resources must be scalars, ranges or sets). */
  | "ERR_FLAG_TYPE"
  /** The parsed resource fails Mesos' format validation (negative scalar, overlapping ranges, ...). */
  | "ERR_FLAG_INVALID_RESOURCE";

/** A bad agent `--resources` or `--attributes` flag; `piece` is the offending `;`-separated part. */
export class AgentFlagError extends Error {
  override readonly name = "AgentFlagError";

  constructor(
    readonly code: AgentFlagErrorCode,
    message: string,
    readonly flag: "resources" | "attributes",
    readonly piece: string,
  ) {
    super(message);
  }
}
