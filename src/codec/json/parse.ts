/**
 * Text → JSON value with Mesos' number semantics, at `JSON.parse` speed.
 *
 * `JSON.parse` rounds integers beyond 2^53 and differs from Mesos' parser in a
 * few corners. Cheap scans find the texts where that could matter: long digit
 * runs get their integer tokens quoted before `JSON.parse`; lone-surrogate
 * escapes and overflowing exponents go to the exact (slow) parser, as does any
 * text `JSON.parse` rejects, so Mesos-only syntax (leading zeros, `1.`) is still
 * accepted and errors carry Mesos' texts.
 */
import { CodecError } from "../errors.js";
import { parseExact } from "./exact-parser.js";
import { hasLongDigitRun, integerTokenValue } from "./number-token.js";

/**
 * A number token with 16+ leading digits outside a string. The lookarounds keep
 * out digits inside other tokens (fractions, exponents, escapes, string edges);
 * a run inside a string that still matches breaks the quoted text, which then
 * fails `JSON.parse` and takes the exact path.
 */
const LONG_NUMBER = /(?<![\w.+\-"])-?\d{16,}(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.+\-"])/g;
const FRACTION_OR_EXPONENT = /[.eE]/;
/**
 * A `\\u` escape of a surrogate without its partner: JSON.parse keeps it,
 * picojson fails. (An escaped backslash before `u` may match too; the exact
 * path then gives the right answer anyway.)
 */
const LONE_SURROGATE_ESCAPE =
  /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/;
const LONG_EXPONENT = /[\d.][eE]\+?\d{3}/;
const LONG_EXPONENT_ALL = /[\d.][eE]\+?\d{3}/g;

/**
 * Parses Mesos JSON text exactly: integers that do not fit a double exactly are
 * kept (as strings of their digits, converted by the decoder). Throws CodecError
 * `ERR_CODEC_JSON_SYNTAX` with Mesos' error text for text Mesos rejects.
 *
 * Not checked on the fast path: nesting deeper than 200 (see
 * `parseMesosJsonExact`).
 */
export function parseMesosJson(text: string): unknown {
  if ((text.indexOf("\\u") !== -1 && LONE_SURROGATE_ESCAPE.test(text)) || mayOverflow(text)) {
    return parseMesosJsonExact(text);
  }
  let source = text;
  if (hasLongDigitRun(text)) {
    const quoted = quoteLongIntegers(text);
    if (quoted === undefined) return parseMesosJsonExact(text);
    source = quoted;
  }
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return parseMesosJsonExact(text);
  }
}

/**
 * `JSON.parse(text)` without any scan for numbers, or undefined when the text
 * is not valid JSON or holds an escaped lone surrogate (then `parseMesosJson`
 * decides). The result is what `parseMesosJson` gives, except for numbers: a
 * number token that overflows a double (which Mesos rejects) is ±Infinity, and
 * an integer token of magnitude 2^53 or more may be rounded (where Mesos keeps
 * it exact). Every other number is the same. For callers that check every
 * number they use (see `adopt-decoder.ts`).
 */
export function parseJsonUnchecked(text: string): unknown {
  if (text.indexOf("\\u") !== -1 && LONE_SURROGATE_ESCAPE.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Parses like `parseMesosJson`, always with the exact emulation of Mesos'
 * parser (also enforcing its nesting limit); slower, for servers that must
 * answer malformed input exactly as Mesos would.
 */
export function parseMesosJsonExact(text: string): unknown {
  const result = parseExact(text);
  if (!result.ok) throw new CodecError("ERR_CODEC_JSON_SYNTAX", result.error);
  return result.value;
}

/**
 * The error text Mesos gives for `text` (`syntax error at line <n> near: ...`,
 * `Parsed JSON included non-whitespace trailing characters: ...`,
 * `Value out of range`), or undefined when Mesos would parse it.
 */
export function mesosJsonSyntaxError(text: string): string | undefined {
  const result = parseExact(text);
  return result.ok ? undefined : result.error;
}

/** Quotes long integer tokens; undefined when a token overflows a double (the exact path decides). */
function quoteLongIntegers(text: string): string | undefined {
  let overflow = false;
  const quoted = text.replace(LONG_NUMBER, (token) => {
    if (FRACTION_OR_EXPONENT.test(token)) {
      if (!Number.isFinite(Number(token))) overflow = true;
      return token;
    }
    const value = integerTokenValue(token);
    if (value === undefined) overflow = true;
    return typeof value === "string" ? `"${value}"` : token;
  });
  return overflow ? undefined : quoted;
}

/**
 * Whether a number token with an exponent of 3+ digits might overflow to ±∞,
 * which `JSON.parse` accepts silently and Mesos rejects (`Value out of range`).
 * Matches inside strings (hex ids like `01e073705`) are ruled out by looking at
 * the characters around the candidate token.
 */
function mayOverflow(text: string): boolean {
  if (!LONG_EXPONENT.test(text)) return false;
  LONG_EXPONENT_ALL.lastIndex = 0;
  for (let m = LONG_EXPONENT_ALL.exec(text); m !== null; m = LONG_EXPONENT_ALL.exec(text)) {
    let start = m.index;
    while (start > 0 && isMantissaChar(text.charCodeAt(start - 1))) start--;
    if (start > 0 && text.charCodeAt(start - 1) === 0x2d) start--;
    let end = m.index + m[0].length;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (!isBefore(text.charCodeAt(start - 1)) || !isAfter(text.charCodeAt(end))) continue;
    if (!Number.isFinite(Number(text.slice(start, end)))) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isMantissaChar(c: number): boolean {
  return isDigit(c) || c === 0x2e;
}

/** Characters that may precede a value (NaN: start of text). */
function isBefore(c: number): boolean {
  return c !== c || c === 0x3a || c === 0x2c || c === 0x5b || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Characters that may follow a value (NaN: end of text). */
function isAfter(c: number): boolean {
  return c !== c || c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
