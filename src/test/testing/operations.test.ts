/**
 * RESERVE, UNRESERVE, CREATE and DESTROY in mini-mesos (mesos-protocol.md
 * 3.3 steps B–F, 3.11, 3.13, 4.7, 7.5, 7.6) against the recordings of a real
 * master (shared/fixtures/real-mesos-1.12.0-dev): the operations of
 * multirole-reservations and refined-reservation are replayed verbatim, and
 * the answers and offers are compared with what the real master sent, after
 * swapping in the recorded master id (agent ids then match too: `<master>-S1`).
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RecordIODecoder } from "../../recordio/index.js";
import { startMiniMesos, type MiniMesos } from "../../testing/cluster.js";
import {
  RawFramework,
  VALID_UUID,
  closeAllStreams,
  frameworkInfo,
  scalar,
  type Json,
} from "./conformance-flow-helpers.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const RECORDED_MASTER = "f3c3b837-46d6-4c80-a030-01e51a8db8fd";
const PRINCIPAL = "fixture-principal";

let cluster: MiniMesos | undefined;

afterEach(async () => {
  closeAllStreams();
  await cluster?.close();
  cluster = undefined;
});

/** The two agents of recording 2. */
async function start(): Promise<MiniMesos> {
  cluster = await startMiniMesos({
    agents: [
      { resources: "cpus:4;mem:4096;disk:10000;ports:[31000-32000]" },
      { resources: "cpus:2;mem:2048;disk:4000;ports:[32000-32100];cpus(web):1;mem(web):512;disk(web):1000" },
    ],
    clock: "virtual",
    taskMode: "inline",
    strict: false,
  });
  return cluster;
}

function subscribe(info: Json): Promise<RawFramework> {
  return RawFramework.subscribe(cluster!.masterUrl, info);
}

/** Moves the clock (an allocation round runs every second) and returns the next OFFERS event's offers. */
async function offersAfter(fw: RawFramework, ms: number): Promise<Json[]> {
  await cluster!.advance(ms);
  return fw.nextOffers();
}

function agentId(index: number): string {
  return cluster!.agents[index]!.id;
}

/** `<id> at <pid> (<hostname>)`, as validation failures name the agent. */
function agentSuffix(index: number): string {
  const agent = cluster!.agents[index]!;
  return `; on agent ${agent.id} at slave(1)@127.0.0.1:${agent.url.port} (localhost)`;
}

/** JSON of ours with our master id replaced by the recorded one. */
function asRecorded(value: Json): Json {
  return JSON.parse(JSON.stringify(value).replaceAll(cluster!.master.id, RECORDED_MASTER));
}

/** JSON of the recording with its master id replaced by ours. */
function asOurs(value: Json): Json {
  return JSON.parse(JSON.stringify(value).replaceAll(RECORDED_MASTER, cluster!.master.id));
}

function recordedEvents(name: string): Json[] {
  const decoder = new RecordIODecoder();
  const records = decoder.push(readFileSync(`${FIXTURES}${name}.json.recordio`));
  decoder.end();
  return records.map((bytes) => JSON.parse(Buffer.from(bytes).toString("utf8")));
}

