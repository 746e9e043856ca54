/**
 * Base64 for `bytes` fields as stout reads and writes it: standard alphabet,
 * `=`-padded on output; on input decoding stops at the first `=`, ASCII
 * whitespace is skipped, padding is optional and any other character outside
 * the alphabet (URL-safe `-` and `_` included) is an error.
 */

/** Well-formed input takes the fast path through Node's decoder. */
const PLAIN = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Up to this length (a 16-byte UUID takes 24), a loop here beats calling into
 * Node: its result is a small on-heap array, not an ArrayBuffer of its own.
 */
const SHORT = 88;

/** Values of the standard alphabet; -1 elsewhere. */
const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** C's `isspace` in the "C" locale: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Decoded bytes, or the character stout rejects (`Invalid character '<c>'`). */
export type Base64Result = Uint8Array | { readonly invalid: string };

/** Decodes base64 the way stout's `base64::decode` does. */
export function decodeMesosBase64(text: string): Base64Result {
  if (text.length <= SHORT) return decodeShort(text);
  // A lone trailing character carries no whole byte; stout drops it, Node may not.
  if (PLAIN.test(text) && text.replace(/=+$/, "").length % 4 !== 1) return new Uint8Array(Buffer.from(text, "base64"));
  return decodeAny(text);
}

/** Alphabet characters with at most two `=` at the end, in one pass; anything else goes to `decodeAny`. */
function decodeShort(text: string): Base64Result {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) {
    end--;
    if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  }
  // Each character holds 6 bits; a trailing part of a byte is dropped.
  const out = new Uint8Array((end * 3) >> 2);
  let bits = 0;
  let pending = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUES[c]! : -1;
    if (v < 0) return decodeAny(text);
    bits = ((bits << 6) | v) & 0xfff;
    pending += 6;
    if (pending >= 8) {
      pending -= 8;
      out[o++] = bits >> pending;
    }
  }
  return out;
}

/** Any input: whitespace skipped, decoding stops at the first `=`, other characters are invalid. */
function decodeAny(text: string): Base64Result {
  const quads: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) break; // '=': the padding, and everything after it, is ignored
    if (isSpace(c)) continue;
    const v = c < 128 ? VALUES[c]! : -1;
    if (v < 0) return { invalid: String.fromCodePoint(text.codePointAt(i)!) };
    quads.push(v);
  }
  const out = new Uint8Array(Math.floor((quads.length * 3) / 4));
  let o = 0;
  for (let i = 0; i + 1 < quads.length; i += 4) {
    const a = quads[i]!;
    const b = quads[i + 1]!;
    out[o++] = (a << 2) | (b >> 4);
    if (i + 2 < quads.length) {
      const c = quads[i + 2]!;
      out[o++] = ((b & 15) << 4) | (c >> 2);
      if (i + 3 < quads.length) out[o++] = ((c & 3) << 6) | quads[i + 3]!;
    }
  }
  return out;
}

/** Standard, padded base64 of `bytes`, as Mesos writes `bytes` fields. */
export function encodeMesosBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
