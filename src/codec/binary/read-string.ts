/**
 * UTF-8 string decoding tuned for protobuf traffic, which is mostly short
 * ASCII (ids, names, roles). Up to 12 ASCII bytes are turned into a string
 * with one `String.fromCharCode` call, which beats any native call's fixed
 * overhead; longer or non-ASCII strings go to Node's native UTF-8 slice when
 * there is one, else to `TextDecoder`. Malformed UTF-8 becomes U+FFFD.
 */

const fromCharCode = String.fromCharCode;
const textDecoder = new TextDecoder("utf-8");

type Slice = (this: Uint8Array, start: number, end: number) => string;
// Node's Buffer has a native UTF-8 slice that also accepts a plain Uint8Array receiver.
const nativeSlice: Slice | undefined = (() => {
  const buffer = (globalThis as { Buffer?: { prototype: { utf8Slice?: unknown } } }).Buffer;
  const fn = buffer?.prototype.utf8Slice;
  return typeof fn === "function" ? (fn as Slice) : undefined;
})();

/** Decodes the UTF-8 bytes `b[start..end)`. */
export function readString(b: Uint8Array, start: number, end: number): string {
  switch (end - start) {
    case 0:
      return "";
    case 1: {
      const c0 = b[start]!;
      if (c0 < 128) return fromCharCode(c0);
      break;
    }
    case 2: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      if ((c0 | c1) < 128) return fromCharCode(c0, c1);
      break;
    }
    case 3: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      if ((c0 | c1 | c2) < 128) return fromCharCode(c0, c1, c2);
      break;
    }
    case 4: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      if ((c0 | c1 | c2 | c3) < 128) return fromCharCode(c0, c1, c2, c3);
      break;
    }
    case 5: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      if ((c0 | c1 | c2 | c3 | c4) < 128) return fromCharCode(c0, c1, c2, c3, c4);
      break;
    }
    case 6: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5) < 128) return fromCharCode(c0, c1, c2, c3, c4, c5);
      break;
    }
    case 7: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6) < 128) return fromCharCode(c0, c1, c2, c3, c4, c5, c6);
      break;
    }
    case 8: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      const c7 = b[start + 7]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) < 128) return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
      break;
    }
    case 9: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      const c7 = b[start + 7]!;
      const c8 = b[start + 8]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) < 128) return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8);
      break;
    }
    case 10: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      const c7 = b[start + 7]!;
      const c8 = b[start + 8]!;
      const c9 = b[start + 9]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9) < 128)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
      break;
    }
    case 11: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      const c7 = b[start + 7]!;
      const c8 = b[start + 8]!;
      const c9 = b[start + 9]!;
      const c10 = b[start + 10]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10) < 128)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10);
      break;
    }
    case 12: {
      const c0 = b[start]!;
      const c1 = b[start + 1]!;
      const c2 = b[start + 2]!;
      const c3 = b[start + 3]!;
      const c4 = b[start + 4]!;
      const c5 = b[start + 5]!;
      const c6 = b[start + 6]!;
      const c7 = b[start + 7]!;
      const c8 = b[start + 8]!;
      const c9 = b[start + 9]!;
      const c10 = b[start + 10]!;
      const c11 = b[start + 11]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11) < 128)
        return fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11);
      break;
    }
  }
  return nativeSlice !== undefined ? nativeSlice.call(b, start, end) : textDecoder.decode(b.subarray(start, end));
}
