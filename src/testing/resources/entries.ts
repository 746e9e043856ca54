/**
 * The entries of a Resources instance and how one resource joins or leaves
 * them. Three kinds: ordinary resources merge and split freely per identity;
 * atomic ones (persistent volumes, MOUNT disks) never merge and leave only
 * as a whole; shared ones are counted copies of one identical resource.
 */
import { identityKey, isAtomic } from "./identity.js";
import { addValue, isEmptyValue, subtractValue, valueContains, valueEquals, type ValuedResource } from "./values.js";

/** One merged resource with its identity key. */
export interface Entry {
  /** identityKey() of the resource. */
  readonly key: string;
  /** Deeply frozen, post-refinement, never empty. */
  readonly resource: ValuedResource;
  /** Number of copies of a shared resource; 1 for everything else. */
  readonly count: number;
}

/** Wraps a (non-empty, post-refinement) resource, freezing it. */
export function makeEntry(resource: ValuedResource, count: number): Entry {
  return { key: identityKey(resource), resource: deepFreeze(resource), count };
}

/** Adds `item` to `entries` in place, merging it into a same-identity entry when the kind allows. */
export function addEntry(entries: Entry[], item: Entry): void {
  const shared = item.resource.shared !== undefined;
  if (!shared && isAtomic(item.resource)) {
    entries.push(item);
    return;
  }
  const i = entries.findIndex((e) => e.key === item.key && (!shared || valueEquals(e.resource, item.resource)));
  const found = entries[i];
  if (found === undefined) entries.push(item);
  else if (shared) entries[i] = { ...found, count: found.count + item.count };
  else entries[i] = makeEntry(addValue(found.resource, item.resource), 1);
}

/** Takes `item` out of `entries` in place; false when it is not contained (callers then discard `entries`). */
export function subtractEntry(entries: Entry[], item: Entry): boolean {
  const whole = item.resource.shared !== undefined || isAtomic(item.resource);
  const i = entries.findIndex(
    (e) =>
      e.key === item.key &&
      (whole
        ? valueEquals(e.resource, item.resource) && e.count >= item.count
        : valueContains(e.resource, item.resource)),
  );
  const found = entries[i];
  if (found === undefined) return false;
  if (whole) {
    if (found.count > item.count) entries[i] = { ...found, count: found.count - item.count };
    else entries.splice(i, 1);
    return true;
  }
  const rest = subtractValue(found.resource, item.resource);
  if (isEmptyValue(rest)) entries.splice(i, 1);
  else entries[i] = makeEntry(rest, 1);
  return true;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
