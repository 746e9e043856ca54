/**
 * What a (re-)SUBSCRIBE must say: the FrameworkInfo with its ID, and the
 * suppressed roles and offer constraints as they are now. Mesos replaces
 * both on every SUBSCRIBE, so a resubscription that forgot a SUPPRESS would
 * silently start offers flowing again.
 */
import type { mesos, scheduler } from "../generated/mesos-1.11.0/index.js";

/** The framework's subscription settings, kept current as calls change them. */
export class SubscriptionState {
  private framework: mesos.FrameworkInfo;
  private suppressed = new Set<string>();
  private constraints: scheduler.OfferConstraints | undefined;

  constructor(
    framework: mesos.FrameworkInfo,
    suppressedRoles: readonly string[] = [],
    offerConstraints?: scheduler.OfferConstraints,
  ) {
    this.framework = framework;
    for (const role of suppressedRoles) this.suppressed.add(role);
    this.constraints = offerConstraints;
  }

  /** The roles the framework subscribes with (`roles`, or the deprecated `role`, or `*`). */
  get roles(): string[] {
    if (this.framework.roles && this.framework.roles.length > 0) return [...this.framework.roles];
    return [this.framework.role ?? "*"];
  }

  /** Roles currently suppressed. */
  get suppressedRoles(): string[] {
    return [...this.suppressed];
  }

  /** The FrameworkInfo, with the ID set when one is known. */
  frameworkInfo(frameworkId: string | undefined): mesos.FrameworkInfo {
    return frameworkId === undefined ? { ...this.framework } : { ...this.framework, id: { value: frameworkId } };
  }

  /** The SUBSCRIBE call; a known ID goes in both `framework_id` and `framework_info.id`, as Mesos requires. */
  subscribeCall(frameworkId: string | undefined): scheduler.Call {
    const subscribe: scheduler.Call_Subscribe = {
      framework_info: this.frameworkInfo(frameworkId),
      suppressed_roles: this.suppressedRoles,
    };
    if (this.constraints) subscribe.offer_constraints = this.constraints;
    const call: scheduler.Call = { type: "SUBSCRIBE", subscribe };
    if (frameworkId !== undefined) call.framework_id = { value: frameworkId };
    return call;
  }

  /** Follows a call that Mesos accepted and that changes what the next SUBSCRIBE must say. */
  accepted(call: scheduler.Call): void {
    if (call.type === "SUPPRESS") {
      for (const role of this.rolesOf(call.suppress.roles)) this.suppressed.add(role);
    } else if (call.type === "REVIVE") {
      for (const role of this.rolesOf(call.revive.roles)) this.suppressed.delete(role);
    } else if (call.type === "UPDATE_FRAMEWORK") {
      const { id: _id, ...framework } = call.update_framework.framework_info;
      this.framework = framework;
      this.suppressed = new Set(call.update_framework.suppressed_roles ?? []);
      this.constraints = call.update_framework.offer_constraints;
    }
  }

  // No roles in SUPPRESS/REVIVE means every role of the framework.
  private rolesOf(roles: readonly string[] | undefined): readonly string[] {
    return roles && roles.length > 0 ? roles : this.roles;
  }
}
