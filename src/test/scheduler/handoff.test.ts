import { describe, expect, it, vi } from "vitest";
import { Handoff } from "../../scheduler/handoff.js";

describe("Handoff", () => {
  it("reports an event handled only when the consumer asks for the next one", async () => {
    const handoff = new Handoff<number>(() => {});
    const handled: boolean[] = [];
    const producer = (async () => {
      for (const n of [1, 2]) handled.push(await handoff.deliver(n));
      handoff.end();
    })();
    const first = await handoff.next();
    expect(first).toEqual({ value: 1, done: false });
    await Promise.resolve();
    expect(handled).toEqual([]);
    expect(await handoff.next()).toEqual({ value: 2, done: false });
    expect(handled).toEqual([true]);
    expect(await handoff.next()).toEqual({ value: undefined, done: true });
    await producer;
    expect(handled).toEqual([true, true]);
  });

  it("counts the event in hand as not handled when the consumer leaves, and tells the owner", async () => {
    const onReturn = vi.fn();
    const handoff = new Handoff<string>(onReturn);
    const delivered = handoff.deliver("a");
    for await (const value of handoff) {
      expect(value).toBe("a");
      break;
    }
    expect(await delivered).toBe(false);
    expect(onReturn).toHaveBeenCalledOnce();
    expect(await handoff.deliver("late")).toBe(false);
  });

  it("throws the end error once in the consumer's loop", async () => {
    const handoff = new Handoff<string>(() => {});
    const failure = new Error("framework removed");
    setTimeout(() => handoff.end(failure), 1);
    await expect(handoff.next()).rejects.toBe(failure);
    expect(await handoff.next()).toEqual({ value: undefined, done: true });
  });
});
