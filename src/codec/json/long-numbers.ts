/**
 * Recovering the value Mesos reads for a number that `JSON.parse` may have
 * rounded, from the text it parsed: for the fast path of `fromJson`, which
 * parses without scanning the text for long integers first.
 *
 * Only a number of magnitude 2^53 or more can differ (Mesos keeps an integer
 * token exact where `JSON.parse` rounds it). For the value of a key, the
 * tokens after every spelling of that key are candidates (a text without `\u`
 * escapes spells a key of letters, digits and `_` only literally). Otherwise
 * the candidates are all tokens with an integer part of 16 or more digits or a
 * positive exponent (the only ways to write such a value), searched for once.
 * The double `v` then stands for the one value of the candidates read as `v`.
 * Two different values (`AMBIGUOUS`) or none (`undefined`) mean the caller
 * must parse exactly. Candidates in strings, or of other keys, are never
 * missing ones, so they can only make an answer ambiguous.
 */

import { INTEGER_TOKEN } from "./number-token.js";

/** Two tokens of different values read as the same double. */
export const AMBIGUOUS: unique symbol = Symbol("ambiguous");

/** The value Mesos reads: a bigint for an integer token, the double for any other. */
export type ExactNumber = bigint | number | typeof AMBIGUOUS;

/**
 * The end of a number token with a positive exponent: the exponent comes after
 * a digit in a token `JSON.parse` accepts, and a JSON value ends at `,`, `]`,
 * `}`, whitespace or the end of the text.
 */
const POSITIVE_EXPONENT = /\d[eE]\+?\d+(?=[,\]}\s]|$)/g;

/** The characters picojson collects into a number token: `[0-9+\-.eE]`. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x45 || c === 0x65;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A token found in the text: its double, and the token itself. */
interface Token {
  readonly n: number;
  readonly text: string;
}

/** Recovers exact numbers of one text; create one per text. */
export class ExactNumbers {
  /** Tokens that `JSON.parse` reads as 2^53 or more (collected on first use). */
  private tokens: Token[] | undefined;
  /** Whether the text has `\u` escapes, which may spell a key differently. */
  private readonly escapes: boolean;
  /** The tokens of values of the last key asked about. */
  private key = "";
  private keyTokens: Token[] = [];

  /**
   * @param literalKeys take every field name as spelled literally, without looking for `\u` escapes (a scan of
   *   the whole text): true for text Mesos wrote, which spells field names as they are.
   */
  constructor(
    private readonly text: string,
    literalKeys = false,
  ) {
    this.escapes = !literalKeys && text.indexOf("\\u") !== -1;
  }

  /**
   * The value Mesos reads for the number token(s) `JSON.parse` read as `v`
   * (|v| ≥ 2^53, finite), the value of `key` if given: the exact bigint of an
   * integer token, `v` itself for any other token. `AMBIGUOUS` when the text
   * has tokens of different values that read as `v`, undefined when it has
   * none (which `JSON.parse` of this text rules out).
   */
  exact(v: number, key?: string): ExactNumber | undefined {
    let tokens: Token[];
    if (key === undefined || this.escapes) tokens = this.tokens ??= this.collect();
    else {
      if (key !== this.key) {
        this.key = key;
        this.keyTokens = this.valuesOf(key);
      }
      tokens = this.keyTokens;
    }
    let found: ExactNumber | undefined;
    for (const token of tokens) {
      if (token.n !== v) continue;
      const value = INTEGER_TOKEN.test(token.text) ? BigInt(token.text) : v;
      if (found === undefined) found = value;
      else if (found !== value) return AMBIGUOUS;
    }
    return found;
  }

  /** The number tokens that follow a spelling of `key` and `:`, that `JSON.parse` reads as 2^53 or more. */
  private valuesOf(key: string): Token[] {
    const tokens: Token[] = [];
    const text = this.text;
    const { quoted, at, piece } = keyPattern(key);
    for (let i = text.indexOf(piece); i !== -1; i = text.indexOf(piece, i + 1)) {
      if (i < at || !text.startsWith(quoted, i - at)) continue;
      let j = skipSpace(text, i - at + quoted.length);
      if (text.charCodeAt(j) !== 0x3a) continue;
      j = skipSpace(text, j + 1);
      let end = j;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      if (end > j) note(tokens, text.slice(j, end));
    }
    return tokens;
  }

  /** Every token with a run of 16 or more digits or a positive exponent. */
  private collect(): Token[] {
    const tokens: Token[] = [];
    const text = this.text;
    const around = (at: number): number => {
      const [start, end] = tokenAround(text, at);
      note(tokens, text.slice(start, end));
      return end;
    };
    // Runs of 16 or more digits, sampling every 8th character: such a run holds two samples 8
    // apart, and everything between them (as `hasLongDigitRun` finds them).
    const last = text.length - 8;
    let i = 0;
    while (i < last) {
      if (!isDigit(text.charCodeAt(i + 8))) {
        i += 16; // no run holds both i + 8 and a sample before or after it
        continue;
      }
      let j = i;
      while (j < i + 8 && isDigit(text.charCodeAt(j))) j++;
      if (j < i + 8) {
        i += 8;
        continue;
      }
      let start = i;
      while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
      let end = i + 9;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      i = end - start >= 16 ? around(i) : end;
    }
    POSITIVE_EXPONENT.lastIndex = 0;
    for (let m = POSITIVE_EXPONENT.exec(text); m !== null; m = POSITIVE_EXPONENT.exec(text)) around(m.index);
    return tokens;
  }
}

/** Characters of field names, the rarest in Mesos JSON first (hex ids make `a`-`f` common). */
const RARITY = "zqjxk_gwhfvybmudcpsinotrlae0123456789";

/**
 * How to find a field name in the text: the name in quotes, and a short piece of it that starts with its rarest
 * character (string search skips to each occurrence of the piece's first character), at `at` in `quoted`.
 */
interface KeyPattern {
  readonly quoted: string;
  readonly at: number;
  readonly piece: string;
}

// Keyed by field name: the names come from generated code, a few dozen at most.
const keyPatterns = new Map<string, KeyPattern>();

function keyPattern(key: string): KeyPattern {
  let pattern = keyPatterns.get(key);
  if (pattern === undefined) {
    const quoted = `"${key}"`;
    const at = findRarest(quoted);
    pattern = { quoted, at, piece: quoted.slice(at, at + 4) };
    keyPatterns.set(key, pattern);
  }
  return pattern;
}

function findRarest(quoted: string): number {
  let best = 1;
  let bestRank = Infinity;
  for (let i = 1; i < quoted.length - 1; i++) {
    const rank = RARITY.indexOf(quoted[i]!);
    if (rank !== -1 && rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

/** Adds `token` to `tokens` if `JSON.parse` reads it as 2^53 or more. */
function note(tokens: Token[], token: string): void {
  const n = Number(token);
  // Leaves out NaN (no number: digits in a string) and ±Infinity (an overflow, reported before).
  if (Math.abs(n) >= 2 ** 53 && n - n === 0) tokens.push({ n, text: token });
}

/** The position of the first character from `at` on that is not JSON whitespace. */
function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Start and end of the run of number characters around position `at`. */
function tokenAround(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
  return [start, end];
}
