/**
 * FrameworkInfo validation of SUBSCRIBE and UPDATE_FRAMEWORK
 * (mesos-protocol.md 3.1 step 2 and 3.16): the first failing rule, in the
 * order the master evaluates them, with its exact text.
 */
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { formatCppDouble, formatCppSet } from "./cpp-format.js";
import { validateId } from "./ids.js";
import { validateRole } from "./roles.js";
import { textResponse, type ProtocolResponse } from "./wire.js";

/** What an authorizer said about a subscription or update, when one runs. */
export type AuthorizationOutcome =
  | { readonly kind: "denied"; /** e.g. `register framework 'x' with role 'r'` */ readonly action: string }
  | { readonly kind: "failed"; readonly error: string };

/** The master state and call fields the FrameworkInfo rules depend on. */
export interface FrameworkValidationContext {
  /** `suppressed_roles` of the call; each must be one of the framework's roles. */
  readonly suppressedRoles?: readonly string[];
  /** `offer_constraints` of the call. */
  readonly offerConstraints?: scheduler.OfferConstraints;
  /** The deprecated `--roles` whitelist; undefined when the flag is unset (every role allowed). */
  readonly roleWhitelist?: ReadonlySet<string>;
  /** `--root_submissions` (default true): may user `root` run frameworks? */
  readonly rootSubmissions?: boolean;
  /** True when `frameworkId` belongs to a framework the master removed (its completed list). */
  readonly isRemoved?: (frameworkId: string) => boolean;
  /** The authorizer's verdict on this subscription, if an authorizer is configured and refused. */
  readonly authorization?: AuthorizationOutcome;
  /**
   * The stored FrameworkInfo of a known framework (a failover), whose principal
   * may not change; fill the new info's unset principal from the authenticated
   * one first, as the master does (1.9).
   */
  readonly previous?: mesos.FrameworkInfo;
}

/** The ERROR message a SUBSCRIBE with `info` gets (3.1 step 2), or undefined when the subscription is valid. */
export function validateFrameworkInfo(
  info: mesos.FrameworkInfo,
  context: FrameworkValidationContext = {},
): string | undefined {
  return (
    validateInfo(info, context) ??
    validateOfferConstraints(context.offerConstraints) ??
    authorizationText(context.authorization) ??
    (context.previous === undefined ? undefined : principalChange(context.previous, info))
  );
}

/**
 * Why an UPDATE_FRAMEWORK may not turn `previous` into `next` (3.16):
 * principal, `user` and `checkpoint` are fixed; undefined when allowed.
 */
export function validateFrameworkUpdate(previous: mesos.FrameworkInfo, next: mesos.FrameworkInfo): string | undefined {
  const principal = principalChange(previous, next);
  if (principal !== undefined) return principal;
  if (next.user !== previous.user) {
    return `Updating 'FrameworkInfo.user' is unsupported; attempted to update from '${previous.user}' to '${next.user}'`;
  }
  const before = previous.checkpoint ?? false;
  const after = next.checkpoint ?? false;
  if (after !== before) {
    return `Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from '${before}' to '${after}'`;
  }
  return undefined;
}

/**
 * The error response to an UPDATE_FRAMEWORK of the framework stored as
 * `previous` (3.16), or undefined when it is valid and gets `200` with an
 * empty body.
 */
export function checkUpdateFramework(
  previous: mesos.FrameworkInfo,
  update: scheduler.Call_UpdateFramework,
  context: Pick<FrameworkValidationContext, "roleWhitelist" | "rootSubmissions" | "isRemoved" | "authorization"> = {},
): ProtocolResponse | undefined {
  const info = update.framework_info;
  const invalid = validateInfo(info, { ...context, suppressedRoles: update.suppressed_roles });
  if (invalid !== undefined) return textResponse(400, `Supplied FrameworkInfo is not valid: ${invalid}`);
  const change = validateFrameworkUpdate(previous, info);
  if (change !== undefined) return textResponse(400, `FrameworkInfo update is not valid: ${change}`);
  const constraints = validateOfferConstraints(update.offer_constraints);
  if (constraints !== undefined) {
    return textResponse(400, `'UpdateFramework.offer_constraints' are not valid: ${constraints}`);
  }
  // Unlike SUBSCRIBE, a denial is its own status here.
  const authorization = context.authorization;
  if (authorization?.kind === "failed") return textResponse(400, authorizationText(authorization)!);
  if (authorization?.kind === "denied") return textResponse(403, authorizationText(authorization)!);
  return undefined;
}

/** The reason `roles`/`role` of `info` are invalid (the role rows of 3.1), or undefined. */
export function validateFrameworkRoles(info: mesos.FrameworkInfo): string | undefined {
  const multiRole = isMultiRole(info);
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  }
  const roles = info.roles ?? [];
  if (!multiRole && roles.length > 0) {
    return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
  }
  if (multiRole) {
    const duplicates = roles.filter((role, i) => roles.indexOf(role) !== i);
    if (duplicates.length > 0) return `'FrameworkInfo.roles' contains duplicate items: ${formatCppSet(duplicates)}`;
    for (const role of roles) {
      const error = validateRole(role);
      if (error !== undefined) return `'FrameworkInfo.roles' contains invalid role: ${error}`;
    }
    return undefined;
  }
  const error = validateRole(legacyRole(info));
  return error === undefined ? undefined : `'FrameworkInfo.role' is not a valid role: ${error}`;
}

