/**
 * The master's operator API (`POST /api/v1`) of mini-mesos against the real
 * master's recordings: a cluster shaped like recording 2 (two agents, a static
 * `web` reservation, a multi-role framework running one task) must answer
 * GET_STATE with the recorded shape, field by field and in the recorded key
 * order, written by Mesos' own serializer (empty lists, `checkpoint`); errors
 * must carry Mesos' status and text.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { master, mesos } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { launchOn } from "../helpers/launch.js";
import { startMiniMesos, type MiniMesos } from "../../testing/cluster.js";

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const RECORDED_STATE = JSON.parse(readFileSync(`${FIXTURES}operator-get-state.json`, "utf8")) as Json;
const ERRORS = JSON.parse(readFileSync(`${FIXTURES}errors.json`, "utf8")) as {
  name: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string };
}[];
const recorded = (name: string) => ERRORS.find((e) => e.name.startsWith(name))!;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Framework `-0000` of recording 2. */
const FRAMEWORK: mesos.FrameworkInfo = {
  user: "root",
  name: "fixture-multirole",
  principal: "fixture-principal",
  roles: ["*", "web"],
  failover_timeout: 60,
  capabilities: [
    { type: "MULTI_ROLE" },
    { type: "RESERVATION_REFINEMENT" },
    { type: "PARTITION_AWARE" },
    { type: "TASK_KILLING_STATE" },
  ],
};

/** The agents of recording 2. */
const AGENTS = [
  { resources: "cpus:4;mem:4096;disk:10000;ports:[31000-32000]", attributes: "rack:r0;zone:z1;cores:4;slots:[1-8]" },
  {
    resources: "cpus:2;mem:2048;disk:4000;ports:[32000-32100];cpus(web):1;mem(web):512;disk(web):1000",
    attributes: "rack:r1;zone:z1;tier:gold",
  },
];

let cluster: MiniMesos;
let client: SchedulerClient | undefined;
let frameworkId: string;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cluster?.close();
});

/** POST /api/v1 with a JSON call (or raw bytes / text), JSON accepted unless said otherwise. */
async function post(
  body: unknown,
  headers: Record<string, string> = {},
  options: { method?: string; path?: string } = {},
): Promise<{ status: number; headers: Headers; text: string; bytes: Uint8Array }> {
  // Bytes, so that fetch adds no Content-Type of its own; an empty header value means "leave the header out".
  const raw =
    body instanceof Uint8Array
      ? body
      : new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
  const all = { "Content-Type": "application/json", Accept: "application/json", ...headers };
  const response = await fetch(new URL(options.path ?? "/api/v1", cluster.masterUrl), {
    method: options.method ?? "POST",
    headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== "")),
    redirect: "manual",
    ...(options.method === "GET" ? {} : { body: raw }),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text: new TextDecoder().decode(bytes), bytes };
}

/** The call's JSON answer, checked to be a 200 `application/json`. */
async function call(type: master.Call["type"]): Promise<{ text: string; json: Json }> {
  const r = await post({ type });
  expect(r.status, r.text).toBe(200);
  expect(r.headers.get("content-type")).toBe("application/json");
  return { text: r.text, json: JSON.parse(r.text) as Json };
}

/** Waits until `probe` holds, polling. */
async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts recording 2's cluster and framework: the task `volume-task` runs on
 * S1's static `web` reservation, and S0's and S1's remaining resources stay
 * offered (outstanding), as in the recorded GET_STATE.
 */
