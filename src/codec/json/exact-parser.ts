/**
 * A faithful emulation of how Mesos turns text into a JSON value: picojson
 * 1.3.0 with Mesos' patches (int64 numbers, a nesting limit) behind stout's
 * `JSON::parse` (trailing-garbage check). It accepts exactly what Mesos accepts
 * (leading zeros, `1.`, `-.5`) and fails with Mesos' own error texts.
 *
 * This is the slow, exact path; `parseMesosJson` uses `JSON.parse` whenever the
 * text cannot tell the two apart.
 */
import { DOUBLE_TOKEN, INTEGER_TOKEN, integerTokenValue } from "./number-token.js";
import { Input } from "./pico-input.js";

/**
 * Deepest nesting of arrays and objects Mesos accepts, as mesos-protocol.md 2.2
 * states it. (The picojson patch in the Mesos tree sets `DEFAULT_MAX_DEPTHS`
 * to 100; check against a real master before relying on the exact limit.)
 */
export const MAX_JSON_DEPTH = 200;

/** The outcome of an exact parse: the value, or the text Mesos answers with. */
export type ExactParseResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Thrown inside the parser when picojson's value constructor rejects ±∞. */
class OutOfRange extends Error {}

/** The characters picojson collects into a number token. */
const NUMBER_CHAR = /[0-9+\-.eE]/;

/** Parses `text` exactly as Mesos does. Never throws. */
export function parseExact(text: string): ExactParseResult {
  const input = new Input(text);
  const out: { value?: unknown } = {};
  let ok: boolean;
  try {
    ok = parseValue(input, MAX_JSON_DEPTH, out);
  } catch (e) {
    if (e instanceof OutOfRange) return { ok: false, error: "Value out of range" };
    throw e;
  }
  if (!ok) {
    let rest = "";
    const line = input.line;
    for (;;) {
      const ch = input.getc();
      if (ch === -1 || ch === 0x0a) break;
      if (ch >= 0x20) rest += String.fromCharCode(ch);
    }
    return { ok: false, error: `syntax error at line ${line} near: ${rest}` };
  }
  const end = input.end();
  let last = text.length - 1;
  while (last >= 0 && isWhitespace(text.charCodeAt(last))) last--;
  if (end !== last + 1) {
    return {
      ok: false,
      error: `Parsed JSON included non-whitespace trailing characters: ${text.slice(end, last + 1)}`,
    };
  }
  return { ok: true, value: out.value };
}

/** stout's `strings::WHITESPACE`. */
function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function parseValue(input: Input, depth: number, out: { value?: unknown }): boolean {
  input.skipWs();
  const ch = input.getc();
  switch (ch) {
    case 0x6e: // n
      out.value = null;
      return input.match("ull");
    case 0x66: // f
      out.value = false;
      return input.match("alse");
    case 0x74: // t
      out.value = true;
      return input.match("rue");
    case 0x22: {
      const s = parseString(input);
      out.value = s;
      return s !== undefined;
    }
    case 0x5b:
      return parseArray(input, depth, out);
    case 0x7b:
      return parseObject(input, depth, out);
    default:
      if ((ch >= 0x30 && ch <= 0x39) || ch === 0x2d) {
        input.ungetc();
        return parseNumber(input, out);
      }
  }
  input.ungetc();
  return false;
}

function parseNumber(input: Input, out: { value?: unknown }): boolean {
  let token = "";
  for (;;) {
    const ch = input.getc();
    if (ch !== -1 && NUMBER_CHAR.test(String.fromCharCode(ch))) token += String.fromCharCode(ch);
    else {
      input.ungetc();
      break;
    }
  }
  if (INTEGER_TOKEN.test(token)) {
    const value = integerTokenValue(token);
    if (value === undefined) throw new OutOfRange();
    out.value = value;
    return true;
  }
  if (!DOUBLE_TOKEN.test(token)) return false;
  const value = Number(token);
  if (!Number.isFinite(value)) throw new OutOfRange();
  out.value = value;
  return true;
}

function parseArray(input: Input, depth: number, out: { value?: unknown }): boolean {
  if (depth === 0) return false;
  const array: unknown[] = [];
  out.value = array;
  if (input.expect(0x5d)) return true;
  do {
    const item: { value?: unknown } = {};
    const ok = parseValue(input, depth - 1, item);
    array.push(item.value ?? null);
    if (!ok) return false;
  } while (input.expect(0x2c));
  return input.expect(0x5d);
}

function parseObject(input: Input, depth: number, out: { value?: unknown }): boolean {
  if (depth === 0) return false;
  const object: Record<string, unknown> = {};
  out.value = object;
  if (input.expect(0x7d)) return true;
  do {
    if (!input.expect(0x22)) return false;
    const key = parseString(input);
    if (key === undefined || !input.expect(0x3a)) return false;
    const item: { value?: unknown } = {};
    if (!parseValue(input, depth - 1, item)) return false;
    // Define rather than assign, so a "__proto__" key stays an own property, as with JSON.parse.
    Object.defineProperty(object, key, { value: item.value, writable: true, enumerable: true, configurable: true });
  } while (input.expect(0x2c));
  return input.expect(0x7d);
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: "\\",
  0x2f: "/",
  0x62: "\b",
  0x66: "\f",
  0x6e: "\n",
  0x72: "\r",
  0x74: "\t",
};

/** The string after an opening quote, or undefined on a syntax error. */
function parseString(input: Input): string | undefined {
  const text = input.text;
  let out = "";
  for (;;) {
    // Copy a run of ordinary characters at once, leaving the input as if each
    // had been read by getc (no newlines can be among them).
    const start = input.consumed ? input.cur + 1 : input.cur;
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c < 0x20 || c === 0x22 || c === 0x5c) break;
      end++;
    }
    if (end > start) {
      out += text.slice(start, end);
      input.cur = end - 1;
      input.consumed = true;
    }
    let ch = input.getc();
    if (ch < 0x20) {
      input.ungetc();
      return undefined;
    }
    if (ch === 0x22) return out;
    if (ch !== 0x5c) {
      out += String.fromCharCode(ch);
      continue;
    }
    ch = input.getc();
    if (ch === -1) return undefined;
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (ch === 0x75) {
      const cp = parseCodepoint(input);
      if (cp === undefined) return undefined;
      out += String.fromCodePoint(cp);
    } else return undefined;
  }
}

function parseQuadHex(input: Input): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    let hex = input.getc();
    if (hex === -1) return -1;
    if (hex >= 0x30 && hex <= 0x39) hex -= 0x30;
    else if (hex >= 0x41 && hex <= 0x46) hex -= 0x41 - 10;
    else if (hex >= 0x61 && hex <= 0x66) hex -= 0x61 - 10;
    else {
      input.ungetc();
      return -1;
    }
    value = value * 16 + hex;
  }
  return value;
}

/** A `\uXXXX` escape (and its low surrogate); picojson rejects lone surrogates. */
function parseCodepoint(input: Input): number | undefined {
  const first = parseQuadHex(input);
  if (first === -1) return undefined;
  if (first < 0xd800 || first > 0xdfff) return first;
  if (first >= 0xdc00) return undefined;
  if (input.getc() !== 0x5c || input.getc() !== 0x75) {
    input.ungetc();
    return undefined;
  }
  const second = parseQuadHex(input);
  if (second < 0xdc00 || second > 0xdfff) return undefined;
  return (((first - 0xd800) << 10) | ((second - 0xdc00) & 0x3ff)) + 0x10000;
}
