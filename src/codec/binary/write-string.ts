/**
 * UTF-8 string encoding with its length prefix. Short strings are encoded by
 * a JavaScript loop straight into the output (no native call overhead); long
 * ones by `TextEncoder.encodeInto`. Lone surrogates become U+FFFD, exactly as
 * `TextEncoder` does.
 */
import { describe } from "./int64.js";
import { valueError, varintSize32 } from "./wire.js";
import { writeVarint32 } from "./writer.js";

const textEncoder = new TextEncoder();
// Up to 42 UTF-16 units encode to at most 126 bytes, so one length byte suffices.
const ONE_BYTE_LENGTH = 43;
const NATIVE_FROM = 256;

/** Encodes `s` from UTF-16 index `i` at `q` and returns the position after it. */
function encodeFrom(b: Uint8Array, q: number, s: string, i: number): number {
  const n = s.length;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      b[q++] = c;
    } else if (c < 0x800) {
      b[q++] = 0xc0 | (c >> 6);
      b[q++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c < 0xe000) {
        const d = c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d < 0xe000) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          b[q++] = 0xf0 | (cp >> 18);
          b[q++] = 0x80 | ((cp >> 12) & 63);
          b[q++] = 0x80 | ((cp >> 6) & 63);
          b[q++] = 0x80 | (cp & 63);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      b[q++] = 0xe0 | (c >> 12);
      b[q++] = 0x80 | ((c >> 6) & 63);
      b[q++] = 0x80 | (c & 63);
    }
  }
  return q;
}

/**
 * Writes `s` as a length-prefixed UTF-8 string at `p` (the caller has made
 * room for `3 * s.length + 5` bytes) and returns the new position.
 */
export function writeString(b: Uint8Array, p: number, s: unknown): number {
  if (typeof s !== "string") throw valueError(`expected a string, got ${describe(s)}`);
  const n = s.length;
  if (n < ONE_BYTE_LENGTH) {
    let q = p + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) b[q++] = c;
      else {
        q = encodeFrom(b, q, s, i);
        break;
      }
    }
    b[p] = q - p - 1;
    return q;
  }
  // Reserve the widest length prefix the string could need, then close the gap.
  const reserve = varintSize32(n * 3);
  const start = p + reserve;
  const end =
    n < NATIVE_FROM ? encodeFrom(b, start, s, 0) : start + textEncoder.encodeInto(s, b.subarray(start)).written;
  const len = end - start;
  const size = varintSize32(len);
  if (size < reserve) b.copyWithin(p + size, start, end);
  writeVarint32(b, p, len);
  return p + size + len;
}
