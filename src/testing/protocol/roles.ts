/**
 * Role names (mesos-protocol.md 3.1 and 7.3): `*`, or `/`-separated
 * components, each non-empty, not `.`, `..` or `*`, not starting with `-`,
 * and free of whitespace and DEL.
 */

/** Whitespace as C's `isspace` knows it, plus DEL (which Mesos calls backspace). */
const FORBIDDEN = /[\t\n\v\f\r \x7f]/;

/** The reason Mesos rejects `role` (e.g. `Role 'a/' cannot end with a slash`), or undefined when it is valid. */
export function validateRole(role: string): string | undefined {
  if (role === "*") return undefined;
  // The slash rules look at the whole name first, so `/` is reported as a leading slash, not as empty.
  if (role.startsWith("/")) return `Role '${role}' cannot start with a slash`;
  if (role.endsWith("/")) return `Role '${role}' cannot end with a slash`;
  if (role.includes("//")) return `Role '${role}' cannot contain two adjacent slashes`;
  if (role === "") return "Role names cannot be the empty string";
  for (const component of role.split("/")) {
    if (component === "." || component === ".." || component === "*") {
      return `Role '${role}' cannot include '${component}' as a component`;
    }
    if (component.startsWith("-")) return `Role component '${component}' is invalid because it starts with a dash`;
    if (FORBIDDEN.test(component)) {
      return `Role component '${component}' is invalid because it contains backspace or whitespace`;
    }
  }
  return undefined;
}
