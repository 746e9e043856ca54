/** Byte quantities as Mesos prints them in executor messages (`32MB`, `1GB`, `33280KB`). */

const UNITS: readonly (readonly [string, number])[] = [
  ["TB", 2 ** 40],
  ["GB", 2 ** 30],
  ["MB", 2 ** 20],
  ["KB", 2 ** 10],
];

/** Formats a byte count with the largest unit that divides it exactly (`0B` for zero). */
export function formatByteCount(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`not a byte count: ${bytes}`);
  if (bytes === 0) return "0B";
  for (const [unit, size] of UNITS) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes}B`;
}

/** Formats a `mem`/`disk` amount given in megabytes (fractions kept down to whole bytes), e.g. `32.5` → `33280KB`. */
export function formatBytes(megabytes: number): string {
  return formatByteCount(Math.trunc(megabytes * 2 ** 20));
}
