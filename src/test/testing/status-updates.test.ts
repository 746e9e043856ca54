import { describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { StatusUpdateManager } from "../../testing/agent/status-updates.js";
import { VirtualClock } from "../../testing/clock.js";
import { SeededRandom } from "../../testing/random.js";

const random = new SeededRandom(1);

function status(task: string, state: mesos.TaskState, uuid = random.uuidBytes()): mesos.TaskStatus {
  return { task_id: { value: task }, state, uuid, source: "SOURCE_EXECUTOR" };
}

function setup() {
  const clock = new VirtualClock(0);
  const sent: { at: number; task: string; state: string; latest: string }[] = [];
  const manager = new StatusUpdateManager(clock, (_fw, s, latest) =>
    sent.push({ at: clock.now(), task: s.task_id.value, state: s.state, latest }),
  );
  return { clock, sent, manager };
}

describe("StatusUpdateManager (5.3)", () => {
  it("keeps one update per task in flight, resending it at 10 s and 30 s until acknowledged (C108)", async () => {
    const { clock, sent, manager } = setup();
    const starting = status("t1", "TASK_STARTING");
    manager.update("f", starting);
    manager.update("f", status("t1", "TASK_RUNNING"));
    await clock.advance(35_000);
    expect(sent.map((s) => [s.at, s.state])).toEqual([
      [0, "TASK_STARTING"],
      [10_000, "TASK_STARTING"],
      [30_000, "TASK_STARTING"],
    ]);
    expect(sent.map((s) => s.latest)).toEqual(["TASK_STARTING", "TASK_RUNNING", "TASK_RUNNING"]);
  });

  it("sends the next update at once when the head is acknowledged (C109), ignoring other uuids", async () => {
    const { clock, sent, manager } = setup();
    const starting = status("t1", "TASK_STARTING");
    const running = status("t1", "TASK_RUNNING");
    manager.update("f", starting);
    manager.update("f", running);
    expect(manager.acknowledge("f", "t1", running.uuid!)).toBe(false);
    await clock.advance(1000);
    expect(manager.acknowledge("f", "t1", starting.uuid!)).toBe(true);
    expect(sent.map((s) => [s.at, s.state])).toEqual([
      [0, "TASK_STARTING"],
      [1000, "TASK_RUNNING"],
    ]);
    expect(manager.acknowledge("f", "t1", running.uuid!)).toBe(true);
    expect(manager.hasPending("f", "t1")).toBe(false);
    await clock.advance(60_000);
    expect(sent).toHaveLength(2);
  });

  it("ignores a resent uuid and keeps tasks independent", () => {
    const { sent, manager } = setup();
    const a = status("a", "TASK_RUNNING");
    expect(manager.update("f", a)).toBe(true);
    expect(manager.update("f", { ...a })).toBe(false);
    manager.update("f", status("b", "TASK_RUNNING"));
    expect(sent.map((s) => s.task)).toEqual(["a", "b"]);
  });

  it("doubles the retry interval up to 10 minutes, and resend() resets it", async () => {
    const { clock, sent, manager } = setup();
    manager.update("f", status("t1", "TASK_RUNNING"));
    await clock.advance(2_000_000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(gaps.slice(0, 7)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000]);
    const before = sent.length;
    manager.resend("f");
    expect(sent).toHaveLength(before + 1);
    await clock.advance(10_000);
    expect(sent).toHaveLength(before + 2);
  });

  it("forgets a removed framework's streams", async () => {
    const { clock, sent, manager } = setup();
    manager.update("f", status("t1", "TASK_RUNNING"));
    manager.forget("f");
    await clock.advance(60_000);
    expect(sent).toHaveLength(1);
    expect(manager.pending("f")).toEqual([]);
  });
});
