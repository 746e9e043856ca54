/** SET values: lists of distinct strings; sums keep first-appearance order. */

/** The union of two item lists: `a`'s items, then `b`'s items not in `a`. */
export function addSets(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((item) => !seen.has(item))];
}

/** `a` without the items of `b`. */
export function subtractSets(a: readonly string[], b: readonly string[]): string[] {
  const cut = new Set(b);
  return a.filter((item) => !cut.has(item));
}

/** True when every item of `b` is in `a`. */
export function setContains(a: readonly string[], b: readonly string[]): boolean {
  const have = new Set(a);
  return b.every((item) => have.has(item));
}

/** True when an item appears twice (invalid in a resource). */
export function hasDuplicateItems(items: readonly string[]): boolean {
  return new Set(items).size !== items.length;
}

/** Mesos' text form: `{a, b}`. */
export function formatSet(items: readonly string[]): string {
  return `{${items.join(", ")}}`;
}
