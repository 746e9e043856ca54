import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Backoff } from "../../scheduler/backoff.js";

describe("Backoff (C029, C147)", () => {
  it("starts within [0, 500 ms] and doubles its bound up to the 15 s cap", () => {
    const backoff = new Backoff({ random: () => 0.999999 });
    const delays = Array.from({ length: 10 }, () => backoff.next());
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 14999, 14999, 14999, 14999, 14999]);
  });

  it("never leaves [0, cap] whatever the randomness, and reset() starts over", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.9999999, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (randoms) => {
          let i = 0;
          const backoff = new Backoff({ random: () => randoms[i++ % randoms.length]!, capMs: 15_000 });
          for (let n = 0; n < randoms.length; n++) {
            const delay = backoff.next();
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(15_000);
          }
          backoff.reset();
          expect(backoff.bound).toBe(500);
        },
      ),
    );
  });

  it("jitters: successive clients spread out", () => {
    const delays = new Set(Array.from({ length: 20 }, () => new Backoff().next()));
    expect(delays.size).toBeGreaterThan(10);
  });

  it("rejects a cap below the first bound", () => {
    expect(() => new Backoff({ initialMs: 1000, capMs: 10 })).toThrow(RangeError);
  });
});