async function startRecordedScenario(): Promise<void> {
  // Agents shuffled per round as the recorded master did; the default seed visits S1 first, as it did then.
  cluster = await startMiniMesos({
    agents: AGENTS,
    taskMode: "inline",
    allocationIntervalMs: 100,
    shuffleAgents: true,
  });
  client = new SchedulerClient({ master: cluster.masterUrl.href, framework: FRAMEWORK, encoding: "json" });
  const subscription = client.subscribe();
  let launched = false;
  void (async () => {
    for await (const event of subscription) {
      if (event.type !== "OFFERS" || launched) continue;
      const offer = event.offers.offers!.find((o) => o.allocation_info?.role === "web");
      if (!offer) continue;
      launched = true;
      const reserved = (name: string, value: number): mesos.Resource => ({
        name,
        type: "SCALAR",
        scalar: { value },
        allocation_info: { role: "web" },
        reservations: [{ type: "STATIC", role: "web" }],
      });
      const task = {
        name: "volume-writer",
        task_id: { value: "volume-task" },
        resources: [reserved("cpus", 0.5), reserved("mem", 128), reserved("disk", 200)],
        command: { value: "run until killed" },
        kill_policy: { grace_period: { nanoseconds: 2_000_000_000n } },
      };
      await launchOn(client!, offer, [task], { refuse_seconds: 0 });
    }
  })().catch(() => undefined);
  await cluster.waitForTask("volume-task", "TASK_RUNNING");
  frameworkId = cluster.master.frameworks.keys().next().value!;
  // The rest of S1's reservation comes back as a third outstanding offer; then nothing changes any more.
  await until(() => cluster.master.offersOf(frameworkId).length === 3, "three outstanding offers");
  // The RUNNING update is acknowledged by the client; wait for it so strict mode stays quiet.
  await until(
    () => cluster.log.filter((e) => e.kind === "call" && e.call.type === "ACKNOWLEDGE").length === 2,
    "both acknowledgements",
  );
}

/** Every key path of a JSON value (`a.b[].c`), array elements merged. */
function paths(value: Json, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) paths(item, `${prefix}[]`, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      out.add(path);
      paths(child, path, out);
    }
  }
  return out;
}

/** Per path, every "`b` came before `a`" seen in some object of the recording, as `b\u0000a`. */
function keyOrders(value: Json, prefix = "", out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(value)) for (const item of value) keyOrders(item, `${prefix}[]`, out);
  else if (value !== null && typeof value === "object") {
    const seen = out.get(prefix) ?? new Set<string>();
    const keys = Object.keys(value);
    keys.forEach((later, j) => keys.slice(0, j).forEach((earlier) => seen.add(`${earlier}\u0000${later}`)));
    out.set(prefix, seen);
    for (const [key, child] of Object.entries(value)) keyOrders(child, prefix === "" ? key : `${prefix}.${key}`, out);
  }
  return out;
}

/** Objects of `ours` with two keys in the opposite order of some recorded object at the same path. */
function misordered(ours: Json, reference: Map<string, Set<string>>, prefix = ""): string[] {
  const bad: string[] = [];
  if (Array.isArray(ours)) for (const item of ours) bad.push(...misordered(item, reference, `${prefix}[]`));
  else if (ours !== null && typeof ours === "object") {
    const recorded = reference.get(prefix) ?? new Set<string>();
    const keys = Object.keys(ours);
    const inverted = keys.some((later, j) =>
      keys.slice(0, j).some((earlier) => recorded.has(`${later}\u0000${earlier}`)),
    );
    if (inverted) bad.push(`${prefix}: ${keys.join(",")}`);
    for (const [key, child] of Object.entries(ours)) {
      bad.push(...misordered(child, reference, prefix === "" ? key : `${prefix}.${key}`));
    }
  }
  return bad;
}

