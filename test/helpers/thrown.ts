/** Test helper: the error a function throws, checked to be of the expected class. */
import { expect } from "vitest";

/** Runs `fn`, expects it to throw an instance of `type`, and returns that error. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as E;
  }
  throw new Error(`expected ${type.name} to be thrown`);
}
