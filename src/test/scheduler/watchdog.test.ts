import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Watchdog } from "../../scheduler/watchdog.js";

describe("Watchdog (C138)", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it("expires after the timeout of silence, and each reset starts the count over", () => {
    const expired: number[] = [];
    const dog = new Watchdog(1000, (ms) => expired.push(ms));
    dog.start();
    vi.advanceTimersByTime(900);
    dog.reset();
    vi.advanceTimersByTime(900);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual([1000]);
  });

  it("does not expire while paused (the application is behind), and counts again from resume", () => {
    const expired: number[] = [];
    const dog = new Watchdog(1000, (ms) => expired.push(ms));
    dog.start();
    dog.pause();
    vi.advanceTimersByTime(5000);
    expect(expired).toEqual([]);
    dog.resume();
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([1000]);
    dog.stop();
  });
});
