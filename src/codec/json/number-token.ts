/**
 * How integer tokens of JSON text are represented after parsing, shared by the
 * fast and the exact parser so both give the same values.
 */

/**
 * The value of an all-digits token (optional `-`, leading zeros allowed): a
 * number when the double holds it exactly, else its canonical decimal digits
 * as a string (the decoder turns those into exact 64-bit integers); undefined
 * when it overflows a double, which Mesos rejects with `Value out of range`.
 */
export function integerTokenValue(token: string): number | string | undefined {
  const n = Number(token);
  if (!Number.isFinite(n)) return undefined;
  // picojson reads "-0" as the int64 0.
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
  const exact = BigInt(token);
  return exact === BigInt(n) ? n : exact.toString();
}

/** An all-digits token, as `strtoimax` reads it completely. */
export const INTEGER_TOKEN = /^-?\d+$/;

/**
 * A token `strtod` consumes completely, among those picojson starts (a digit or
 * `-` first): leading zeros, `1.` and `-.5` included.
 */
export const DOUBLE_TOKEN = /^(?:-?\d+(?:\.\d*)?|-\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether `text` holds a run of 16 or more ASCII digits (the shortest integer
 * that may not fit a double exactly). Samples every 8th character: such a run
 * always covers two sampled positions 8 apart and everything between them.
 */
export function hasLongDigitRun(text: string): boolean {
  const n = text.length - 8;
  for (let i = 0; i < n; i += 8) {
    if (!isDigit(text.charCodeAt(i + 8))) {
      i += 8; // no run covers both i + 8 and a later sample of this pair
      continue;
    }
    if (!isDigit(text.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < i + 8 && isDigit(text.charCodeAt(j))) j++;
    if (j < i + 8) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i + 9;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