/** What the generic converter would write: the operator serializer's extras removed (as in the golden test). */
function asGenericConverter(json: string): string {
  return json
    .replace(/,"[a-z_]+":\[\]/g, "")
    .replace(/"[a-z_]+":\[\],?/g, "")
    .replace(/("id":\{"value":"[^"]*-S\d+"\}),"checkpoint":(true|false)/g, "$1");
}

/**
 * Recorded fields this scenario cannot show: the recorded task ran on a dynamic reservation
 * (principal, labels; legacy `reservation`) holding a persistent volume (`disk`), and mini-mesos
 * does not simulate RESERVE or CREATE; nor does it give statuses an `executor_pid`.
 */
const NOT_SIMULATED = [
  /\.reservation(\.|$)/,
  /\.reservations\[\]\.(principal|labels)(\.|$)/,
  /\.disk(\.|$)/,
  /\.container_status\.executor_pid$/,
];

describe("operator API: GET_STATE against the recording", () => {
  beforeEach(startRecordedScenario);

  it("has every recorded field, in the recorded key order, and nothing else", async () => {
    const { json } = await call("GET_STATE");
    const ours = paths(json);
    const theirs = paths(RECORDED_STATE);
    const missing = [...theirs].filter((p) => !ours.has(p));
    expect(missing.filter((p) => !NOT_SIMULATED.some((re) => re.test(p)))).toEqual([]);
    // Only S0's scalar and ranges attributes: the recorded framework held an offer of S1 alone.
    expect([...ours].filter((p) => !theirs.has(p))).toEqual(
      [".scalar", ".scalar.value", ".ranges", ".ranges.range", ".ranges.range[].begin", ".ranges.range[].end"].map(
        (p) => `get_state.get_frameworks.frameworks[].offers[].attributes[]${p}`,
      ),
    );
    expect(misordered(json, keyOrders(RECORDED_STATE))).toEqual([]);
  });

  it("writes framework_info and agent_info byte for byte as recorded, but for ids and ports", async () => {
    type State = { get_state: { get_frameworks: { frameworks: Json[] }; get_agents: { agents: Json[] } } };
    const theirs = (RECORDED_STATE as State).get_state;
    const ours = ((await call("GET_STATE")).json as State).get_state;
    const frameworkInfo = (s: State["get_state"]) =>
      (s.get_frameworks.frameworks[0] as { framework_info: Json }).framework_info;
    expect(JSON.stringify(frameworkInfo(ours))).toBe(
      JSON.stringify({ ...(frameworkInfo(theirs) as object), id: { value: frameworkId } }),
    );
    // Recorded agents come newest first; mini-mesos lists them in registration order.
    const agentInfo = (agent: Json) => (agent as { agent_info: Record<string, Json> }).agent_info;
    for (const [index, recordedIndex] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const mini = cluster.agents[index]!;
      expect(JSON.stringify(agentInfo(ours.get_agents.agents[index]!))).toBe(
        JSON.stringify({
          ...agentInfo(theirs.get_agents.agents[recordedIndex]!),
          port: Number(mini.url.port),
          id: { value: mini.id },
        }),
      );
    }
  });

  it("shows the framework, its task with both statuses, and the agents as a real master does", async () => {
    const state = master.Response.fromJson((await call("GET_STATE")).text);
    if (state.type !== "GET_STATE") throw new Error(state.type);
    const tasks = state.get_state.get_tasks!.tasks!;
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task).toMatchObject({
      name: "volume-writer",
      task_id: { value: "volume-task" },
      framework_id: { value: frameworkId },
      agent_id: { value: cluster.agents[1]!.id },
      state: "TASK_RUNNING",
      status_update_state: "TASK_RUNNING",
      kill_policy: { grace_period: { nanoseconds: 2_000_000_000n } },
    });
    expect(task.resources!.map((r) => [r.name, r.allocation_info, r.reservations, r.role])).toEqual([
      ["cpus", { role: "web" }, [{ type: "STATIC", role: "web" }], undefined],
      ["mem", { role: "web" }, [{ type: "STATIC", role: "web" }], undefined],
      ["disk", { role: "web" }, [{ type: "STATIC", role: "web" }], undefined],
    ]);
    expect(task.statuses!.map((s) => [s.state, s.source, s.agent_id?.value])).toEqual([
      ["TASK_STARTING", "SOURCE_EXECUTOR", cluster.agents[1]!.id],
      ["TASK_RUNNING", "SOURCE_EXECUTOR", cluster.agents[1]!.id],
    ]);
    expect(task.status_update_uuid).toEqual(task.statuses![1]!.uuid);

    const framework = state.get_state.get_frameworks!.frameworks![0]!;
    expect(framework).toMatchObject({ active: true, connected: true, recovered: false, offer_constraints: {} });
    expect(framework.framework_info).toEqual({ ...FRAMEWORK, id: { value: frameworkId }, checkpoint: false });
    expect(framework.registered_time).toEqual(framework.reregistered_time);
    // As the recorded master allocated (multirole-reservations): S1 first, `*` (share 0, before `web` by name)
    // takes S1's unreserved resources, `web` its reservation, then `web` (the smaller share) all of S0.
    expect(framework.offers!.map((o) => [o.allocation_info?.role, o.agent_id.value])).toEqual([
      ["*", cluster.agents[1]!.id],
      ["web", cluster.agents[0]!.id],
      ["web", cluster.agents[1]!.id],
    ]);
    // Sums in the endpoint format: legacy `role` next to `allocation_info` and `reservations`.
    expect(framework.allocated_resources!.map((r) => [r.name, r.role, r.allocation_info?.role])).toEqual([
      ["cpus", "web", "web"],
      ["mem", "web", "web"],
      ["disk", "web", "web"],
    ]);

    const [s0, s1] = state.get_state.get_agents!.agents!;
    expect(s1!.allocated_resources).toEqual(framework.allocated_resources);
    expect(s0!.allocated_resources).toBeUndefined();
    expect(s1!.pid).toBe(`slave(1)@127.0.0.1:${cluster.agents[1]!.url.port}`);
    expect(s1!.total_resources!.map((r) => `${r.name}(${r.role})`)).toEqual(
      // The recorded agent's order (its flag order), legacy `role` on each.
      ["cpus(*)", "mem(*)", "disk(*)", "ports(*)", "cpus(web)", "mem(web)", "disk(web)"],
    );
    const recordedAgent = (RECORDED_STATE as { get_state: { get_agents: { agents: Json[] } } }).get_state.get_agents
      .agents[0] as { capabilities: Json; agent_info: { resources: Json } };
    expect(JSON.parse(mesos.AgentInfo.toJson(s1!.agent_info)).resources).toEqual(recordedAgent.agent_info.resources);
    expect(s1!.capabilities).toEqual(recordedAgent.capabilities);
    expect(state.get_state.get_executors!.executors ?? []).toEqual([]);
  });

  it("is written by Mesos' operator serializer: lists always present, `checkpoint` in agent_info", async () => {
    const { text } = await call("GET_STATE");
    expect(text).toContain('"unreachable_tasks":[],"completed_tasks":[]');
    expect(text).toContain('"get_executors":{"executors":[]}');
    expect(text).toContain('"completed_frameworks":[]');
    expect(text).toContain('"recovered_agents":[]');
    expect(text.match(/"id":\{"value":"[^"]*-S\d"\},"checkpoint":true\}/g)).toHaveLength(2);
    // Everything else is the generic converter, byte for byte.
    expect(asGenericConverter(text)).toBe(master.Response.toJson(master.Response.fromJson(text)));
  });

  it("answers the same state in protobuf", async () => {
    const { text } = await call("GET_STATE");
    const r = await post(master.Call.toBinary({ type: "GET_STATE" }), {
      "Content-Type": "application/x-protobuf",
      Accept: "application/x-protobuf",
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/x-protobuf");
    expect(master.Response.toJson(master.Response.fromBinary(r.bytes))).toBe(asGenericConverter(text));
  });

  it("answers GET_TASKS, GET_FRAMEWORKS, GET_AGENTS and GET_EXECUTORS with the parts of GET_STATE", async () => {
    const { json } = await call("GET_STATE");
    const state = (json as { get_state: Record<string, Json> }).get_state;
    expect((await call("GET_TASKS")).json).toEqual({ type: "GET_TASKS", get_tasks: state.get_tasks });
    expect((await call("GET_FRAMEWORKS")).json).toEqual({
      type: "GET_FRAMEWORKS",
      get_frameworks: state.get_frameworks,
    });
    expect((await call("GET_EXECUTORS")).json).toEqual({ type: "GET_EXECUTORS", get_executors: state.get_executors });
    const agents = await call("GET_AGENTS");
    expect(agents.json).toEqual({ type: "GET_AGENTS", get_agents: state.get_agents });
    // Same shape as the recorded GET_AGENTS answer.
    const recordedAgents = JSON.parse(recorded("operator GET_AGENTS").response.body) as Json;
    const missing = [...paths(recordedAgents)].filter((p) => !paths(agents.json).has(p));
    expect(missing.filter((p) => !NOT_SIMULATED.some((re) => re.test(p)))).toEqual([]);
    expect(misordered(agents.json, keyOrders(recordedAgents))).toEqual([]);
  });

  it("moves a killed and acknowledged task to completed_tasks, and a torn-down framework to completed_frameworks", async () => {
    await client!.call.kill({ task_id: { value: "volume-task" } });
    await cluster.waitForTask("volume-task", "TASK_KILLED");
    await until(() => cluster.master.frameworks.get(frameworkId)!.tasks.size === 0, "the acknowledgement");
    const tasks = master.Response.fromJson((await call("GET_TASKS")).text);
    if (tasks.type !== "GET_TASKS") throw new Error(tasks.type);
    expect(tasks.get_tasks.tasks ?? []).toEqual([]);
    const [done] = tasks.get_tasks.completed_tasks!;
    expect(done!.state).toBe("TASK_KILLED");
    expect(done!.statuses!.map((s) => s.state)).toEqual([
      "TASK_STARTING",
      "TASK_RUNNING",
      "TASK_KILLING",
      "TASK_KILLED",
    ]);

    const teardown = await post({ type: "TEARDOWN", teardown: { framework_id: { value: frameworkId } } });
    expect([teardown.status, teardown.text]).toEqual([200, ""]);
    const frameworks = master.Response.fromJson((await call("GET_FRAMEWORKS")).text);
    if (frameworks.type !== "GET_FRAMEWORKS") throw new Error(frameworks.type);
    expect(frameworks.get_frameworks.frameworks ?? []).toEqual([]);
    const [removed] = frameworks.get_frameworks.completed_frameworks!;
    expect(removed).toMatchObject({ framework_info: { id: { value: frameworkId } }, active: false, connected: false });
    expect(removed!.unregistered_time).toBeDefined();
    // Its finished task is still listed, as Mesos lists the completed tasks of completed frameworks.
    expect((await call("GET_TASKS")).json).toMatchObject({
      get_tasks: { completed_tasks: [{ state: "TASK_KILLED" }] },
    });
    const again = await post({ type: "TEARDOWN", teardown: { framework_id: { value: frameworkId } } });
    expect([again.status, again.text]).toEqual([400, "No framework found with specified ID"]);
  });
});

describe("operator API: small calls and errors", () => {
  beforeEach(async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
  });

  it("answers GET_HEALTH, GET_VERSION and GET_MASTER", async () => {
    expect((await call("GET_HEALTH")).text).toBe('{"type":"GET_HEALTH","get_health":{"healthy":true}}');
    expect((await call("GET_VERSION")).json).toEqual({
      type: "GET_VERSION",
      get_version: { version_info: { version: "1.11.0" } },
    });
    const { json } = await call("GET_MASTER");
    const getMaster = (json as { get_master: { master_info: { id: string; port: number }; start_time: number } })
      .get_master;
    expect(getMaster.master_info.id).toBe(cluster.master.id);
    expect(getMaster.master_info.port).toBe(Number(cluster.masterUrl.port));
    expect(getMaster.start_time).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it("an empty cluster: every list written, agents without allocations", async () => {
    const { text, json } = await call("GET_STATE");
    expect(text).toMatch(
      /^\{"type":"GET_STATE","get_state":\{"get_tasks":\{"tasks":\[\],"unreachable_tasks":\[\],"completed_tasks":\[\]\},"get_executors":\{"executors":\[\]\},"get_frameworks":\{"frameworks":\[\],"completed_frameworks":\[\]\},"get_agents":\{"agents":\[\{"agent_info":/,
    );
    const agent = (json as { get_state: { get_agents: { agents: Record<string, Json>[] } } }).get_state.get_agents
      .agents[0]!;
    expect(Object.keys(agent)).toEqual([
      "agent_info",
      "active",
      "deactivated",
      "version",
      "pid",
      "registered_time",
      "total_resources",
      "capabilities",
    ]);
  });

  it("answers the recorded unknown call type exactly", async () => {
    const c = recorded("operator call with an unknown type");
    const r = await post(c.request.body, c.request.headers);
    expect(r.status).toBe(c.response.status);
    expect(r.headers.get("content-type")).toBe(c.response.headers["content-type"]);
    expect(r.headers.get("content-length")).toBe(c.response.headers["content-length"]);
    expect(r.text).toBe(c.response.body);
  });

  it.each([
    [
      "a call without its payload",
      { type: "TEARDOWN" },
      {},
      400,
      "Failed to validate master::Call: Expecting 'teardown' to be present",
    ],
    [
      "GROW_VOLUME without agent_id",
      {
        type: "GROW_VOLUME",
        grow_volume: {
          volume: { name: "disk", type: "SCALAR", scalar: { value: 1 } },
          addition: { name: "disk", type: "SCALAR", scalar: { value: 1 } },
        },
      },
      {},
      400,
      "Failed to validate master::Call: Expecting 'agent_id' to be present; only agent default resources are supported right now",
    ],
    ["no Content-Type", '{"type":"GET_STATE"}', { "Content-Type": "" }, 400, "Expecting 'Content-Type' to be present"],
    [
      "a Content-Type with parameters",
      '{"type":"GET_STATE"}',
      { "Content-Type": "application/json; charset=utf-8" },
      415,
      "Expecting 'Content-Type' of application/json or application/x-protobuf",
    ],
    ["a body that is not JSON", "{", {}, 400, /^Failed to parse body into JSON: /],
    [
      "JSON that is not a Call",
      '{"type":"GET_STATE","teardown":{}}',
      {},
      400,
      "Failed to convert JSON into Call protobuf: Missing required fields: teardown.framework_id",
    ],
    [
      "bytes that are not a Call",
      new Uint8Array([0xff, 0xff]),
      { "Content-Type": "application/x-protobuf" },
      400,
      "Failed to parse body into Call protobuf",
    ],
    [
      "an Accept that allows neither encoding",
      { type: "GET_HEALTH" },
      { Accept: "text/html" },
      406,
      "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
    ],
    ["type UNKNOWN", { type: "UNKNOWN" }, {}, 501, "501 Not Implemented."],
    [
      "a call mini-mesos does not simulate",
      { type: "GET_FLAGS" },
      {},
      501,
      "mini-mesos does not simulate the operator call GET_FLAGS",
    ],
  ])("%s", async (_name, body, headers, status, text) => {
    const r = await post(body, headers as Record<string, string>);
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    if (typeof text === "string") expect(r.text).toBe(text);
    else expect(r.text).toMatch(text);
  });

  it("refuses other methods with 405 and Allow: POST, also on /master/api/v1", async () => {
    const r = await post(undefined, {}, { method: "GET", path: "/master/api/v1" });
    expect(r.status).toBe(405);
    expect(r.headers.get("allow")).toBe("POST");
    expect(r.text).toBe("405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.");
  });

  it("negotiates the answer's encoding independently of the call's", async () => {
    const r = await post({ type: "GET_HEALTH" }, { Accept: "application/json;q=0, */*" });
    expect(r.headers.get("content-type")).toBe("application/x-protobuf");
    expect(master.Response.fromBinary(r.bytes)).toEqual({ type: "GET_HEALTH", get_health: { healthy: true } });
  });

  it("leaves the scheduler endpoint where it was", async () => {
    const r = await post({ type: "TEARDOWN", framework_id: { value: "x" } }, {}, { path: "/api/v1/scheduler" });
    expect([r.status, r.text]).toEqual([400, "Framework cannot be found"]);
  });
});

describe("operator API: executors", () => {
  it("lists a task group's default executor with its allocated resources, and the tasks with its id", async () => {
    cluster = await startMiniMesos({ taskMode: "inline" });
    const framework: mesos.FrameworkInfo = {
      user: "u",
      name: "group",
      roles: ["*"],
      capabilities: [{ type: "MULTI_ROLE" }],
    };
    client = new SchedulerClient({ master: cluster.masterUrl.href, framework, encoding: "json" });
    const subscription = client.subscribe();
    const scalar = (name: string, value: number): mesos.Resource => ({ name, type: "SCALAR", scalar: { value } });
    let launched = false;
    void (async () => {
      // The loop goes on after the launch: the client acknowledges each update once the loop has moved past it.
      for await (const event of subscription) {
        if (event.type !== "OFFERS" || launched) continue;
        launched = true;
        const offer = event.offers.offers![0]!;
        const task = (id: string): mesos.TaskInfo => ({
          name: id,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources: [scalar("cpus", 0.5), scalar("mem", 64)],
          command: { value: "run until killed" },
        });
        await client!.call.accept({
          offer_ids: [offer.id],
          operations: [
            {
              type: "LAUNCH_GROUP",
              launch_group: {
                executor: {
                  type: "DEFAULT",
                  executor_id: { value: "E" },
                  framework_id: offer.framework_id,
                  resources: [scalar("cpus", 0.1), scalar("mem", 32), scalar("disk", 32)],
                },
                task_group: { tasks: [task("g1"), task("g2")] },
              },
            },
          ],
          filters: { refuse_seconds: 3600 },
        });
      }
    })().catch(() => undefined);
    await cluster.waitForTask("g2", "TASK_RUNNING");
    const id = cluster.master.frameworks.keys().next().value!;
    const executors = master.Response.fromJson((await call("GET_EXECUTORS")).text);
    if (executors.type !== "GET_EXECUTORS") throw new Error(executors.type);
    expect(executors.get_executors.executors).toEqual([
      {
        executor_info: {
          type: "DEFAULT",
          executor_id: { value: "E" },
          framework_id: { value: id },
          resources: ["cpus", "mem", "disk"].map((name, i) => ({
            ...scalar(name, [0.1, 32, 32][i]!),
            allocation_info: { role: "*" },
          })),
        },
        agent_id: { value: cluster.agents[0]!.id },
      },
    ]);
    const tasks = master.Response.fromJson((await call("GET_TASKS")).text);
    if (tasks.type !== "GET_TASKS") throw new Error(tasks.type);
    expect(tasks.get_tasks.tasks!.map((t) => [t.task_id.value, t.executor_id?.value, t.state])).toEqual([
      ["g1", "E", "TASK_RUNNING"],
      ["g2", "E", "TASK_RUNNING"],
    ]);
    // The framework's allocation is both tasks and the executor: 1.1 cpus, 160 MB, 32 MB of disk.
    const frameworks = master.Response.fromJson((await call("GET_FRAMEWORKS")).text);
    if (frameworks.type !== "GET_FRAMEWORKS") throw new Error(frameworks.type);
    const allocated = frameworks.get_frameworks.frameworks![0]!.allocated_resources!;
    expect(allocated.map((r) => [r.name, r.scalar?.value, r.role])).toEqual([
      ["cpus", 1.1, "*"],
      ["mem", 160, "*"],
      ["disk", 32, "*"],
    ]);
  });
});

describe("operator API on a standby master", () => {
  it("redirects to the leader like the scheduler endpoint", async () => {
    cluster = await startMiniMesos({ masters: 2, taskMode: "inline" });
    const [leader, standby] = cluster.masterUrls;
    const r = await fetch(new URL("/api/v1", standby), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"type":"GET_HEALTH"}',
      redirect: "manual",
    });
    expect(r.status).toBe(307);
    expect(r.headers.get("location")).toBe(`//127.0.0.1:${leader!.port}/master/api/v1`);
  });
});
