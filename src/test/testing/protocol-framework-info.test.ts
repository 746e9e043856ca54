// FrameworkInfo validation of mini-mesos (mesos-protocol.md 3.1 step 2, 3.16, 7.2, 7.3): role and id
// texts, the evaluation order of the SUBSCRIBE table, UPDATE_FRAMEWORK, and C++ renderings of values.
import { describe, expect, it } from "vitest";
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import {
  checkUpdateFramework,
  formatCppDouble,
  formatCppSet,
  frameworkRoles,
  textResponse,
  validateFrameworkInfo,
  validateFrameworkUpdate,
  validateId,
  validateOfferConstraints,
  validateOfferFilters,
  validateRole,
} from "../../testing/protocol/index.js";

const MULTI_ROLE = [{ type: "MULTI_ROLE" as const }];
const info = (fields: Partial<mesos.FrameworkInfo> = {}): mesos.FrameworkInfo => ({ user: "u", name: "fw", ...fields });
const multiRole = (roles: string[], fields: Partial<mesos.FrameworkInfo> = {}) =>
  info({ roles, capabilities: MULTI_ROLE, ...fields });

describe("validateRole (3.1 role errors)", () => {
  it("accepts `*` and well-formed hierarchical names", () => {
    for (const role of ["*", "web", "eng/web", "a.b", "a-b", "a*b", "é/ü", "a/b/c", "..a", "a/.b"]) {
      expect([role, validateRole(role)]).toEqual([role, undefined]);
    }
  });

  it("gives every role error text", () => {
    const cases: [string, string][] = [
      ["/a", "Role '/a' cannot start with a slash"],
      ["/", "Role '/' cannot start with a slash"],
      ["a/", "Role 'a/' cannot end with a slash"],
      ["a//b", "Role 'a//b' cannot contain two adjacent slashes"],
      ["", "Role names cannot be the empty string"],
      [".", "Role '.' cannot include '.' as a component"],
      ["a/..", "Role 'a/..' cannot include '..' as a component"],
      ["a/*", "Role 'a/*' cannot include '*' as a component"],
      ["-a", "Role component '-a' is invalid because it starts with a dash"],
      ["a/-b", "Role component '-b' is invalid because it starts with a dash"],
      ["a b", "Role component 'a b' is invalid because it contains backspace or whitespace"],
      ["x/a\tb", "Role component 'a\tb' is invalid because it contains backspace or whitespace"],
      ["a\nb", "Role component 'a\nb' is invalid because it contains backspace or whitespace"],
      ["a\x0bb", "Role component 'a\x0bb' is invalid because it contains backspace or whitespace"],
      ["a\fb", "Role component 'a\fb' is invalid because it contains backspace or whitespace"],
      ["a\rb", "Role component 'a\rb' is invalid because it contains backspace or whitespace"],
      ["a\x7fb", "Role component 'a\x7fb' is invalid because it contains backspace or whitespace"],
    ];
    for (const [role, error] of cases) expect([role, validateRole(role)]).toEqual([role, error]);
  });

  it("checks the whole name before its components", () => {
    expect(validateRole("-a/")).toBe("Role '-a/' cannot end with a slash");
    expect(validateRole("./-a")).toBe("Role './-a' cannot include '.' as a component");
    expect(validateRole("-a/.")).toBe("Role component '-a' is invalid because it starts with a dash");
  });
});

describe("validateId (7.2)", () => {
  it("gives every id error text", () => {
    const cases: [string, string | undefined][] = [
      ["fw-1", undefined],
      ["a.b", undefined],
      ["..a", undefined],
      ["x".repeat(255), undefined],
      ["", "ID must not be empty"],
      ["x".repeat(256), "ID must not be greater than 255 characters"],
      ["é".repeat(128), "ID must not be greater than 255 characters"],
      [".", "'.' is disallowed"],
      ["..", "'..' is disallowed"],
      ["a/b", "'a/b' contains invalid characters"],
      ["a\\b", "'a\\b' contains invalid characters"],
      ["a\nb", "'a\nb' contains invalid characters"],
      ["a\x00b", "'a\x00b' contains invalid characters"],
      ["a\x7fb", "'a\x7fb' contains invalid characters"],
    ];
    for (const [id, error] of cases) expect([id, validateId(id)]).toEqual([id, error]);
  });
});

