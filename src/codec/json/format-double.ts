/**
 * Doubles exactly as Mesos writes them: rapidjson's `Writer::Double` (Grisu2
 * digits laid out by `Prettify`), with Mesos' patch that quotes infinities.
 */
import { grisu2 } from "./grisu2.js";

/** Beyond this, an integral double may have a shorter Grisu2 spelling than its digits. */
const EXACT_INTEGER_LIMIT = 2 ** 53;

/**
 * Grisu2 is slow in JavaScript, and the same few values (resource amounts,
 * intervals) recur in every event; remember recent spellings.
 */
const CACHE_LIMIT = 4096;
const cache = new Map<number, string>();

/**
 * The JSON text Mesos writes for a double: `15.0`, `0.001234`, `1e21`, `-0.0`,
 * `100000000000000000000.0`, `1.5e-7`; `"Infinity"` / `"-Infinity"` as JSON
 * strings (quotes included) and a bare `NaN`.
 */
export function formatMesosDouble(value: number): string {
  // An integral double below 2^53 is the only shortest candidate in its rounding
  // interval, so Grisu2 yields its decimal digits; `String` gives those fast.
  if (Number.isInteger(value) && value < EXACT_INTEGER_LIMIT && value > -EXACT_INTEGER_LIMIT) {
    if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
    return `${value}.0`;
  }
  if (value !== value) return "NaN";
  if (value === Infinity) return '"Infinity"';
  if (value === -Infinity) return '"-Infinity"';
  let text = cache.get(value);
  if (text === undefined) {
    text = value < 0 ? `-${prettify(-value)}` : prettify(value);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, text);
  }
  return text;
}

/** rapidjson's `Prettify` with the default `maxDecimalPlaces` (324), for a positive finite value. */
function prettify(value: number): string {
  const { digits, k } = grisu2(value);
  const length = digits.length;
  const kk = length + k; // 10^(kk-1) <= value < 10^kk
  if (k >= 0 && kk <= 21) return `${digits}${"0".repeat(k)}.0`;
  if (kk > 0 && kk <= 21) return `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -6 && kk <= 0) return `0.${"0".repeat(-kk)}${digits}`;
  // kk < -324 cannot happen: the smallest subnormal has kk = -323.
  const exponent = kk - 1;
  if (length === 1) return `${digits}e${exponent}`;
  return `${digits[0]}.${digits.slice(1)}e${exponent}`;
}
