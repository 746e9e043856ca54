import { describe, expect, it, vi } from "vitest";
import { Handoff } from "../../scheduler/handoff.js";

describe("Handoff", () => {
  it("reports an event handled only when the consumer asks for the next one", async () => {
    const handoff = new Handoff<number>(() => {}, 4);
    const handled: [number, boolean][] = [];
    for (const n of [1, 2]) expect(handoff.push(n, (h) => handled.push([n, h]))).toBeUndefined();
    handoff.end();
    expect(await handoff.next()).toEqual({ value: 1, done: false });
    expect(handled).toEqual([]);
    expect(await handoff.next()).toEqual({ value: 2, done: false });
    expect(handled).toEqual([[1, true]]);
    expect(await handoff.next()).toEqual({ value: undefined, done: true });
    expect(handled).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it("makes the producer wait when the queue is full, and wakes it as the consumer catches up", async () => {
    const handoff = new Handoff<number>(() => {}, 2);
    expect(handoff.push(1)).toBeUndefined();
    const full = handoff.push(2);
    expect(full).toBeInstanceOf(Promise);
    let woke = false;
    void full!.then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    await handoff.next();
    await Promise.resolve();
    expect(woke).toBe(true);
  });

  it("hands a value straight to a waiting consumer", async () => {
    const handoff = new Handoff<string>(() => {});
    const next = handoff.next();
    expect(handoff.push("x")).toBeUndefined();
    expect(await next).toEqual({ value: "x", done: false });
  });

  it("counts the event in hand and queued ones as not handled when the consumer leaves, and tells the owner", async () => {
    const onReturn = vi.fn();
    const handoff = new Handoff<string>(onReturn);
    const delivered = handoff.deliver("a");
    const queued = vi.fn();
    handoff.push("b", queued);
    for await (const value of handoff) {
      expect(value).toBe("a");
      break;
    }
    expect(await delivered).toBe(false);
    expect(queued).toHaveBeenCalledWith(false);
    expect(onReturn).toHaveBeenCalledOnce();
    expect(await handoff.deliver("late")).toBe(false);
  });

  it("lets the consumer drain queued events, then throws the end error once", async () => {
    const handoff = new Handoff<string>(() => {});
    const failure = new Error("framework removed");
    handoff.push("last words");
    handoff.end(failure);
    expect(await handoff.next()).toEqual({ value: "last words", done: false });
    await expect(handoff.next()).rejects.toBe(failure);
    expect(await handoff.next()).toEqual({ value: undefined, done: true });
  });
});