describe("validateFrameworkInfo (3.1 step 2)", () => {
  it("C051, C052: role and roles must match the MULTI_ROLE capability", () => {
    expect(validateFrameworkInfo(info({ roles: ["a"] }))).toBe(
      "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable",
    );
    expect(validateFrameworkInfo(multiRole([], { role: "a" }))).toBe(
      "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable",
    );
    // `roles: []` is no roles at all: valid, and so is an MR framework without roles.
    expect(validateFrameworkInfo(info({ roles: [] }))).toBeUndefined();
    expect(validateFrameworkInfo(multiRole([]))).toBeUndefined();
  });

  it("C053: duplicate roles are listed as a set", () => {
    expect(validateFrameworkInfo(multiRole(["a", "a"]))).toBe("'FrameworkInfo.roles' contains duplicate items: { a }");
    expect(validateFrameworkInfo(multiRole(["b", "a", "b", "a", "a", "c"]))).toBe(
      "'FrameworkInfo.roles' contains duplicate items: { a, b }",
    );
    // Duplicates are reported before invalid names.
    expect(validateFrameworkInfo(multiRole(["a/", "b", "b"]))).toBe(
      "'FrameworkInfo.roles' contains duplicate items: { b }",
    );
  });

  it("C054: invalid role names, with and without MULTI_ROLE", () => {
    expect(validateFrameworkInfo(multiRole(["ok", "a/"]))).toBe(
      "'FrameworkInfo.roles' contains invalid role: Role 'a/' cannot end with a slash",
    );
    expect(validateFrameworkInfo(info({ role: "" }))).toBe(
      "'FrameworkInfo.role' is not a valid role: Role names cannot be the empty string",
    );
    expect(validateFrameworkInfo(info({ role: "-x" }))).toBe(
      "'FrameworkInfo.role' is not a valid role: Role component '-x' is invalid because it starts with a dash",
    );
  });

  it("C061: a non-empty framework id must be a valid id", () => {
    expect(validateFrameworkInfo(info({ id: { value: "a/b" } }))).toBe("'a/b' contains invalid characters");
    expect(validateFrameworkInfo(info({ id: { value: ".." } }))).toBe("'..' is disallowed");
    expect(validateFrameworkInfo(info({ id: { value: "x".repeat(256) } }))).toBe(
      "ID must not be greater than 255 characters",
    );
    expect(validateFrameworkInfo(info({ id: { value: "" } }))).toBeUndefined();
    // Role errors come first.
    expect(validateFrameworkInfo(info({ id: { value: "a/b" }, role: "/" }))).toMatch(/^'FrameworkInfo.role'/);
  });

  it("checks offer filters", () => {
    const filters = (quantities: Record<string, { value: number }>): Record<string, mesos.OfferFilters> => ({
      web: { min_allocatable_resources: { quantities: [{ quantities }] } },
    });
    expect(validateFrameworkInfo(info({ offer_filters: filters({}) }))).toBe(
      "Resource quantities must contain at least one quantity",
    );
    expect(validateFrameworkInfo(info({ offer_filters: filters({ cpus: { value: -1 } }) }))).toBe(
      "Invalid resource quantity for 'cpus': Negative values not supported",
    );
    expect(validateOfferFilters(filters({ cpus: { value: Infinity } }))).toBe(
      "Invalid resource quantity for 'cpus': Infinite values not supported",
    );
    expect(validateOfferFilters(filters({ cpus: { value: NaN } }))).toBe(
      "Invalid resource quantity for 'cpus': NaN not supported",
    );
    expect(validateOfferFilters(filters({ cpus: { value: 5e-324 } }))).toBe(
      "Invalid resource quantity for 'cpus': Subnormal values not supported",
    );
    expect(validateOfferFilters(filters({ cpus: { value: 0 }, mem: { value: 32 } }))).toBeUndefined();
    expect(validateOfferFilters({ web: {} })).toBeUndefined();
  });

  it("checks the deprecated --roles whitelist, always allowing `*`", () => {
    const roleWhitelist = new Set(["a"]);
    expect(validateFrameworkInfo(multiRole(["c", "a", "b"]), { roleWhitelist })).toBe(
      "Roles { b, c } are not present in the master's --roles",
    );
    expect(validateFrameworkInfo(info(), { roleWhitelist })).toBeUndefined();
    expect(validateFrameworkInfo(info({ role: "z" }), { roleWhitelist })).toBe(
      "Roles { z } are not present in the master's --roles",
    );
  });

  it("C055: suppressed roles must be roles of the framework (observed text)", () => {
    expect(validateFrameworkInfo(multiRole(["a"]), { suppressedRoles: ["b"] })).toBe(
      "Suppressed roles { b } are not contained in the set of roles",
    );
    expect(validateFrameworkInfo(multiRole(["a"]), { suppressedRoles: ["c", "a", "b", "c"] })).toBe(
      "Suppressed roles { b, c } are not contained in the set of roles",
    );
    expect(validateFrameworkInfo(multiRole(["a"]), { suppressedRoles: ["a"] })).toBeUndefined();
    // Without MULTI_ROLE the only role is `role`, `*` by default.
    expect(validateFrameworkInfo(info(), { suppressedRoles: ["*"] })).toBeUndefined();
    expect(validateFrameworkInfo(info({ role: "r" }), { suppressedRoles: ["*"] })).toBe(
      "Suppressed roles { * } are not contained in the set of roles",
    );
  });

  it("refuses root only with --root_submissions=false", () => {
    expect(validateFrameworkInfo(info({ user: "root" }))).toBeUndefined();
    expect(validateFrameworkInfo(info({ user: "root" }), { rootSubmissions: false })).toBe(
      "User 'root' is not allowed to run frameworks without --root_submissions set",
    );
  });

  it("C062: a removed framework may not subscribe again", () => {
    const isRemoved = (id: string) => id === "gone";
    expect(validateFrameworkInfo(info({ id: { value: "gone" } }), { isRemoved })).toBe("Framework has been removed");
    expect(validateFrameworkInfo(info({ id: { value: "alive" } }), { isRemoved })).toBeUndefined();
  });

  it("C056: failover_timeout must fit a 64-bit nanosecond duration, rendered as C++ prints doubles", () => {
    const timeout = (failover_timeout: number) => validateFrameworkInfo(info({ failover_timeout }));
    expect(timeout(1e10)).toBe("The framework failover_timeout (1e+10) is invalid");
    expect(timeout(Infinity)).toBe("The framework failover_timeout (inf) is invalid");
    expect(timeout(-Infinity)).toBe("The framework failover_timeout (-inf) is invalid");
    expect(timeout(9223372037)).toBe("The framework failover_timeout (9.22337e+09) is invalid");
    expect(timeout(-9223372037)).toBe("The framework failover_timeout (-9.22337e+09) is invalid");
    // 2^63 ns itself passes Duration::create's comparison.
    expect(timeout(9223372036.854776)).toBeUndefined();
    expect(timeout(604800)).toBeUndefined();
    expect(timeout(-1)).toBeUndefined();
    expect(validateFrameworkInfo(info())).toBeUndefined();
  });

  it("checks offer constraints, authorization, then the principal of a known framework", () => {
    const offerConstraints: scheduler.OfferConstraints = { role_constraints: { a: { groups: [] } } };
    expect(validateFrameworkInfo(multiRole(["a"]), { offerConstraints })).toBe(
      "'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role a",
    );
    expect(validateOfferConstraints({ role_constraints: { a: { groups: [{}] } } })).toBeUndefined();
    expect(
      validateFrameworkInfo(info(), { authorization: { kind: "denied", action: "register framework 'fw'" } }),
    ).toBe("Not authorized to register framework 'fw'");
    expect(validateFrameworkInfo(info(), { authorization: { kind: "failed", error: "boom" } })).toBe(
      "Authorization failure: boom",
    );
    // C065: set versus unset is a change, and so is "" versus unset.
    expect(validateFrameworkInfo(info({ principal: "p" }), { previous: info() })).toBe(
      "Changing framework's principal is not allowed.",
    );
    expect(validateFrameworkInfo(info({ principal: "" }), { previous: info() })).toBe(
      "Changing framework's principal is not allowed.",
    );
    expect(validateFrameworkInfo(info({ principal: "p" }), { previous: info({ principal: "p" }) })).toBeUndefined();
    // C064: on SUBSCRIBE, user and checkpoint changes are not errors.
    expect(
      validateFrameworkInfo(info({ user: "b", checkpoint: true }), { previous: info({ user: "a" }) }),
    ).toBeUndefined();
  });

  it("evaluates the rows of the table in order", () => {
    const everythingWrong = info({
      id: { value: "gone" },
      user: "root",
      role: "r",
      failover_timeout: Infinity,
      principal: "new",
    });
    const context = {
      suppressedRoles: ["x"],
      roleWhitelist: new Set<string>(),
      rootSubmissions: false,
      isRemoved: () => true,
      offerConstraints: { role_constraints: { r: {} } },
      authorization: { kind: "denied" as const, action: "x" },
      previous: info(),
    };
    const expected = [
      "Roles { r } are not present in the master's --roles",
      "Suppressed roles { x } are not contained in the set of roles",
      "User 'root' is not allowed to run frameworks without --root_submissions set",
      "Framework has been removed",
      "The framework failover_timeout (inf) is invalid",
      "'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role r",
      "Not authorized to x",
      "Changing framework's principal is not allowed.",
      undefined,
    ];
    // Fix one row at a time: each fix reveals the next row's text.
    const fixes: ((i: mesos.FrameworkInfo, c: typeof context) => void)[] = [
      (_, c) => (c.roleWhitelist = new Set(["r"])),
      (_, c) => (c.suppressedRoles = ["r"]),
      (_, c) => (c.rootSubmissions = true),
      (_, c) => (c.isRemoved = () => false),
      (i) => (i.failover_timeout = 0),
      (_, c) => (c.offerConstraints = { role_constraints: { r: { groups: [{}] } } }),
      (_, c) => delete (c as Partial<typeof context>).authorization,
      (i) => delete i.principal,
    ];
    const seen = [validateFrameworkInfo(everythingWrong, context)];
    for (const fix of fixes) {
      fix(everythingWrong, context);
      seen.push(validateFrameworkInfo(everythingWrong, context));
    }
    expect(seen).toEqual(expected);
  });

  it("knows a framework's roles", () => {
    expect([...frameworkRoles(info())]).toEqual(["*"]);
    expect([...frameworkRoles(info({ role: "r" }))]).toEqual(["r"]);
    expect([...frameworkRoles(multiRole(["a", "b"]))]).toEqual(["a", "b"]);
  });
});

