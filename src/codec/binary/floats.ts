/**
 * IEEE float and double in little-endian byte order, through a shared scratch
 * buffer viewed both as bytes and as a float (faster than a DataView per call).
 */

const scratch = new ArrayBuffer(8);
const scratchBytes = new Uint8Array(scratch);
const scratchF64 = new Float64Array(scratch);
const scratchF32 = new Float32Array(scratch);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian IEEE double at `p`. */
export const readDouble: (b: Uint8Array, p: number) => number = littleEndian
  ? (b, p) => {
      scratchBytes[0] = b[p]!;
      scratchBytes[1] = b[p + 1]!;
      scratchBytes[2] = b[p + 2]!;
      scratchBytes[3] = b[p + 3]!;
      scratchBytes[4] = b[p + 4]!;
      scratchBytes[5] = b[p + 5]!;
      scratchBytes[6] = b[p + 6]!;
      scratchBytes[7] = b[p + 7]!;
      return scratchF64[0]!;
    }
  : (b, p) => {
      for (let i = 0; i < 8; i++) scratchBytes[7 - i] = b[p + i]!;
      return scratchF64[0]!;
    };

/** Little-endian IEEE float at `p`. */
export const readFloat: (b: Uint8Array, p: number) => number = littleEndian
  ? (b, p) => {
      scratchBytes[0] = b[p]!;
      scratchBytes[1] = b[p + 1]!;
      scratchBytes[2] = b[p + 2]!;
      scratchBytes[3] = b[p + 3]!;
      return scratchF32[0]!;
    }
  : (b, p) => {
      for (let i = 0; i < 4; i++) scratchBytes[3 - i] = b[p + i]!;
      return scratchF32[0]!;
    };

/** Writes a double little-endian at `p` (for the encoder; shares the scratch buffer). */
export function writeDouble(b: Uint8Array, p: number, v: number): void {
  scratchF64[0] = v;
  if (littleEndian) {
    b[p] = scratchBytes[0]!;
    b[p + 1] = scratchBytes[1]!;
    b[p + 2] = scratchBytes[2]!;
    b[p + 3] = scratchBytes[3]!;
    b[p + 4] = scratchBytes[4]!;
    b[p + 5] = scratchBytes[5]!;
    b[p + 6] = scratchBytes[6]!;
    b[p + 7] = scratchBytes[7]!;
  } else for (let i = 0; i < 8; i++) b[p + i] = scratchBytes[7 - i]!;
}

/** Writes a float little-endian at `p`. */
export function writeFloat(b: Uint8Array, p: number, v: number): void {
  scratchF32[0] = v;
  if (littleEndian) {
    b[p] = scratchBytes[0]!;
    b[p + 1] = scratchBytes[1]!;
    b[p + 2] = scratchBytes[2]!;
    b[p + 3] = scratchBytes[3]!;
  } else for (let i = 0; i < 4; i++) b[p + i] = scratchBytes[3 - i]!;
}
