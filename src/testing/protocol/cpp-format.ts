/**
 * How Mesos' C++ renders values inside its error texts: doubles through an
 * `std::ostream` (`%g` with 6 significant digits, as glibc prints them) and
 * sets through stout's `stringify` (`{ a, b }`, in `std::set` order).
 */

const SIGNIFICANT_DIGITS = 6;

/** A double as `std::ostream << value` writes it with default flags: `inf`, `1e+10`, `0.5`, `3600`. */
export function formatCppDouble(value: number): string {
  if (Number.isNaN(value)) return signBit(value) ? "-nan" : "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  const sign = signBit(value) ? "-" : "";
  if (value === 0) return `${sign}0`;
  const { digits, exponent } = roundDecimal(exactDecimal(Math.abs(value)), SIGNIFICANT_DIGITS);
  // %g: fixed notation when -4 <= exponent < precision, else scientific; trailing zeros dropped either way.
  if (exponent >= -4 && exponent < SIGNIFICANT_DIGITS) {
    const fixed =
      exponent >= 0
        ? `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
        : `0.${"0".repeat(-exponent - 1)}${digits}`;
    return sign + stripFraction(fixed);
  }
  const mantissa = stripFraction(`${digits[0]}.${digits.slice(1)}`);
  const magnitude = String(Math.abs(exponent)).padStart(2, "0");
  return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${magnitude}`;
}

/** stout's `stringify` of a `std::set<std::string>`: `{ a, b }`, sorted bytewise, duplicates once. */
export function formatCppSet(items: Iterable<string>): string {
  const sorted = [...new Set(items)].sort(compareBytes);
  return `{ ${sorted.join(", ")} }`;
}

/** `std::string` ordering: byte by byte over UTF-8, which is code point order (not UTF-16 unit order). */
function compareBytes(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function signBit(value: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return (view.getUint8(0) & 0x80) !== 0;
}

function stripFraction(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Decimal digits (no leading zeros) and the power of ten of the first one; exact for every finite double. */
interface Decimal {
  digits: string;
  exponent: number;
}

/** The exact decimal value of a positive finite double, from its binary mantissa and exponent. */
function exactDecimal(value: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  if (power >= 0) {
    const digits = (mantissa << BigInt(power)).toString();
    return { digits, exponent: digits.length - 1 };
  }
  // m * 2^-k = m * 5^k / 10^k: the digits of m * 5^k with the point k places from the right.
  const digits = (mantissa * 5n ** BigInt(-power)).toString();
  return { digits, exponent: digits.length - 1 + power };
}

/** Rounds to `precision` significant digits, ties to even, as glibc's printf does in the default rounding mode. */
function roundDecimal(decimal: Decimal, precision: number): Decimal {
  const { digits, exponent } = decimal;
  if (digits.length <= precision) return { digits: digits.padEnd(precision, "0"), exponent };
  const kept = digits.slice(0, precision);
  const rest = digits.slice(precision);
  const half = rest[0]! > "5" || (rest[0] === "5" && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === "5" && !/[1-9]/.test(rest.slice(1));
  const up = half || (tie && Number(kept[kept.length - 1]) % 2 === 1);
  if (!up) return { digits: kept, exponent };
  const bumped = (BigInt(kept) + 1n).toString();
  // 999999 + 1 gains a digit: the value moved to the next power of ten.
  return bumped.length > precision
    ? { digits: bumped.slice(0, precision), exponent: exponent + 1 }
    : { digits: bumped, exponent };
}