/** The roles a framework subscribes to: `roles` with MULTI_ROLE, else its single `role` (default `*`). */
export function frameworkRoles(info: mesos.FrameworkInfo): Set<string> {
  return new Set(isMultiRole(info) ? (info.roles ?? []) : [legacyRole(info)]);
}

/** The reason `offer_filters` are invalid (common offer-filter validation), or undefined. */
export function validateOfferFilters(
  filters: Readonly<Record<string, mesos.OfferFilters>> | undefined,
): string | undefined {
  for (const filter of Object.values(filters ?? {})) {
    for (const quantities of filter.min_allocatable_resources?.quantities ?? []) {
      const entries = Object.entries(quantities.quantities ?? {});
      if (entries.length === 0) return "Resource quantities must contain at least one quantity";
      for (const [name, scalar] of entries) {
        const error = scalarError(scalar.value);
        if (error !== undefined) return `Invalid resource quantity for '${name}': ${error}`;
      }
    }
  }
  return undefined;
}

/** The reason `offer_constraints` are invalid (the empty-groups rule; attribute regexes are not compiled), or undefined. */
export function validateOfferConstraints(constraints: scheduler.OfferConstraints | undefined): string | undefined {
  for (const [role, roleConstraints] of Object.entries(constraints?.role_constraints ?? {})) {
    if ((roleConstraints.groups ?? []).length === 0) {
      return `'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role ${role}`;
    }
  }
  return undefined;
}

/** The rows of 3.1 that only look at the FrameworkInfo, the call's suppressed roles and master flags. */
function validateInfo(info: mesos.FrameworkInfo, context: FrameworkValidationContext): string | undefined {
  const roles = validateFrameworkRoles(info);
  if (roles !== undefined) return roles;
  // An empty id asks for a new one, so only a non-empty id is checked.
  if (info.id !== undefined && info.id.value !== "") {
    const error = validateId(info.id.value);
    if (error !== undefined) return error;
  }
  const filters = validateOfferFilters(info.offer_filters);
  if (filters !== undefined) return filters;
  const subscribed = frameworkRoles(info);
  const whitelist = context.roleWhitelist;
  if (whitelist !== undefined) {
    // The default role stays allowed whatever the flag lists.
    const refused = [...subscribed].filter((role) => role !== "*" && !whitelist.has(role));
    if (refused.length > 0) return `Roles ${formatCppSet(refused)} are not present in the master's --roles`;
  }
  const unknownSuppressed = (context.suppressedRoles ?? []).filter((role) => !subscribed.has(role));
  if (unknownSuppressed.length > 0) {
    return `Suppressed roles ${formatCppSet(unknownSuppressed)} are not contained in the set of roles`;
  }
  if (info.user === "root" && context.rootSubmissions === false) {
    return "User 'root' is not allowed to run frameworks without --root_submissions set";
  }
  if (info.id !== undefined && context.isRemoved?.(info.id.value)) return "Framework has been removed";
  return failoverTimeoutError(info.failover_timeout ?? 0);
}

/** `Duration::create` refuses seconds whose nanoseconds overflow int64 (NaN slips through its comparisons). */
function failoverTimeoutError(seconds: number): string | undefined {
  const nanoseconds = seconds * 1e9;
  if (nanoseconds > 2 ** 63 || nanoseconds < -(2 ** 63)) {
    return `The framework failover_timeout (${formatCppDouble(seconds)}) is invalid`;
  }
  return undefined;
}

/** Principals are compared with presence: unset and set (even to "") differ. */
function principalChange(previous: mesos.FrameworkInfo, next: mesos.FrameworkInfo): string | undefined {
  return previous.principal === next.principal ? undefined : "Changing framework's principal is not allowed.";
}

function authorizationText(outcome: AuthorizationOutcome | undefined): string | undefined {
  if (outcome === undefined) return undefined;
  return outcome.kind === "denied" ? `Not authorized to ${outcome.action}` : `Authorization failure: ${outcome.error}`;
}

function isMultiRole(info: mesos.FrameworkInfo): boolean {
  return (info.capabilities ?? []).some((capability) => capability.type === "MULTI_ROLE");
}

/** `FrameworkInfo.role` with its proto default. */
function legacyRole(info: mesos.FrameworkInfo): string {
  return info.role ?? "*";
}

/** Mesos' rules for scalar input values (`validateInputScalarValue`). */
function scalarError(value: number): string | undefined {
  if (Number.isNaN(value)) return "NaN not supported";
  if (!Number.isFinite(value)) return "Infinite values not supported";
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) return "Subnormal values not supported";
  if (value < 0) return "Negative values not supported";
  return undefined;
}
