import { describe, expect, it } from "vitest";
import { Waiters } from "../../testing/waiters.js";

describe("Waiters", () => {
  it("settles at once when the probe already finds a value", async () => {
    await expect(new Waiters().waitFor(() => 7, 1000, "seven")).resolves.toBe(7);
  });

  it("probes again on every wake, and forgets a settled waiter", async () => {
    const seen: number[] = [];
    const waiters = new Waiters();
    let probes = 0;
    const found = waiters.waitFor(
      () => {
        probes++;
        return seen.find((n) => n > 1);
      },
      1000,
      "a number above 1",
    );
    seen.push(1);
    waiters.wake();
    seen.push(2);
    waiters.wake();
    await expect(found).resolves.toBe(2);
    waiters.wake();
    expect(probes).toBe(3);
  });

  it("fails with the source's reason once it has ended, and says what was awaited", async () => {
    let ended = false;
    const waiters = new Waiters(() => (ended ? "the stream ended" : undefined));
    const found = waiters.waitFor(
      () => undefined,
      1000,
      () => "an OFFERS event",
    );
    ended = true;
    waiters.wake();
    await expect(found).rejects.toThrow("the stream ended while waiting for an OFFERS event");
  });

  it("fails after its timeout", async () => {
    await expect(new Waiters().waitFor(() => undefined, 20, "nothing")).rejects.toThrow(
      "timed out after 20 ms waiting for nothing",
    );
  });
});
