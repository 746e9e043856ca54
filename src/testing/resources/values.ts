/**
 * The value part of a resource (scalar, ranges or set) with the arithmetic
 * of scalar.ts, ranges.ts and sets.ts behind one interface, so the
 * Resources class can treat the three types alike.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { addRanges, coalesceRanges, rangesContain, rangesEqual, subtractRanges } from "./ranges.js";
import { addScalars, compareScalars, isZeroScalar, subtractScalars } from "./scalar.js";
import { addSets, setContains, subtractSets } from "./sets.js";

/** Resources of a type that carries a value (TEXT resources are invalid). */
export type ValuedResource = Extract<mesos.Resource, { type: "SCALAR" | "RANGES" | "SET" }>;

/** True when the resource holds nothing: scalar 0 in fixed point, no ranges, no items. */
export function isEmptyValue(r: ValuedResource): boolean {
  switch (r.type) {
    case "SCALAR":
      return isZeroScalar(r.scalar.value);
    case "RANGES":
      return (r.ranges.range ?? []).length === 0;
    case "SET":
      return (r.set.item ?? []).length === 0;
  }
}

/** True when `a`'s value includes `b`'s (same type assumed). */
export function valueContains(a: ValuedResource, b: ValuedResource): boolean {
  if (a.type === "SCALAR" && b.type === "SCALAR") return compareScalars(a.scalar.value, b.scalar.value) >= 0;
  if (a.type === "RANGES" && b.type === "RANGES") return rangesContain(a.ranges.range ?? [], b.ranges.range ?? []);
  if (a.type === "SET" && b.type === "SET") return setContains(a.set.item ?? [], b.set.item ?? []);
  return false;
}

/** True when both values are equal (fixed point for scalars, as value sets for ranges). */
export function valueEquals(a: ValuedResource, b: ValuedResource): boolean {
  if (a.type === "SCALAR" && b.type === "SCALAR") return compareScalars(a.scalar.value, b.scalar.value) === 0;
  if (a.type === "RANGES" && b.type === "RANGES") return rangesEqual(a.ranges.range ?? [], b.ranges.range ?? []);
  return valueContains(a, b) && valueContains(b, a);
}

/** `a` with `b`'s value added (same identity assumed). */
export function addValue<T extends ValuedResource>(a: T, b: ValuedResource): T {
  return combine(a, b, addScalars, addRanges, addSets);
}

/** `a` with `b`'s value taken out (containment checked by the caller). */
export function subtractValue<T extends ValuedResource>(a: T, b: ValuedResource): T {
  return combine(a, b, subtractScalars, subtractRanges, subtractSets);
}

/** The same resource with its ranges in canonical (sorted, coalesced) form. */
export function canonicalValue<T extends ValuedResource>(r: T): T {
  if (r.type !== "RANGES") return r;
  return { ...r, ranges: { range: coalesceRanges(r.ranges.range ?? []) } };
}

function combine<T extends ValuedResource>(
  a: T,
  b: ValuedResource,
  scalar: (x: number, y: number) => number,
  ranges: (x: readonly mesos.Value_Range[], y: readonly mesos.Value_Range[]) => mesos.Value_Range[],
  set: (x: readonly string[], y: readonly string[]) => string[],
): T {
  if (a.type === "SCALAR" && b.type === "SCALAR") {
    return { ...a, scalar: { value: scalar(a.scalar.value, b.scalar.value) } };
  }
  if (a.type === "RANGES" && b.type === "RANGES") {
    return { ...a, ranges: { range: ranges(a.ranges.range ?? [], b.ranges.range ?? []) } };
  }
  if (a.type === "SET" && b.type === "SET") return { ...a, set: { item: set(a.set.item ?? [], b.set.item ?? []) } };
  throw new TypeError(`cannot combine ${a.type} with ${b.type}`);
}
