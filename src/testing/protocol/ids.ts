/**
 * Identifier rules shared by task, executor, framework and persistence ids
 * (mesos-protocol.md 7.2), and the UUID rule of acknowledgements and executor
 * updates (3.0, 6.2).
 */

/** Longest id Mesos accepts, in bytes: the `NAME_MAX` of the agent's file system. */
export const MAX_ID_BYTES = 255;

const UTF8 = new TextEncoder();

/** The reason Mesos rejects `id` (e.g. `'a/b' contains invalid characters`), or undefined when it is valid. */
export function validateId(id: string): string | undefined {
  if (id === "") return "ID must not be empty";
  // Mesos counts bytes of the UTF-8 text, not characters.
  if (UTF8.encode(id).length > MAX_ID_BYTES) return `ID must not be greater than ${MAX_ID_BYTES} characters`;
  if (id === "." || id === "..") return `'${id}' is disallowed`;
  // Ids become directory names on agents: no separators of either platform, no control characters.
  if ([...id].some(isInvalidCharacter)) return `'${id}' contains invalid characters`;
  return undefined;
}

/** C's `iscntrl` (ASCII controls and DEL) or a path separator. */
function isInvalidCharacter(c: string): boolean {
  const code = c.codePointAt(0)!;
  return code < 0x20 || code === 0x7f || c === "/" || c === "\\";
}

/** Exactly 16 bytes with an RFC 4122 version (1 to 5) in the high nibble of byte 6, as stout's `UUID::fromBytes` wants. */
export function isValidUuid(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined || bytes.length !== 16) return false;
  const version = bytes[6]! >> 4;
  return version >= 1 && version <= 5;
}

/** The reason stout gives for bytes that are not a UUID. */
export const INVALID_UUID = "Not a valid UUID";
