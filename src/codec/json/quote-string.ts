/**
 * Strings exactly as rapidjson's `Writer::String` writes them for Mesos: only
 * `"`, `\` and control characters are escaped; `/`, DEL and non-ASCII text pass
 * through verbatim.
 */

/** Characters rapidjson escapes (its `escape[]` table). */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be found
const NEEDS_ESCAPE = /[\u0000-\u001f"\\]/;

const HEX = "0123456789ABCDEF";

/** Escapes by code unit, built once: `\b \t \n \f \r` short forms, other controls `\u00XX`. */
const ESCAPES: readonly string[] = (() => {
  const table: string[] = [];
  for (let c = 0; c < 0x20; c++) table.push(`\\u00${HEX[c >> 4]}${HEX[c & 15]}`);
  table[0x08] = "\\b";
  table[0x09] = "\\t";
  table[0x0a] = "\\n";
  table[0x0c] = "\\f";
  table[0x0d] = "\\r";
  return table;
})();

/** The JSON string literal Mesos writes for `value`, quotes included. */
export function quoteMesosString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escape: string | undefined;
    if (c < 0x20) escape = ESCAPES[c];
    else if (c === 0x22) escape = '\\"';
    else if (c === 0x5c) escape = "\\\\";
    if (escape !== undefined) {
      out += value.slice(start, i) + escape;
      start = i + 1;
    }
  }
  return `${out}${value.slice(start)}"`;
}
