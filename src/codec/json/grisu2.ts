/**
 * A bit-exact port of the Grisu2 digit generator of rapidjson 1.1.0
 * (`rapidjson/internal/diyfp.h`, `dtoa.h`), which Mesos uses to write doubles.
 *
 * Grisu2 does not always find the shortest representation (JavaScript's
 * `Number.prototype.toString` does), so reproducing Mesos' bytes needs the same
 * algorithm, including its 64-bit wrap-arounds. 64-bit values are `bigint`s;
 * callers keep this off hot paths (integral values never get here).
 */

const MASK64 = (1n << 64n) - 1n;
const HIDDEN_BIT = 1n << 52n;
const SIGNIFICAND_MASK = HIDDEN_BIT - 1n;
/** `kDpExponentBias`: 0x3FF + 52. */
const EXPONENT_BIAS = 1075;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

interface DiyFp {
  f: bigint;
  e: number;
}

/**
 * rapidjson's cached powers 10^-348, 10^-340, ..., 10^340 as 64-bit normalized
 * significands rounded to nearest, with their binary exponents. Computed
 * exactly here instead of copying the table; a test checks entries against it.
 */
const CACHED_POWERS: readonly DiyFp[] = (() => {
  const out: DiyFp[] = [];
  for (let k = -348; k <= 340; k += 8) out.push(normalizedPowerOfTen(k));
  return out;
})();

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** 10^k as `f * 2^e` with `f` in [2^63, 2^64), `f` rounded half up. */
function normalizedPowerOfTen(k: number): DiyFp {
  if (k >= 0) {
    const p = 10n ** BigInt(k);
    const shift = bitLength(p) - 64;
    if (shift <= 0) return { f: p << BigInt(-shift), e: shift };
    let f = (p + (1n << BigInt(shift - 1))) >> BigInt(shift);
    let e = shift;
    if (f >> 64n) {
      f >>= 1n;
      e += 1;
    }
    return { f, e };
  }
  const q = 10n ** BigInt(-k);
  // Pick s so that 2^s / q lands in [2^63, 2^64) before rounding.
  const s = 63 + bitLength(q);
  const num = 1n << BigInt(s);
  let f = num / q;
  let rest = num % q;
  let e = -s;
  while (f < 1n << 63n) {
    f = (f << 1n) | ((rest << 1n) / q);
    rest = (rest << 1n) % q;
    e -= 1;
  }
  if (rest * 2n >= q) f += 1n;
  if (f >> 64n) {
    f >>= 1n;
    e += 1;
  }
  return { f, e };
}

/** The cached power table, for tests that compare it with rapidjson's. */
export function cachedPowersForTest(): readonly { f: bigint; e: number }[] {
  return CACHED_POWERS;
}

const scratch = new DataView(new ArrayBuffer(8));

function fromDouble(d: number): DiyFp {
  scratch.setFloat64(0, d);
  const bits = scratch.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const significand = bits & SIGNIFICAND_MASK;
  if (biased !== 0) return { f: significand + HIDDEN_BIT, e: biased - EXPONENT_BIAS };
  return { f: significand, e: -EXPONENT_BIAS + 1 };
}

function multiply(a: DiyFp, b: DiyFp): DiyFp {
  const p = a.f * b.f;
  let h = p >> 64n;
  if (p & (1n << 63n)) h += 1n;
  return { f: h & MASK64, e: a.e + b.e + 64 };
}

function normalize(x: DiyFp): DiyFp {
  const s = 64 - bitLength(x.f);
  return { f: (x.f << BigInt(s)) & MASK64, e: x.e - s };
}

function normalizeBoundary(x: DiyFp): DiyFp {
  let { f, e } = x;
  while (!(f & (HIDDEN_BIT << 1n))) {
    f <<= 1n;
    e -= 1;
  }
  // kDiySignificandSize - kDpSignificandSize - 2 = 10
  return { f: (f << 10n) & MASK64, e: e - 10 };
}

function cachedPower(e: number): { power: DiyFp; k: number } {
  const dk = (-61 - e) * 0.30102999566398114 + 347;
  let k = Math.trunc(dk);
  if (dk - k > 0.0) k += 1;
  const index = (k >> 3) + 1;
  return { power: CACHED_POWERS[index]!, k: -(-348 + (index << 3)) };
}

function countDecimalDigit32(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  if (n < 100000000) return 8;
  return 9;
}

function grisuRound(digits: number[], delta: bigint, rest: bigint, tenKappa: bigint, wpW: bigint): void {
  // All operands are uint64 in C++; the subtractions below cannot go negative
  // under their guards, and the additions are masked like the C++ wrap-around.
  while (
    rest < wpW &&
    ((delta - rest) & MASK64) >= tenKappa &&
    (((rest + tenKappa) & MASK64) < wpW || ((wpW - rest) & MASK64) > ((rest + tenKappa - wpW) & MASK64))
  ) {
    digits[digits.length - 1]! -= 1;
    rest = (rest + tenKappa) & MASK64;
  }
}

/**
 * The decimal digits and exponent Grisu2 produces for a finite positive double:
 * the value is `digits × 10^k`.
 */
export function grisu2(value: number): { digits: string; k: number } {
  const v = fromDouble(value);
  const plus = normalizeBoundary({ f: (v.f << 1n) + 1n, e: v.e - 1 });
  const minus = v.f === HIDDEN_BIT ? { f: (v.f << 2n) - 1n, e: v.e - 2 } : { f: (v.f << 1n) - 1n, e: v.e - 1 };
  minus.f = (minus.f << BigInt(minus.e - plus.e)) & MASK64;
  minus.e = plus.e;

  const { power, k } = cachedPower(plus.e);
  const W = multiply(normalize(v), power);
  const Wp = multiply(plus, power);
  const Wm = multiply(minus, power);
  Wm.f = (Wm.f + 1n) & MASK64;
  Wp.f = (Wp.f - 1n) & MASK64;
  return digitGen(W, Wp, (Wp.f - Wm.f) & MASK64, k);
}

function digitGen(W: DiyFp, Mp: DiyFp, deltaIn: bigint, kIn: number): { digits: string; k: number } {
  let delta = deltaIn;
  let K = kIn;
  const shift = BigInt(-Mp.e);
  const oneF = 1n << shift;
  const wpW = (Mp.f - W.f) & MASK64;
  let p1 = Number(Mp.f >> shift);
  let p2 = Mp.f & (oneF - 1n);
  let kappa = countDecimalDigit32(p1);
  const digits: number[] = [];

  while (kappa > 0) {
    const div = POW10[kappa - 1]!;
    const d = Math.floor(p1 / div);
    p1 %= div;
    if (d || digits.length) digits.push(d);
    kappa--;
    const tmp = (BigInt(p1) << shift) + p2;
    if (tmp <= delta) {
      K += kappa;
      grisuRound(digits, delta, tmp, BigInt(POW10[kappa]!) << shift, wpW);
      return { digits: digits.join(""), k: K };
    }
  }

  for (;;) {
    p2 = (p2 * 10n) & MASK64;
    delta = (delta * 10n) & MASK64;
    const d = Number(p2 >> shift);
    if (d || digits.length) digits.push(d);
    p2 &= oneF - 1n;
    kappa--;
    if (p2 < delta) {
      K += kappa;
      const index = -kappa;
      const scale = index < 9 ? BigInt(POW10[index]!) : 0n;
      grisuRound(digits, delta, p2, oneF, (wpW * scale) & MASK64);
      return { digits: digits.join(""), k: K };
    }
  }
}
