/**
 * RANGES values: inclusive uint64 intervals (`bigint`). Sums are coalesced
 * (sorted, overlapping and adjacent intervals merged); differences split
 * intervals. Inputs are assumed valid (`begin <= end`); see validate.ts.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";

type Range = mesos.Value_Range;

/** Sorts and merges overlapping or adjacent intervals into the canonical form. */
export function coalesceRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges
    .map((r) => ({ begin: r.begin, end: r.end }))
    .sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.begin <= last.end + 1n) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push(r);
    }
  }
  return out;
}

/** The union of two interval lists, coalesced. */
export function addRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  return coalesceRanges([...a, ...b]);
}

/** `a` without the values of `b` (values of `b` missing from `a` are ignored), coalesced. */
export function subtractRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  let remaining = coalesceRanges(a);
  for (const cut of coalesceRanges(b)) {
    const next: Range[] = [];
    for (const r of remaining) {
      if (cut.end < r.begin || cut.begin > r.end) {
        next.push(r);
        continue;
      }
      // The cut overlaps r: keep what lies on either side of it.
      if (r.begin < cut.begin) next.push({ begin: r.begin, end: cut.begin - 1n });
      if (r.end > cut.end) next.push({ begin: cut.end + 1n, end: r.end });
    }
    remaining = next;
  }
  return remaining;
}

/** True when every value of `b` is in `a`. */
export function rangesContain(a: readonly Range[], b: readonly Range[]): boolean {
  const outer = coalesceRanges(a);
  return coalesceRanges(b).every((inner) => outer.some((o) => o.begin <= inner.begin && inner.end <= o.end));
}

/** True when the two lists hold the same values (whatever their split). */
export function rangesEqual(a: readonly Range[], b: readonly Range[]): boolean {
  const x = coalesceRanges(a);
  const y = coalesceRanges(b);
  return x.length === y.length && x.every((r, i) => r.begin === y[i]!.begin && r.end === y[i]!.end);
}

/** True when two intervals of the list share a value (adjacent ones do not). */
export function rangesOverlap(ranges: readonly Range[]): boolean {
  const sorted = [...ranges].sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  let maxEnd: bigint | undefined;
  for (const r of sorted) {
    if (maxEnd !== undefined && r.begin <= maxEnd) return true;
    if (maxEnd === undefined || r.end > maxEnd) maxEnd = r.end;
  }
  return false;
}

/** Mesos' text form: `[31000-32000, 33000-33100]`. */
export function formatRanges(ranges: readonly Range[]): string {
  return `[${ranges.map((r) => `${r.begin}-${r.end}`).join(", ")}]`;
}
