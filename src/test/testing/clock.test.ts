import { describe, expect, it } from "vitest";
import { RealClock, VirtualClock } from "../../testing/clock.js";
import { SeededRandom } from "../../testing/random.js";

describe("VirtualClock", () => {
  it("fires due timers in order of due time, then creation, and only those", async () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b@20"), 20);
    clock.setTimeout(() => fired.push("a@10"), 10);
    clock.setTimeout(() => fired.push("c@20"), 20);
    const late = clock.setTimeout(() => fired.push("never"), 30);
    await clock.advance(25);
    expect(fired).toEqual(["a@10", "b@20", "c@20"]);
    expect(clock.now()).toBe(25);
    clock.clearTimeout(late);
    await clock.advance(100);
    expect(fired).toHaveLength(3);
    expect(clock.pendingTimers).toBe(0);
  });

  it("runs timers scheduled by timers within the same advance, at their virtual time", async () => {
    const clock = new VirtualClock(0);
    const at: number[] = [];
    const tick = (): void => {
      at.push(clock.now());
      clock.setTimeout(tick, 15_000);
    };
    clock.setTimeout(tick, 0);
    await clock.advance(45_000);
    expect(at).toEqual([0, 15_000, 30_000, 45_000]);
  });

  it("lets promise reactions of a timer run before the next timer", async () => {
    const clock = new VirtualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => void Promise.resolve().then(() => log.push("reaction")), 1);
    clock.setTimeout(() => log.push("second"), 2);
    await clock.advance(2);
    expect(log).toEqual(["reaction", "second"]);
  });
});

describe("RealClock", () => {
  it("fires and cancels real timers", async () => {
    const clock = new RealClock();
    let fired = 0;
    clock.setTimeout(() => fired++, 5);
    clock.clearTimeout(clock.setTimeout(() => fired++, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(fired).toBe(1);
  });
});

describe("SeededRandom", () => {
  it("repeats with the same seed and makes valid version-4 UUIDs", () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const uuid = new SeededRandom(7).uuid();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
