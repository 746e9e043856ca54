import { describe, expect, it } from "vitest";
import type { mesos, scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { LogEntry } from "../../testing/cluster.js";
import { startMiniMesos } from "../../testing/cluster.js";
import { ProtocolReferee, ProtocolViolationError } from "../../testing/strict.js";

const F = "fw-0000";
const UUID = Uint8Array.from({ length: 16 }, (_, i) => i + 1);

function event(e: scheduler.Event): LogEntry {
  return { kind: "event", frameworkId: F, event: e };
}
function call(c: scheduler.Call): LogEntry {
  return { kind: "call", frameworkId: F, call: { ...c, framework_id: { value: F } } as scheduler.Call };
}
const offer = (id: string): mesos.Offer => ({
  id: { value: id },
  framework_id: { value: F },
  agent_id: { value: "a" },
  hostname: "h",
});
const update = (task: string, uuid?: Uint8Array): scheduler.Event => ({
  type: "UPDATE",
  update: { status: { task_id: { value: task }, state: "TASK_RUNNING", ...(uuid ? { uuid } : {}) } },
});

function referee(entries: LogEntry[], now = 0): ProtocolReferee {
  let clock = now;
  const r = new ProtocolReferee(() => clock);
  for (const e of entries) r.observe(e);
  clock += 5000;
  return r;
}

describe("strict mode referee", () => {
  const subscribed = event({ type: "SUBSCRIBED", subscribed: { framework_id: { value: F } } });

  it("flags an offer used twice, after RESCIND, or from an earlier subscription", () => {
    const r = referee([
      subscribed,
      event({ type: "OFFERS", offers: { offers: [offer("o1"), offer("o2"), offer("o3")] } }),
      call({ type: "DECLINE", decline: { offer_ids: [{ value: "o1" }] } }),
      call({ type: "ACCEPT", accept: { offer_ids: [{ value: "o1" }] } }),
      event({ type: "RESCIND", rescind: { offer_id: { value: "o2" } } }),
      call({ type: "ACCEPT", accept: { offer_ids: [{ value: "o2" }] } }),
      subscribed,
      call({ type: "DECLINE", decline: { offer_ids: [{ value: "o3" }] } }),
    ]);
    expect(r.violations.map((v) => v.kind)).toEqual(["offer-reused", "offer-rescinded", "offer-stale"]);
    expect(r.violations[0]!.message).toContain("o1");
  });

  it("flags updates never acknowledged, acknowledgements of unknown uuids, and calls after TEARDOWN", () => {
    const r = referee([
      subscribed,
      event(update("t1", UUID)),
      event(update("t2")),
      call({
        type: "ACKNOWLEDGE",
        acknowledge: { agent_id: { value: "a" }, task_id: { value: "t2" }, uuid: new Uint8Array(16).fill(9) },
      }),
    ]);
    expect(r.finish().map((v) => v.kind)).toEqual(["bad-acknowledgement", "unacknowledged-update"]);
    const t = referee([subscribed, call({ type: "TEARDOWN" }), call({ type: "REVIVE", revive: {} })]);
    expect(t.violations.map((v) => v.kind)).toEqual(["call-after-teardown"]);
  });

  it("accepts a well-behaved framework", () => {
    const r = referee([
      subscribed,
      event({ type: "OFFERS", offers: { offers: [offer("o1")] } }),
      call({ type: "ACCEPT", accept: { offer_ids: [{ value: "o1" }] } }),
      event(update("t1", UUID)),
      call({ type: "ACKNOWLEDGE", acknowledge: { agent_id: { value: "a" }, task_id: { value: "t1" }, uuid: UUID } }),
    ]);
    expect(r.finish()).toEqual([]);
  });

  it("makes close() of a strict cluster fail with every violation explained", async () => {
    const cluster = await startMiniMesos({ taskMode: "inline" });
    (cluster as unknown as { record(e: LogEntry): void }).record(call({ type: "TEARDOWN" }));
    (cluster as unknown as { record(e: LogEntry): void }).record(call({ type: "REVIVE", revive: {} }));
    const error = await cluster.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolViolationError);
    expect((error as ProtocolViolationError).code).toBe("ERR_MINI_MESOS_PROTOCOL_VIOLATION");
    expect((error as Error).message).toMatch(/after TEARDOWN[\s\S]*strict: false/);
  });
});