describe("UPDATE_FRAMEWORK (3.16)", () => {
  it("C116: user, principal and checkpoint may not change", () => {
    expect(validateFrameworkUpdate(info({ user: "a" }), info({ user: "b" }))).toBe(
      "Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'a' to 'b'",
    );
    expect(validateFrameworkUpdate(info(), info({ checkpoint: true }))).toBe(
      "Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from 'false' to 'true'",
    );
    expect(validateFrameworkUpdate(info({ checkpoint: true }), info({ checkpoint: false }))).toBe(
      "Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from 'true' to 'false'",
    );
    expect(validateFrameworkUpdate(info({ principal: "p" }), info({ principal: "q", user: "x" }))).toBe(
      "Changing framework's principal is not allowed.",
    );
    expect(validateFrameworkUpdate(info(), info({ checkpoint: false, name: "other", roles: [] }))).toBeUndefined();
  });

  it("answers each failure with its prefix and status", () => {
    const previous = multiRole(["web"], { id: { value: "F" }, user: "a" });
    const update = (fields: Partial<mesos.FrameworkInfo>, more: Partial<scheduler.Call_UpdateFramework> = {}) => ({
      framework_info: { ...previous, ...fields },
      ...more,
    });
    expect(checkUpdateFramework(previous, update({ user: "b" }))).toEqual(
      textResponse(
        400,
        "FrameworkInfo update is not valid: Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'a' to 'b'",
      ),
    );
    expect(checkUpdateFramework(previous, update({ roles: ["a", "a"] }))).toEqual(
      textResponse(400, "Supplied FrameworkInfo is not valid: 'FrameworkInfo.roles' contains duplicate items: { a }"),
    );
    expect(checkUpdateFramework(previous, update({}, { suppressed_roles: ["batch"] }))).toEqual(
      textResponse(
        400,
        "Supplied FrameworkInfo is not valid: Suppressed roles { batch } are not contained in the set of roles",
      ),
    );
    expect(
      checkUpdateFramework(previous, update({}, { offer_constraints: { role_constraints: { web: {} } } })),
    ).toEqual(
      textResponse(
        400,
        "'UpdateFramework.offer_constraints' are not valid: 'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role web",
      ),
    );
    expect(checkUpdateFramework(previous, update({}), { authorization: { kind: "failed", error: "e" } })).toEqual(
      textResponse(400, "Authorization failure: e"),
    );
    expect(checkUpdateFramework(previous, update({}), { authorization: { kind: "denied", action: "update" } })).toEqual(
      textResponse(403, "Not authorized to update"),
    );
    expect(
      checkUpdateFramework(previous, update({ roles: ["web", "batch"], name: "n2" }, { suppressed_roles: ["batch"] })),
    ).toBeUndefined();
  });
});

