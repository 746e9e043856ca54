// Deterministic builders of the scheduler events the codec benchmarks encode and
// decode, modelled on the recorded Mesos 1.12 traffic in
// ../shared/fixtures/real-mesos-1.12.0-dev (multirole-reservations and
// task-group): offers of a multi-role framework with RESERVATION_REFINEMENT, so
// every resource carries `allocation_info` and reserved ones a `reservations`
// stack (STATIC, then DYNAMIC with principal and labels), agents with text,
// scalar and ranges attributes; and a TASK_RUNNING update from the default
// executor with `uuid` bytes and a `container_status` with network infos.
//
// The values are plain objects in the shape of our generated types (snake_case
// proto names, enums by name, int64 as bigint, bytes as Uint8Array). The
// interfaces below are a local subset of those types, so that this file
// type-checks without the generated bindings (which live in bench/.work).

/** A `mesos.v1.Value.Range` with int64 as bigint (the generator's default). */
export interface Range {
  begin: bigint;
  end: bigint;
}
interface Id {
  value: string;
}
interface Labels {
  labels: { key: string; value?: string }[];
}
interface Reservation {
  type: "STATIC" | "DYNAMIC";
  role: string;
  principal?: string;
  labels?: Labels;
}
interface Resource {
  name: string;
  type: "SCALAR" | "RANGES";
  scalar?: { value: number };
  ranges?: { range: Range[] };
  allocation_info: { role: string };
  reservations?: Reservation[];
}
interface Attribute {
  name: string;
  type: "SCALAR" | "RANGES" | "TEXT";
  scalar?: { value: number };
  ranges?: { range: Range[] };
  text?: { value: string };
}
/** A `mesos.v1.Offer` as our bindings type it (the fields the benchmark sets). */
export interface Offer {
  id: Id;
  framework_id: Id;
  agent_id: Id;
  hostname: string;
  url: { scheme: string; address: { hostname: string; ip: string; port: number }; path: string };
  resources: Resource[];
  attributes: Attribute[];
  allocation_info: { role: string };
}
/** A `mesos.v1.scheduler.Event` of type OFFERS. */
export interface OffersEvent {
  type: "OFFERS";
  offers: { offers: Offer[] };
}
/** A `mesos.v1.scheduler.Event` of type UPDATE. */
export interface UpdateEvent {
  type: "UPDATE";
  update: {
    status: {
      task_id: Id;
      state: "TASK_RUNNING";
      message: string;
      source: "SOURCE_EXECUTOR";
      reason: "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";
      agent_id: Id;
      executor_id: Id;
      timestamp: number;
      uuid: Uint8Array;
      healthy: boolean;
      container_status: {
        container_id: { value: string; parent: Id };
        network_infos: { ip_addresses: { protocol: "IPv4"; ip_address: string }[] }[];
        executor_pid: number;
      };
    };
  };
}

const MASTER = "f3c3b837-46d6-4c80-a030-01e51a8db8fd";
const FRAMEWORK = `${MASTER}-0000`;

/** A deterministic UUID-looking string derived from `n`. */
function uuidOf(n: number): string {
  const hex = (x: number, width: number) => (x >>> 0).toString(16).padStart(width, "0").slice(-width);
  const a = Math.imul(n + 1, 2654435761);
  const b = Math.imul(n + 7, 40503);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(a >>> 4, 3)}-a${hex(b >>> 3, 3)}-${hex(a ^ b, 8)}${hex(n, 4)}`;
}

const range = (begin: number, end: number): Range => ({ begin: BigInt(begin), end: BigInt(end) });

function scalar(name: string, value: number, role: string, reservations?: Reservation[]): Resource {
  const r: Resource = { name, type: "SCALAR", scalar: { value }, allocation_info: { role } };
  if (reservations) r.reservations = reservations;
  return r;
}

/** Offer number `i`: one agent's unreserved and reserved resources offered to one role. */
export function buildOffer(i: number): Offer {
  const role = i % 2 === 0 ? "web" : "web/team";
  const hostname = `agent-${String(i).padStart(4, "0")}.dc1.example.com`;
  const stack: Reservation[] = [
    { type: "STATIC", role: "web" },
    {
      type: "DYNAMIC",
      role,
      principal: "fixture-principal",
      labels: {
        labels: [
          { key: "owner", value: `team-${i % 7}` },
          { key: "purpose", value: i % 3 === 0 ? "volume" : "cache" },
          { key: "tier", value: i % 4 === 0 ? "gold" : "silver" },
        ],
      },
    },
  ];
  const cores = 4 + (i % 5) * 4;
  const firstPort = 31000 + (i % 10) * 10;
  return {
    id: { value: `${MASTER}-O${1000 + i}` },
    framework_id: { value: FRAMEWORK },
    agent_id: { value: `${MASTER}-S${i}` },
    hostname,
    url: { scheme: "http", address: { hostname, ip: `10.${i >> 8}.${i & 255}.17`, port: 5051 }, path: "/slave(1)" },
    resources: [
      {
        name: "ports",
        type: "RANGES",
        ranges: { range: [range(firstPort, firstPort + 499), range(31600, 32000)] },
        allocation_info: { role },
      },
      scalar("cpus", cores - 1.5, role),
      scalar("mem", cores * 1024 - 640, role),
      scalar("disk", 10000 + i * 10, role),
      scalar("cpus", 1.5, role, stack),
      scalar("mem", 512, role, stack),
      scalar("disk", 200 + (i % 4) * 100, role, stack),
    ],
    attributes: [
      { name: "rack", type: "TEXT", text: { value: `r${i % 10}` } },
      { name: "zone", type: "TEXT", text: { value: `z${i % 3}` } },
      { name: "cores", type: "SCALAR", scalar: { value: cores } },
      { name: "slots", type: "RANGES", ranges: { range: [range(1, 8)] } },
    ],
    allocation_info: { role },
  };
}

/** An OFFERS event with `count` offers (100 offers encode to 81,288 bytes). */
export function buildOffersEvent(count: number): OffersEvent {
  return { type: "OFFERS", offers: { offers: Array.from({ length: count }, (_, i) => buildOffer(i)) } };
}

/** An UPDATE event: TASK_RUNNING of a task group's task, as the default executor reports it. */
export function buildUpdateEvent(): UpdateEvent {
  const uuid = new Uint8Array(16);
  for (let i = 0; i < 16; i++) uuid[i] = (i * 37 + 11) & 255;
  return {
    type: "UPDATE",
    update: {
      status: {
        task_id: { value: `web-server.${uuidOf(42)}` },
        state: "TASK_RUNNING",
        message: "Task is healthy",
        source: "SOURCE_EXECUTOR",
        reason: "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED",
        agent_id: { value: `${MASTER}-S0` },
        executor_id: { value: "group-executor" },
        timestamp: 1795631143.454676,
        uuid,
        healthy: true,
        container_status: {
          container_id: { value: uuidOf(7), parent: { value: uuidOf(3) } },
          network_infos: [{ ip_addresses: [{ protocol: "IPv4", ip_address: "10.0.3.17" }] }],
          executor_pid: 30772,
        },
      },
    },
  };
}