function recordedCalls(name: string): Json[] {
  return readFileSync(`${FIXTURES}${name}.calls.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line).body);
}

/** The resources of the recorded offer `O<n>`. */
function recordedOffer(events: Json[], n: number): Json[] {
  const offer = events
    .filter((e) => e.type === "OFFERS")
    .flatMap((e) => e.offers.offers)
    .find((o: Json) => o.id.value === `${RECORDED_MASTER}-O${n}`);
  return offer.resources;
}

/** The operations of the recorded ACCEPT whose first operation has `operationId` (ids made ours). */
function recordedOperations(calls: Json[], operationId: string): Json[] {
  const call = calls.find((c) => c.type === "ACCEPT" && c.accept.operations[0].id?.value === operationId);
  return asOurs(call.accept.operations);
}

/** The recorded UPDATE_OPERATION_STATUS events for an operation id. */
function recordedStatuses(events: Json[], operationId: string): Json[] {
  return events
    .filter((e) => e.type === "UPDATE_OPERATION_STATUS")
    .map((e) => e.update_operation_status.status)
    .filter((s) => s.operation_id.value === operationId);
}

/** A status with its (random) uuid replaced by a marker, for comparisons. */
function withoutUuidValue(status: Json): Json {
  return status.uuid ? { ...status, uuid: { value: "<uuid>" } } : status;
}

async function nextOperationStatus(fw: RawFramework): Promise<Json> {
  return (await fw.stream.next("UPDATE_OPERATION_STATUS")).update_operation_status.status;
}

async function ackOperation(fw: RawFramework, status: Json): Promise<void> {
  await fw.call202("ACKNOWLEDGE_OPERATION_STATUS", {
    agent_id: status.agent_id,
    operation_id: status.operation_id,
    uuid: status.uuid.value,
  });
}

/** Sorts resources by name (and reservation) where only the set, not the order, is comparable. */
function byName(resources: Json[]): Json[] {
  return [...resources].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("the multirole-reservations recording", () => {
  it("RESERVE with labels → CREATE → task on the volume → DESTROY → UNRESERVE, with feedback, offers and reconciliation as recorded", async () => {
    await start();
    const events = recordedEvents("multirole-reservations");
    const calls = recordedCalls("multirole-reservations");
    const original = cluster!.agents[1]!.agent.total;
    const fw = await subscribe(asOurs(calls[0].subscribe.framework_info));
    const first = await offersAfter(fw, 0);
    await fw.call202("SUPPRESS", { roles: ["*"] });
    await fw.call202("DECLINE", { offer_ids: first.map((o) => o.id), filters: { refuse_seconds: 0 } });
    const second = await offersAfter(fw, 1000);
    const s0 = second.find((o) => o.agent_id.value === agentId(0));
    await fw.call202("DECLINE", { offer_ids: [s0.id], filters: { refuse_seconds: 3600 } });
    // All of S1 as one `web` offer: static reservation and unreserved resources (O3).
    const o3 = second.find((o) => o.agent_id.value === agentId(1));
    expect(o3.allocation_info).toEqual({ role: "web" });
    expect(asRecorded(o3.resources)).toEqual(recordedOffer(events, 3));

    // RESERVE with labels and an operation id: OPERATION_FINISHED from the agent, right away.
    await fw.accept([o3.id.value], recordedOperations(calls, "reserve-web-1"), { refuse_seconds: 0 });
    const reserved = await nextOperationStatus(fw);
    expect(Object.keys(reserved)).toEqual(["operation_id", "state", "uuid", "agent_id"]);
    expect(reserved.uuid.value).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(withoutUuidValue(asRecorded(reserved))).toEqual(
      withoutUuidValue(recordedStatuses(events, "reserve-web-1")[0]),
    );
    await ackOperation(fw, reserved);
    // The DYNAMIC reservation (principal, labels) next to the STATIC one and the unreserved rest (O4).
    const o4 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o4.resources)).toEqual(recordedOffer(events, 4));

    await fw.accept([o4.id.value], recordedOperations(calls, "create-volume-1"), { refuse_seconds: 0 });
    const created = await nextOperationStatus(fw);
    expect(withoutUuidValue(asRecorded(created))).toEqual(
      withoutUuidValue(recordedStatuses(events, "create-volume-1")[0]),
    );
    await ackOperation(fw, created);
    const o5 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o5.resources)).toEqual(recordedOffer(events, 5));

    // A command task on the reserved cpus/mem and the volume.
    const launch = calls.find((c) => c.type === "ACCEPT" && c.accept.operations[0].type === "LAUNCH");
    await fw.accept([o5.id.value], asOurs(launch.accept.operations), { refuse_seconds: 0 });
    await fw.ackNext("volume-task", "TASK_STARTING");
    await fw.ackNext("volume-task", "TASK_RUNNING");
    const o6 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o6.resources)).toEqual(recordedOffer(events, 6));
    await fw.call202("KILL", { task_id: { value: "volume-task" }, agent_id: { value: agentId(1) } });
    await fw.ackNext("volume-task", "TASK_KILLING");
    const killed = await fw.ackNext("volume-task", "TASK_KILLED");
    expect(killed.message).toBe("Command terminated with signal Terminated");
    // The freed task resources come as a separate offer while O6 is outstanding (recorded order: cpus, disk, mem).
    const o7 = (await offersAfter(fw, 1000))[0];
    expect(byName(asRecorded(o7.resources))).toEqual(byName(recordedOffer(events, 7)));

    await fw.accept([o6.id.value, o7.id.value], recordedOperations(calls, "destroy-volume-1"), {
      refuse_seconds: 0,
    });
    const destroyed = await nextOperationStatus(fw);
    expect(withoutUuidValue(asRecorded(destroyed))).toEqual(
      withoutUuidValue(recordedStatuses(events, "destroy-volume-1")[0]),
    );
    await ackOperation(fw, destroyed);
    const o8 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o8.resources)).toEqual(recordedOffer(events, 8));

    await fw.accept([o8.id.value], recordedOperations(calls, "unreserve-web-1"), { refuse_seconds: 0 });
    const unreserved = await nextOperationStatus(fw);
    const o9 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o9.resources)).toEqual(recordedOffer(events, 9));
    expect(cluster!.agents[1]!.agent.total.equals(original)).toBe(true);

    // Implicit reconciliation while UNRESERVE is unacknowledged: the same status without uuid.
    const [finished, implicit, ...explicit] = recordedStatuses(events, "unreserve-web-1");
    expect(withoutUuidValue(asRecorded(unreserved))).toEqual(withoutUuidValue(finished));
    await fw.call202("RECONCILE_OPERATIONS", {});
    expect(asRecorded(await nextOperationStatus(fw))).toEqual(implicit);
    expect(explicit).toHaveLength(1);

    // Acknowledged operations are forgotten: the recorded explicit reconciliation, answer for answer.
    await ackOperation(fw, unreserved);
    const reconcile = calls.filter((c) => c.type === "RECONCILE_OPERATIONS").at(-1);
    await fw.call202("RECONCILE_OPERATIONS", asOurs(reconcile.reconcile_operations));
    const recordedAnswers = events
      .filter((e) => e.type === "UPDATE_OPERATION_STATUS")
      .slice(-4)
      .map((e) => e.update_operation_status.status);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(asRecorded(await nextOperationStatus(fw)));
    expect(answers).toEqual(recordedAnswers);
    expect((await fw.barrier()).filter((e) => e.type === "UPDATE_OPERATION_STATUS")).toEqual([]);
  });

  it("OPERATION_FINISHED is resent with the same uuid every 10 s (doubling) until acknowledged, and at once on re-subscription", async () => {
    await start();
    const info = frameworkInfo({
      roles: ["web"],
      principal: PRINCIPAL,
      failover_timeout: 3600,
      capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }],
    });
    const fw = await subscribe(info);
    const offer = (await offersAfter(fw, 0)).find((o) => o.agent_id.value === agentId(0));
    const cpus = scalar("cpus", 1, {
      allocation_info: { role: "web" },
      reservations: [{ type: "DYNAMIC", role: "web", principal: PRINCIPAL }],
    });
    await fw.accept([offer.id.value], [{ type: "RESERVE", id: { value: "op1" }, reserve: { resources: [cpus] } }]);
    const status = await nextOperationStatus(fw);
    await cluster!.advance(10_000);
    expect(await nextOperationStatus(fw)).toEqual(status);
    // A wrong uuid acknowledges nothing; the next resend comes 20 s later.
    await fw.call202("ACKNOWLEDGE_OPERATION_STATUS", {
      agent_id: status.agent_id,
      operation_id: status.operation_id,
      uuid: VALID_UUID,
    });
    await cluster!.advance(19_000);
    expect((await fw.barrier()).filter((e) => e.type === "UPDATE_OPERATION_STATUS")).toEqual([]);
    await cluster!.advance(1000);
    expect(await nextOperationStatus(fw)).toEqual(status);
    // A new subscription gets the pending status at once.
    fw.stream.close();
    for (let i = 0; i < 200 && cluster!.master.frameworks.get(fw.id)?.connected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const again = await RawFramework.subscribe(cluster!.masterUrl, info, { frameworkId: fw.id });
    expect(await nextOperationStatus(again)).toEqual(status);
    await ackOperation(again, status);
    await cluster!.advance(120_000);
    expect((await again.barrier()).filter((e) => e.type === "UPDATE_OPERATION_STATUS")).toEqual([]);
    await again.call202("RECONCILE_OPERATIONS", { operations: [{ operation_id: { value: "op1" } }] });
    expect((await nextOperationStatus(again)).state).toBe("OPERATION_UNKNOWN");
  });
});

describe("the refined-reservation recording", () => {
  it("RESERVE pushes a DYNAMIC web/team layer on the STATIC web reservation and UNRESERVE pops it", async () => {
    await start();
    const events = recordedEvents("refined-reservation");
    const calls = recordedCalls("refined-reservation");
    const original = cluster!.agents[1]!.agent.total;
    const fw = await subscribe(asOurs(calls[0].subscribe.framework_info));
    const first = await offersAfter(fw, 0);
    const s0 = first.find((o) => o.agent_id.value === agentId(0));
    const o26 = first.find((o) => o.agent_id.value === agentId(1));
    // The static `web` reservation is offered to the sub-role, its stack unchanged; S0 unreserved only.
    expect(o26.allocation_info).toEqual({ role: "web/team" });
    expect(asRecorded(o26.resources)).toEqual(recordedOffer(events, 26));
    expect(asRecorded(s0.resources)).toEqual(recordedOffer(events, 27));
    await fw.call202("DECLINE", { offer_ids: [s0.id], filters: { refuse_seconds: 3600 } });

    await fw.accept([o26.id.value], recordedOperations(calls, "refine-web-team-1"), { refuse_seconds: 0 });
    const refined = await nextOperationStatus(fw);
    expect(withoutUuidValue(asRecorded(refined))).toEqual(
      withoutUuidValue(recordedStatuses(events, "refine-web-team-1")[0]),
    );
    await ackOperation(fw, refined);
    // The two-entry stack next to the remaining static 0.5 cpus / 256 mem (O28).
    const o28 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o28.resources)).toEqual(recordedOffer(events, 28));

    await fw.accept([o28.id.value], recordedOperations(calls, "unrefine-web-team-1"), { refuse_seconds: 0 });
    const unrefined = await nextOperationStatus(fw);
    expect(withoutUuidValue(asRecorded(unrefined))).toEqual(
      withoutUuidValue(recordedStatuses(events, "unrefine-web-team-1")[0]),
    );
    await ackOperation(fw, unrefined);
    const o29 = (await offersAfter(fw, 1000))[0];
    expect(asRecorded(o29.resources)).toEqual(recordedOffer(events, 29));
    expect(cluster!.agents[1]!.agent.total.equals(original)).toBe(true);
  });

  it("errors.json: a RESERVE stacking DYNAMIC web on STATIC web → OPERATION_ERROR, role 'web' is not a refinement of 'web'", async () => {
    await start();
    const recorded = (JSON.parse(readFileSync(`${FIXTURES}errors.json`, "utf8")) as Json[]).find(
      (e) => e.name === "scheduler ACCEPT with an invalid RESERVE that asks for feedback",
    );
    const fw = await subscribe(
      frameworkInfo({
        roles: ["web"],
        principal: PRINCIPAL,
        capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }],
      }),
    );
    const offer = (await offersAfter(fw, 0)).find((o) => o.agent_id.value === agentId(1));
    const body = JSON.parse(recorded.request.body);
    await fw.accept([offer.id.value], body.accept.operations, body.accept.filters);
    expect({
      type: "UPDATE_OPERATION_STATUS",
      update_operation_status: { status: await nextOperationStatus(fw) },
    }).toEqual(recorded.resulting_events[0]);
  });
});

describe("validation texts (3.3 steps B and E, 7.5, 7.6)", () => {
  const MR_RR = { roles: ["web"], capabilities: [{ type: "MULTI_ROLE" }, { type: "RESERVATION_REFINEMENT" }] };
  const dynamic = (name: string, value: number, reservation: Json = { principal: PRINCIPAL }) =>
    scalar(name, value, {
      allocation_info: { role: "web" },
      reservations: [{ type: "DYNAMIC", role: "web", ...reservation }],
    });
  const volume = (disk: Json, id = "vol-1") => ({
    ...disk,
    disk: { persistence: { id, principal: PRINCIPAL }, volume: { mode: "RW", container_path: "data" } },
  });

  async function framework(extra: Json = {}): Promise<{ fw: RawFramework; s0: Json; s1: Json }> {
    const fw = await subscribe(frameworkInfo({ ...MR_RR, principal: PRINCIPAL, ...extra }));
    const offers = await offersAfter(fw, 0);
    const s0 = offers.find((o) => o.agent_id.value === agentId(0));
    const s1 = offers.find((o) => o.agent_id.value === agentId(1));
    return { fw, s0, s1 };
  }

  async function statuses(fw: RawFramework): Promise<Json[]> {
    return (await fw.barrier())
      .filter((e) => e.type === "UPDATE_OPERATION_STATUS")
      .map((e) => e.update_operation_status.status);
  }

  it("format errors first, then validation errors with the agent suffix, then pool errors without it; only operations with id answer", async () => {
    await start();
    const { fw, s0 } = await framework();
    const suffix = agentSuffix(0);
    await fw.accept(
      [s0.id.value],
      [
        { type: "RESERVE", id: { value: "pool" }, reserve: { resources: [dynamic("cpus", 100)] } },
        { type: "RESERVE", id: { value: "no-principal" }, reserve: { resources: [dynamic("cpus", 1, {})] } },
        {
          type: "RESERVE",
          id: { value: "other-principal" },
          reserve: { resources: [dynamic("cpus", 1, { principal: "other" })] },
        },
        {
          type: "RESERVE",
          id: { value: "other-role" },
          reserve: {
            resources: [
              scalar("cpus", 1, {
                allocation_info: { role: "web" },
                reservations: [{ type: "DYNAMIC", role: "db", principal: PRINCIPAL }],
              }),
            ],
          },
        },
        { type: "RESERVE", reserve: { resources: [dynamic("cpus", 100)] } },
        { type: "RESERVE", id: { value: "negative" }, reserve: { resources: [dynamic("cpus", -1)] } },
        { type: "RESERVE", id: { value: "source" }, reserve: { source: [scalar("cpus", 1)], resources: [] } },
        { type: "CREATE", id: { value: "unreserved" }, create: { volumes: [volume(scalar("disk", 10))] } },
        { type: "DESTROY", id: { value: "unknown-volume" }, destroy: { volumes: [volume(dynamic("disk", 10))] } },
      ],
    );
    expect(await statuses(fw)).toEqual([
      {
        operation_id: { value: "negative" },
        state: "OPERATION_ERROR",
        message:
          "Operation attempted with invalid resources: Resource 'cpus(allocated: web)(reservations: [(DYNAMIC,web,fixture-principal)]):-1' is invalid: Invalid scalar resource: value <= 0",
      },
      {
        operation_id: { value: "source" },
        state: "OPERATION_ERROR",
        message:
          "Operation attempted with invalid resources: Reservation updates are not yet implemented for the scheduler API.",
      },
      {
        operation_id: { value: "pool" },
        state: "OPERATION_ERROR",
        message:
          "ports(allocated: web):[31000-32000]; cpus(allocated: web):4; mem(allocated: web):4096; disk(allocated: web):10000 does not contain cpus(allocated: web):100",
      },
      {
        operation_id: { value: "no-principal" },
        state: "OPERATION_ERROR",
        message: `A reserve operation was attempted by principal 'fixture-principal', but there is a reserved resource in the request with no principal set${suffix}`,
      },
      {
        operation_id: { value: "other-principal" },
        state: "OPERATION_ERROR",
        message: `A reserve operation was attempted by authenticated principal 'fixture-principal', which does not match a reserved resource in the request with principal 'other'${suffix}`,
      },
      {
        operation_id: { value: "other-role" },
        state: "OPERATION_ERROR",
        message: `A reserve operation was attempted for a resource with role 'db', but the resource was allocated to role 'web'${suffix}`,
      },
      {
        operation_id: { value: "unreserved" },
        state: "OPERATION_ERROR",
        message: `Invalid resources: Invalid DiskInfo: Persistent volumes cannot be created from unreserved resources${suffix}`,
      },
      {
        operation_id: { value: "unknown-volume" },
        state: "OPERATION_ERROR",
        message: `Persistent volumes not found${suffix}`,
      },
    ]);
    // Nothing was applied: the whole agent comes back (after the default 5 s filter).
    expect(cluster!.agents[0]!.agent.total.reserved().isEmpty()).toBe(true);
  });

  it("UNRESERVE of a static reservation and of a volume, a duplicate persistence id", async () => {
    await start();
    const { fw, s1 } = await framework();
    const suffix = agentSuffix(1);
    const staticCpus = scalar("cpus", 1, {
      allocation_info: { role: "web" },
      reservations: [{ type: "STATIC", role: "web" }],
    });
    await fw.accept(
      [s1.id.value],
      [
        { type: "UNRESERVE", id: { value: "static" }, unreserve: { resources: [staticCpus] } },
        { type: "RESERVE", reserve: { resources: [dynamic("disk", 512)] } },
        { type: "CREATE", create: { volumes: [volume(dynamic("disk", 512))] } },
      ],
      { refuse_seconds: 0 },
    );
    expect(await statuses(fw)).toEqual([
      {
        operation_id: { value: "static" },
        state: "OPERATION_ERROR",
        message: `Resource cpus(allocated: web)(reservations: [(STATIC,web)]):1 is not dynamically reserved${suffix}`,
      },
    ]);
    const again = (await offersAfter(fw, 1000)).find((o) => o.agent_id.value === agentId(1));
    const offeredVolume = again.resources.find((r: Json) => r.disk?.persistence?.id === "vol-1");
    expect(offeredVolume).toEqual(volume(dynamic("disk", 512)));
    await fw.accept(
      [again.id.value],
      [
        { type: "UNRESERVE", id: { value: "volume" }, unreserve: { resources: [offeredVolume] } },
        { type: "CREATE", id: { value: "duplicate" }, create: { volumes: [volume(dynamic("disk", 1))] } },
      ],
      { refuse_seconds: 0 },
    );
    expect(await statuses(fw)).toEqual([
      {
        operation_id: { value: "volume" },
        state: "OPERATION_ERROR",
        message: `A dynamically reserved persistent volume disk(allocated: web)(reservations: [(DYNAMIC,web,fixture-principal)])[vol-1:data]:512 cannot be unreserved directly. Please destroy the persistent volume first then unreserve the resource${suffix}`,
      },
      {
        operation_id: { value: "duplicate" },
        state: "OPERATION_ERROR",
        message: `Persistence ID 'vol-1' is not unique${suffix}`,
      },
    ]);
  });

  it("DESTROY of a volume in use fails; a DESTROY by another framework rescinds the offer holding the volume before its pool check fails", async () => {
    await start();
    // F2 (role *) takes the unreserved resources of both agents first; then F1 gets S1's static `web` reservation.
    const f2 = await subscribe(frameworkInfo({ name: "f2" }));
    await cluster!.advance(0);
    const f2Offers = await f2.nextOffers();
    const f1 = await subscribe(frameworkInfo({ ...MR_RR, name: "f1" }));
    await cluster!.advance(0);
    const f2s1 = f2Offers.find((o: Json) => o.agent_id.value === agentId(1));
    const [web] = await f1.nextOffers();
    const staticDisk = scalar("disk", 100, {
      allocation_info: { role: "web" },
      reservations: [{ type: "STATIC", role: "web" }],
    });
    const vol = {
      ...staticDisk,
      disk: { persistence: { id: "vol-1" }, volume: { mode: "RW", container_path: "data" } },
    };
    await f1.accept([web.id.value], [{ type: "CREATE", create: { volumes: [vol] } }], { refuse_seconds: 0 });
    const withVolume = (await offersAfter(f1, 1000))[0];
    expect(withVolume.resources).toContainEqual(vol);
    const task = {
      name: "writer",
      task_id: { value: "writer" },
      agent_id: { value: agentId(1) },
      resources: [
        scalar("cpus", 0.5, { allocation_info: { role: "web" }, reservations: [{ type: "STATIC", role: "web" }] }),
        vol,
      ],
      command: { value: "run-until-killed" },
    };
    await f1.launch([withVolume.id.value], [task], { refuse_seconds: 0 });
    await f1.ackNext("writer", "TASK_STARTING");
    await f1.ackNext("writer", "TASK_RUNNING");
    const rest = (await offersAfter(f1, 1000))[0];
    await f1.accept([rest.id.value], [{ type: "DESTROY", id: { value: "in-use" }, destroy: { volumes: [vol] } }], {
      refuse_seconds: 0,
    });
    expect(await statuses(f1)).toEqual([
      {
        operation_id: { value: "in-use" },
        state: "OPERATION_ERROR",
        message: `Persistent volumes in use${agentSuffix(1)}`,
      },
    ]);
    await f1.call202("KILL", { task_id: { value: "writer" } });
    await f1.ackNext("writer", "TASK_KILLED");
    const held = (await offersAfter(f1, 1000))[0];
    expect(held.resources).toContainEqual(vol);

    await f2.accept([f2s1.id.value], [{ type: "DESTROY", id: { value: "not-mine" }, destroy: { volumes: [vol] } }]);
    expect((await f1.stream.next("RESCIND")).rescind.offer_id).toEqual(held.id);
    expect(await statuses(f2)).toEqual([
      {
        operation_id: { value: "not-mine" },
        state: "OPERATION_ERROR",
        message:
          "ports(allocated: *):[32000-32100]; cpus(allocated: *):2; mem(allocated: *):2048; disk(allocated: *):4000 does not contain disk(allocated: web)(reservations: [(STATIC,web)])[vol-1:data]:100",
      },
    ]);
    // The volume survived; F1 is offered it again and destroys it itself.
    const back = (await offersAfter(f1, 1000))[0];
    expect(back.resources).toContainEqual(vol);
    await f1.accept([back.id.value], [{ type: "DESTROY", id: { value: "mine" }, destroy: { volumes: [vol] } }]);
    const destroyed = await nextOperationStatus(f1);
    expect(destroyed.state).toBe("OPERATION_FINISHED");
    expect(destroyed.agent_id).toEqual({ value: agentId(1) });
    expect(cluster!.agents[1]!.agent.total.filter((r) => r.disk !== undefined).isEmpty()).toBe(true);
  });
});

describe("persistent volumes in sandboxes", () => {
  it("link each volume at its container_path, to a directory that outlives the task", async () => {
    await start();
    const agent = cluster!.agents[1]!.agent;
    const volume = (containerPath: string) => ({
      ...scalar("disk", 100, { reservations: [{ type: "DYNAMIC", role: "web" }] }),
      disk: { persistence: { id: "vol-1" }, volume: { mode: "RW" as const, container_path: containerPath } },
    });
    const first = mkdtempSync(join(tmpdir(), "sandbox-"));
    const second = mkdtempSync(join(tmpdir(), "sandbox-"));
    try {
      agent.mountVolumes(first, [volume("data")]);
      writeFileSync(join(first, "data", "hello.txt"), "hello");
      agent.mountVolumes(second, [volume("nested/data"), volume("/abs"), volume("../escape")]);
      expect(readFileSync(join(second, "nested", "data", "hello.txt"), "utf8")).toBe("hello");
      expect(existsSync(join(second, "abs"))).toBe(false);
      expect(existsSync(join(second, "..", "escape"))).toBe(false);
      expect(realpathSync(join(first, "data"))).toContain(join("volumes", "roles", "web", "vol-1"));
    } finally {
      rmSync(first, { recursive: true, force: true });
      rmSync(second, { recursive: true, force: true });
    }
  });
});