describe("C++ renderings", () => {
  it("prints doubles like std::ostream (%g, 6 significant digits)", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "-0"],
      [1, "1"],
      [3600, "3600"],
      [0.5, "0.5"],
      [-2.5, "-2.5"],
      [0.1, "0.1"],
      [1 / 3, "0.333333"],
      [123456, "123456"],
      [1234567, "1.23457e+06"],
      [1234565, "1.23456e+06"], // an exact tie rounds to even
      [1234575, "1.23458e+06"],
      [999999.5, "1e+06"],
      [0.0001, "0.0001"],
      [0.00001, "1e-05"],
      [0.000123456789, "0.000123457"],
      [1e10, "1e+10"],
      [1e100, "1e+100"],
      [2 ** 63, "9.22337e+18"],
      [5e-324, "4.94066e-324"],
      [1.7976931348623157e308, "1.79769e+308"],
      [Infinity, "inf"],
      [-Infinity, "-inf"],
      [NaN, "nan"],
    ];
    for (const [value, text] of cases) expect([value, formatCppDouble(value)]).toEqual([value, text]);
  });

  it("prints sets like stout, in byte order", () => {
    expect(formatCppSet(["b", "a", "b"])).toBe("{ a, b }");
    expect(formatCppSet(["\u{1F600}", "\uFFFD", "B", "a"])).toBe("{ B, a, \uFFFD, \u{1F600} }");
  });
});
