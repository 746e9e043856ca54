/**
 * SCALAR values as Mesos computes with them: every sum, difference and
 * comparison goes through a fixed-point integer of thousandths
 * (`llround(v * 1000)`), so `0.1 + 0.2 == 0.3` and `0.0004` counts as zero.
 */

const SCALE = 1000;

/** Converts a double to thousandths, rounding half away from zero like C's `llround`. */
export function toFixedPoint(value: number): number {
  const scaled = value * SCALE;
  // Math.round rounds halves towards +infinity; llround rounds them away from zero.
  const rounded = scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
  return rounded === 0 ? 0 : rounded;
}

/**
 * Converts thousandths back to a double as integer part plus remainder / 1000,
 * the way Mesos does it, so the doubles we write are the ones a master writes.
 */
export function fromFixedPoint(fixed: number): number {
  const remainder = fixed % SCALE;
  const quotient = (fixed - remainder) / SCALE;
  return quotient + remainder / SCALE;
}

/** The fixed-point sum `a + b` as a double. */
export function addScalars(a: number, b: number): number {
  return fromFixedPoint(toFixedPoint(a) + toFixedPoint(b));
}

/** The fixed-point difference `a - b` as a double. */
export function subtractScalars(a: number, b: number): number {
  return fromFixedPoint(toFixedPoint(a) - toFixedPoint(b));
}

/** Compares two scalars in fixed point: negative, zero or positive like a sort comparator. */
export function compareScalars(a: number, b: number): number {
  return toFixedPoint(a) - toFixedPoint(b);
}

/** True when the value is zero in fixed point (e.g. `0.0004`). */
export function isZeroScalar(value: number): boolean {
  return toFixedPoint(value) === 0;
}

/**
 * Formats a double like a C++ stream with precision 15 (`%.15g`): up to 15
 * significant digits, no trailing zeros, exponent form below 1e-4 and from 1e15.
 */
export function formatScalar(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  // toExponential(14) rounds to 15 significant digits; its exponent is the one %g decides on.
  // (Exact decimal ties round up here but to even in glibc; fixed-point values never hit them.)
  const [mantissa, exponentText] = value.toExponential(14).split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 15) {
    const digits = Math.abs(exponent).toString().padStart(2, "0");
    return `${stripTrailingZeros(mantissa)}e${exponent < 0 ? "-" : "+"}${digits}`;
  }
  return stripTrailingZeros(value.toFixed(14 - exponent));
}

function stripTrailingZeros(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/\.?0+$/, "");
}
