/**
 * Duration text as Mesos' stout library reads and writes it (`5secs`, `1500ms`, `15mins`). The agent hands an
 * executor its timeouts in this form, and the mini-mesos simulator must write them byte for byte like a real agent,
 * so formatting follows stout's `operator<<` for `Duration` exactly.
 */

/** Stable codes of {@link DurationError}. */
export type DurationErrorCode =
  /** The text is not a decimal number followed by a stout unit, or the number to format is not finite. */
  | "ERR_DURATION_INVALID"
  /** The value does not fit stout's signed 64-bit count of nanoseconds (about ±292 years). */
  | "ERR_DURATION_OUT_OF_RANGE";

/** A duration text that stout would not accept, or a value stout could not hold. */
export class DurationError extends Error {
  override readonly name = "DurationError";

  constructor(
    readonly code: DurationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Smallest first: formatting picks the largest unit the value reaches, then may step one unit down.
const UNITS: readonly (readonly [name: string, nanoseconds: bigint])[] = [
  ["ns", 1n],
  ["us", 1_000n],
  ["ms", 1_000_000n],
  ["secs", 1_000_000_000n],
  ["mins", 60_000_000_000n],
  ["hrs", 3_600_000_000_000n],
  ["days", 86_400_000_000_000n],
  ["weeks", 604_800_000_000_000n],
];

const UNIT_NANOSECONDS = new Map(UNITS);
const UNIT_LIST = UNITS.map(([name]) => name).join(", ");
const NS_PER_MS = 1_000_000n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

// The number part is what stout's scan allows (digits and one dot); no sign, no exponent, no spaces.
const DURATION_TEXT = /^(\d+\.?\d*|\.\d+)([a-z]+)$/;

/** Parses stout duration text such as `5secs`, `0.5secs` or `1500ms` into milliseconds (possibly fractional). */
export function parseDuration(text: string): number {
  const match = DURATION_TEXT.exec(text);
  const nanosPerUnit = match ? UNIT_NANOSECONDS.get(match[2]!) : undefined;
  if (!match || nanosPerUnit === undefined) {
    throw new DurationError(
      "ERR_DURATION_INVALID",
      `Invalid duration ${JSON.stringify(text)}: write a decimal number immediately followed by one of ` +
        `${UNIT_LIST} (e.g. 5secs, 0.5secs, 2mins)`,
    );
  }
  const [whole, fraction = ""] = match[1]!.split(".");
  // Exact decimal arithmetic, truncated to whole nanoseconds like stout's integer count. stout itself multiplies
  // a double, so for texts like `4.35secs` it can land one nanosecond lower; nobody relies on that artefact.
  const ns = (BigInt((whole ?? "") + fraction) * nanosPerUnit) / 10n ** BigInt(fraction.length);
  if (ns > INT64_MAX) {
    throw new DurationError(
      "ERR_DURATION_OUT_OF_RANGE",
      `Duration ${JSON.stringify(text)} is too long: Mesos counts durations in signed 64-bit nanoseconds, ` +
        `at most about 15250weeks`,
    );
  }
  return nanosecondsToMilliseconds(ns);
}

/** Renders milliseconds exactly as stout prints a `Duration` (`5secs`, `90secs`, `2mins`, `1500ms`, `0ns`). */
export function formatDuration(ms: number): string {
  const ns = millisecondsToNanoseconds(ms);
  if (ns >= 0n) return formatNonNegative(ns);
  // stout prints the sign, then the magnitude; the most negative count has no positive twin, so it uses the max.
  return "-" + formatNonNegative(ns === INT64_MIN ? INT64_MAX : -ns);
}

function formatNonNegative(ns: bigint): string {
  let bucket = 0;
  while (bucket + 1 < UNITS.length && ns >= UNITS[bucket + 1]![1]) bucket++;
  const [name, size] = UNITS[bucket]!;
  if (bucket === 0) return `${ns}${name}`;
  const [smallerName, smallerSize] = UNITS[bucket - 1]!;
  if (ns % size !== 0n && ns % smallerSize === 0n) return render(ns, smallerSize) + smallerName;
  return render(ns, size) + name;
}

/** The value in the given unit as stout streams it: an int64 for nanoseconds, else a double at 15 digits. */
function render(ns: bigint, unit: bigint): string {
  if (unit === 1n) return ns.toString();
  // Same two roundings as stout's `static_cast<double>(nanos) / UNIT`.
  return formatPrecision15(Number(ns) / Number(unit));
}

/**
 * `printf("%.15g")` for a positive finite double, which is what a C++ stream with `precision(15)` writes.
 * `Number#toPrecision` rounds exact ties up where glibc rounds them to even, so the rounding is done here on the
 * exact decimal expansion.
 */
function formatPrecision15(x: number): string {
  const PRECISION = 15;
  // 100 significant digits hold the exact expansion of every double stout renders here (all below 2^17).
  const [coefficient = "", exponentText] = x.toPrecision(100).split("e");
  const point = coefficient.indexOf(".");
  const raw = coefficient.replace(".", "");
  const leadingZeros = raw.length - raw.replace(/^0+/, "").length;
  const digits = raw.slice(leadingZeros);
  let exponent = (point === -1 ? raw.length : point) - 1 - leadingZeros + Number(exponentText ?? 0);

  let head = digits.slice(0, PRECISION).padEnd(PRECISION, "0");
  const next = digits.charAt(PRECISION) || "0";
  const beyondHalf = /[1-9]/.test(digits.slice(PRECISION + 1));
  const odd = Number(head.charAt(PRECISION - 1)) % 2 === 1;
  if (next > "5" || (next === "5" && (beyondHalf || odd))) {
    head = (BigInt(head) + 1n).toString();
    if (head.length > PRECISION) {
      head = head.slice(0, PRECISION);
      exponent++;
    }
  }

  if (exponent < -4 || exponent >= PRECISION) {
    const mantissa = stripZeros(head.charAt(0), head.slice(1));
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent >= 0) return stripZeros(head.slice(0, exponent + 1), head.slice(exponent + 1));
  return stripZeros("0", "0".repeat(-exponent - 1) + head);
}

function stripZeros(integer: string, fraction: string): string {
  const kept = fraction.replace(/0+$/, "");
  return kept ? `${integer}.${kept}` : integer;
}

function millisecondsToNanoseconds(ms: number): bigint {
  if (!Number.isFinite(ms)) {
    throw new DurationError("ERR_DURATION_INVALID", `Cannot format ${ms} as a duration: pass a finite number of ms`);
  }
  const magnitude = Math.abs(ms);
  const whole = Math.trunc(magnitude);
  // Sub-nanosecond parts cannot be expressed by stout; round to the nearest nanosecond, symmetrically around 0.
  const abs = BigInt(whole) * NS_PER_MS + BigInt(Math.round((magnitude - whole) * 1e6));
  const ns = ms < 0 ? -abs : abs;
  if (ns > INT64_MAX || ns < INT64_MIN) {
    throw new DurationError(
      "ERR_DURATION_OUT_OF_RANGE",
      `Cannot format ${ms}ms as a duration: Mesos counts durations in signed 64-bit nanoseconds (about ±292 years)`,
    );
  }
  return ns;
}

function nanosecondsToMilliseconds(ns: bigint): number {
  // Whole and fractional milliseconds separately, so integers stay exact past 2^53 nanoseconds.
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}
