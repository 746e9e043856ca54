// Self-tests of the fake master and fake agent, driven with plain undici requests.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, request } from "undici";
import type { Dispatcher } from "undici";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RecordIODecoder } from "@create-mesos-framework/runtime/recordio";
import { executor, scheduler } from "../../generated/mesos-1.11.0/index.js";
import { startFakeAgent } from "../helpers/fake-agent.js";
import type { FakeAgentOptions } from "../helpers/fake-agent.js";
import { startFakeMaster } from "../helpers/fake-master.js";
import type { FakeMasterOptions } from "../helpers/fake-master.js";
import { negotiateEncoding } from "../helpers/fake-wire.js";

const SCHEDULER = "/api/v1/scheduler";
const EXECUTOR = "/api/v1/executor";
const JSON_TYPE = { "Content-Type": "application/json" };
const SUBSCRIBE = JSON.stringify({ type: "SUBSCRIBE", subscribe: { framework_info: { user: "u", name: "fw" } } });
const TEXT = "text/plain; charset=utf-8";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function master(options?: FakeMasterOptions) {
  const m = await startFakeMaster(options);
  cleanups.push(() => m.close());
  return m;
}

async function agent(options?: FakeAgentOptions) {
  const a = await startFakeAgent(options);
  cleanups.push(() => a.close());
  return a;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function post(
  base: URL,
  path: string,
  body: string | Uint8Array | undefined,
  headers: Record<string, string> = JSON_TYPE,
  init: { method?: Dispatcher.HttpMethod; dispatcher?: Dispatcher } = {},
): Promise<Answer> {
  const res = await request(new URL(path, base), { method: init.method ?? "POST", headers, body, ...init });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** A SUBSCRIBE response read record by record. */
async function open(base: URL, path: string, body: string | Uint8Array, headers: Record<string, string> = JSON_TYPE) {
  const res = await request(new URL(path, base), { method: "POST", headers, body });
  const decoder = new RecordIODecoder();
  const chunks = res.body[Symbol.asyncIterator]();
  const pending: Uint8Array[] = [];
  return {
    status: res.statusCode,
    headers: res.headers,
    /** The next record, or undefined at a clean end of stream. */
    async next(): Promise<Uint8Array | undefined> {
      while (pending.length === 0) {
        const chunk = await chunks.next();
        if (chunk.done) return undefined;
        pending.push(...decoder.push(chunk.value as Uint8Array).map((r) => r.slice()));
      }
      return pending.shift();
    },
    async text(): Promise<string> {
      return Buffer.from((await this.next())!).toString("utf8");
    },
    cancel: () => res.body.destroy(),
  };
}

const schedulerEvent = (bytes: Uint8Array | undefined) => scheduler.Event.fromJson(bytes!);
const executorEvent = (bytes: Uint8Array | undefined) => executor.Event.fromJson(bytes!);
const uuidBytes = () => Buffer.from(randomUUID().replace(/-/g, ""), "hex");

describe("fake master: SUBSCRIBE streams", () => {
  it("streams SUBSCRIBED then HEARTBEAT in JSON with Mesos' headers", async () => {
    const m = await master();
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    expect(s.status).toBe(200);
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.headers["transfer-encoding"]).toBe("chunked");
    expect(s.headers["content-length"]).toBeUndefined();
    expect(s.headers["mesos-stream-id"]).toMatch(UUID_RE);
    const first = await s.text();
    expect(first).toContain('"heartbeat_interval_seconds":15.0');
    const subscribed = scheduler.Event.fromJson(first);
    expect(subscribed).toMatchObject({
      type: "SUBSCRIBED",
      subscribed: {
        framework_id: { value: `${m.masterId}-0000` },
        master_info: { id: m.masterId, ip: 16777343, port: m.port, version: "1.11.0" },
      },
    });
    expect(await s.text()).toBe('{"type":"HEARTBEAT"}');
    const subscription = await m.nextSubscription();
    expect(subscription).toMatchObject({ streamId: s.headers["mesos-stream-id"], encoding: "json", open: true });
    expect((await m.waitForCall("SUBSCRIBE")).status).toBe(200);
  });

  it("streams protobuf when Accept asks only for it", async () => {
    const m = await master({ frameworkId: "fixed-id" });
    const call = scheduler.Call.toBinary(scheduler.Call.fromJson(SUBSCRIBE));
    const s = await open(m.url, "/master/api/v1/scheduler", call, {
      "Content-Type": "application/x-protobuf",
      Accept: "application/x-protobuf",
    });
    expect(s.headers["content-type"]).toBe("application/x-protobuf");
    const subscribed = scheduler.Event.fromBinary((await s.next())!);
    expect(subscribed).toMatchObject({ type: "SUBSCRIBED", subscribed: { framework_id: { value: "fixed-id" } } });
    expect(Array.from((await s.next())!)).toEqual([8, 8]);
  });

  it("sends timed heartbeats and stops them when the stream ends", async () => {
    const m = await master({ heartbeatIntervalSeconds: 0.02 });
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    const types = [];
    for (let i = 0; i < 4; i++) types.push(schedulerEvent(await s.next()).type);
    expect(types).toEqual(["SUBSCRIBED", "HEARTBEAT", "HEARTBEAT", "HEARTBEAT"]);
    const subscription = await m.nextSubscription();
    subscription.send({ type: "ERROR", error: { message: "bye" } });
    subscription.end();
    await subscription.closed;
    let last;
    while ((last = await s.next()) !== undefined) expect(schedulerEvent(last).type).toMatch(/HEARTBEAT|ERROR/);
  });

  it("lets the test write events, raw bytes, a clean end or a dropped connection", async () => {
    const m = await master({ sendHeartbeats: false });
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    const subscription = await m.nextSubscription();
    await s.next();
    subscription.send({ type: "RESCIND", rescind: { offer_id: { value: "o1" } } });
    subscription.sendRaw('9\n{"a":');
    expect(schedulerEvent(await s.next())).toEqual({ type: "RESCIND", rescind: { offer_id: { value: "o1" } } });
    subscription.destroy();
    await expect(s.next()).rejects.toThrow();
    await subscription.closed;
    expect(subscription.open).toBe(false);
    subscription.send({ type: "HEARTBEAT" }); // ignored once closed
  });

  it("fails the older stream over with ERROR when the framework subscribes again", async () => {
    const m = await master();
    const first = await open(m.url, SCHEDULER, SUBSCRIBE);
    const frameworkId = schedulerEvent(await first.next()).subscribed!.framework_id.value;
    const again = JSON.stringify({
      type: "SUBSCRIBE",
      framework_id: { value: frameworkId },
      subscribe: { framework_info: { user: "u", name: "fw", id: { value: frameworkId } } },
    });
    const second = await open(m.url, SCHEDULER, again);
    expect(schedulerEvent(await second.next()).subscribed!.framework_id.value).toBe(frameworkId);
    expect(await first.text()).toBe('{"type":"HEARTBEAT"}');
    expect(await first.text()).toBe('{"type":"ERROR","error":{"message":"Framework failed over"}}');
    expect(await first.next()).toBeUndefined();
    const revive = JSON.stringify({ type: "REVIVE", framework_id: { value: frameworkId } });
    const stale = await post(m.url, SCHEDULER, revive, {
      ...JSON_TYPE,
      "Mesos-Stream-Id": first.headers["mesos-stream-id"] as string,
    });
    expect(stale.text).toBe(
      `The stream ID '${first.headers["mesos-stream-id"]}' included in this request didn't match the stream ID currently associated with framework ID ${frameworkId}`,
    );
  });

  it("can fail the next SUBSCRIBE with one ERROR record", async () => {
    const m = await master();
    m.failNextSubscribe("Framework has been removed");
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    expect(await s.text()).toBe('{"type":"ERROR","error":{"message":"Framework has been removed"}}');
    expect(await s.next()).toBeUndefined();
  });
});

describe("fake master: other calls", () => {
  async function subscribed(options?: FakeMasterOptions) {
    const m = await master(options);
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    const frameworkId = schedulerEvent(await s.next()).subscribed!.framework_id.value;
    const streamId = s.headers["mesos-stream-id"] as string;
    const call = (type: string, headers: Record<string, string> = { ...JSON_TYPE, "Mesos-Stream-Id": streamId }) =>
      post(m.url, SCHEDULER, JSON.stringify({ type, framework_id: { value: frameworkId } }), headers);
    return { m, s, frameworkId, streamId, call };
  }

  it("answers 202 with an empty body and records the decoded call", async () => {
    const { m, call, streamId } = await subscribed();
    const answer = await call("REVIVE");
    expect(answer).toMatchObject({ status: 202, text: "" });
    expect(answer.headers["content-length"]).toBe("0");
    expect(answer.headers["content-type"]).toBeUndefined();
    const recorded = await m.waitForCall("REVIVE");
    expect(recorded).toMatchObject({ method: "POST", path: SCHEDULER, status: 202, call: { type: "REVIVE" } });
    expect(recorded.headers["mesos-stream-id"]).toBe(streamId);
    expect(m.requests.map((r) => r.call?.type)).toEqual(["SUBSCRIBE", "REVIVE"]);
  });

  it("checks the stream id and the subscription", async () => {
    const { m, s, call } = await subscribed();
    expect((await call("REVIVE", JSON_TYPE)).text).toBe(
      "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
    );
    expect((await call("REVIVE", { ...JSON_TYPE, "Mesos-Stream-Id": "abc" })).text).toMatch(
      /^The stream ID 'abc' included/,
    );
    s.cancel();
    await (
      await m.nextSubscription()
    ).closed;
    expect(await call("REVIVE")).toMatchObject({ status: 403, text: "Framework is not subscribed" });
  });

  it("ends the stream on TEARDOWN and forgets the framework", async () => {
    const { m, s, call, frameworkId } = await subscribed({ sendHeartbeats: false });
    expect((await call("TEARDOWN")).status).toBe(202);
    expect(await s.next()).toBeUndefined();
    expect(await call("REVIVE")).toMatchObject({ status: 400, text: "Framework cannot be found" });
    const again = JSON.stringify({
      type: "SUBSCRIBE",
      framework_id: { value: frameworkId },
      subscribe: { framework_info: { user: "u", name: "fw", id: { value: frameworkId } } },
    });
    const s2 = await open(m.url, SCHEDULER, again);
    expect(schedulerEvent(await s2.next())).toEqual({
      type: "ERROR",
      error: { message: "Framework has been removed" },
    });
  });

  it("answers the transport errors of mesos-protocol.md 1.2 with exact bodies", async () => {
    const m = await master();
    const cases: [string, Parameters<typeof post>, number, string][] = [
      ["unknown path", [m.url, "/api/v1/nope", SUBSCRIBE], 404, "404 Not Found."],
      ["no content type", [m.url, SCHEDULER, SUBSCRIBE, {}], 400, "Expecting 'Content-Type' to be present"],
      [
        "charset",
        [m.url, SCHEDULER, SUBSCRIBE, { "Content-Type": "application/json; charset=utf-8" }],
        415,
        "Expecting 'Content-Type' of application/json or application/x-protobuf",
      ],
      [
        "bad protobuf",
        [m.url, SCHEDULER, new Uint8Array([0xff]), { "Content-Type": "application/x-protobuf" }],
        400,
        "Failed to parse body into Call protobuf",
      ],
      [
        "not an object",
        [m.url, SCHEDULER, "[]"],
        400,
        "Failed to convert JSON into Call protobuf: Expecting a JSON object",
      ],
      [
        "required field",
        [m.url, SCHEDULER, '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u"}}}'],
        400,
        "Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.name",
      ],
      [
        "no type",
        [m.url, `${SCHEDULER}/`, "{}"],
        400,
        "Failed to validate scheduler::Call: Expecting 'type' to be present",
      ],
      [
        "no subscribe",
        [m.url, SCHEDULER, '{"type":"SUBSCRIBE"}'],
        400,
        "Failed to validate scheduler::Call: Expecting 'subscribe' to be present",
      ],
      [
        "bad accept",
        [m.url, SCHEDULER, SUBSCRIBE, { ...JSON_TYPE, Accept: "text/html" }],
        406,
        "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      ],
      [
        "stream id on subscribe",
        [m.url, SCHEDULER, SUBSCRIBE, { ...JSON_TYPE, "Mesos-Stream-Id": "x" }],
        400,
        "Subscribe calls should not include the 'Mesos-Stream-Id' header",
      ],
      [
        "unknown framework",
        [m.url, SCHEDULER, '{"type":"TEARDOWN","framework_id":{"value":"nope"}}'],
        400,
        "Framework cannot be found",
      ],
      [
        "bad ack uuid",
        [
          m.url,
          SCHEDULER,
          '{"type":"ACKNOWLEDGE","framework_id":{"value":"f"},"acknowledge":{"agent_id":{"value":"a"},"task_id":{"value":"t"},"uuid":"AAAAAAAAAAAAAAAAAAAAAA=="}}',
        ],
        400,
        "Failed to validate scheduler::Call: Not a valid UUID",
      ],
    ];
    for (const [name, args, status, text] of cases) {
      const answer = await post(...args);
      expect({ name, status: answer.status, text: answer.text }).toEqual({ name, status, text });
      expect(answer.headers["content-type"], name).toBe(TEXT);
    }
    const syntax = await post(m.url, SCHEDULER, "{");
    expect(syntax.text).toMatch(/^Failed to parse body into JSON: syntax error at line 1 near:/);
    const get = await post(m.url, SCHEDULER, undefined, {}, { method: "GET" });
    expect(get).toMatchObject({
      status: 405,
      text: "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.",
    });
    expect(get.headers.allow).toBe("POST");
    expect(m.requests.find((r) => r.path === "/api/v1/nope")).toMatchObject({
      status: 404,
      call: { type: "SUBSCRIBE" },
    });
  });

  it("negotiates Accept like libprocess", () => {
    const table: [string | undefined, string | undefined][] = [
      [undefined, "json"],
      ["*/*", "json"],
      ["application/*", "json"],
      ["application/x-protobuf", "protobuf"],
      ["application/x-protobuf, application/json;q=0.1", "json"],
      ["application/json;q=0, */*", "protobuf"],
      ["application/json;q=0;q=0", "json"],
      ["APPLICATION/JSON; Q=0", "json"],
      ["application/recordio", undefined],
      ["text/html", undefined],
    ];
    for (const [accept, encoding] of table) expect([accept, negotiateEncoding(accept)]).toEqual([accept, encoding]);
  });

  it("authenticates with Basic credentials when asked to", async () => {
    const m = await master({ auth: { principal: "p", secret: "s" }, sendHeartbeats: false });
    const basic = (secret: string) => `Basic ${Buffer.from(`p:${secret}`).toString("base64")}`;
    const denied = await post(m.url, SCHEDULER, SUBSCRIBE, { ...JSON_TYPE, Authorization: basic("wrong") });
    expect(denied).toMatchObject({ status: 401, text: "401 Unauthorized." });
    expect(denied.headers["www-authenticate"]).toBe('Basic realm="mesos-master-scheduler"');
    const other = JSON.stringify({
      type: "SUBSCRIBE",
      subscribe: { framework_info: { user: "u", name: "fw", principal: "q" } },
    });
    expect((await post(m.url, SCHEDULER, other, { ...JSON_TYPE, Authorization: basic("s") })).text).toBe(
      "Failed to validate scheduler::Call: Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`",
    );
    const s = await open(m.url, SCHEDULER, SUBSCRIBE, { ...JSON_TYPE, Authorization: basic("s") });
    expect(schedulerEvent(await s.next()).type).toBe("SUBSCRIBED");
  });

  it("redirects protocol-relatively, reports no leader, and leads again", async () => {
    const leader = await master();
    const m = await master();
    m.redirectTo(leader.url);
    const moved = await post(m.url, `${SCHEDULER}?x=1`, SUBSCRIBE);
    expect(moved.status).toBe(307);
    expect(moved.headers.location).toBe(`//127.0.0.1:${leader.port}/master/api/v1/scheduler?x=1`);
    m.noLeader();
    expect(await post(m.url, SCHEDULER, SUBSCRIBE)).toMatchObject({ status: 503, text: "No leader elected" });
    m.lead();
    const s = await open(m.url, SCHEDULER, SUBSCRIBE);
    expect(s.status).toBe(200);
  });

  it("gives each TCP connection its own id", async () => {
    const m = await master();
    const a = new Client(m.url);
    const b = new Client(m.url);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    await post(m.url, "/x", "", JSON_TYPE, { dispatcher: a });
    await post(m.url, "/y", "", JSON_TYPE, { dispatcher: a });
    await post(m.url, "/z", "", JSON_TYPE, { dispatcher: b });
    const [x, y, z] = m.requests.map((r) => r.connectionId);
    expect(x).toBe(y);
    expect(z).not.toBe(x);
  });
});

describe("fake servers: scripting and waiting", () => {
  it("tries one-shot overrides in order, keeps those that pass, then persistent ones", async () => {
    const m = await master();
    m.respondNext((r) => (r.path === "/special" ? { status: 418, body: "teapot" } : undefined));
    m.respondNext(() => ({ status: 500, body: "once", headers: { "X-Fake": "1" } }));
    const remove = m.respondAlways((r) => (r.call?.type === "REVIVE" ? { status: 202 } : undefined));
    const first = await post(m.url, "/other", "");
    expect(first).toMatchObject({ status: 500, text: "once" });
    expect(first.headers["x-fake"]).toBe("1");
    expect(first.headers["content-type"]).toBe(TEXT);
    expect(await post(m.url, "/special", "")).toMatchObject({ status: 418, text: "teapot" });
    expect((await post(m.url, "/special", "")).status).toBe(404);
    const revive = '{"type":"REVIVE","framework_id":{"value":"f"}}';
    expect((await post(m.url, SCHEDULER, revive)).status).toBe(202);
    remove();
    expect((await post(m.url, SCHEDULER, revive)).status).toBe(400);
  });

  it("can answer late or drop the connection", async () => {
    const m = await master();
    m.respondNext(() => ({ status: 0, destroy: true }));
    m.respondNext(() => ({ status: 503, body: "later", delayMs: 30 }));
    await expect(post(m.url, SCHEDULER, SUBSCRIBE)).rejects.toThrow();
    const started = Date.now();
    expect((await post(m.url, SCHEDULER, SUBSCRIBE)).text).toBe("later");
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(m.requests.map((r) => r.status)).toEqual([0, 503]);
  });

  it("waitForRequest returns successive matches, past or future; waitForCall indexes", async () => {
    const m = await master();
    await post(m.url, "/one", "");
    const future = m.waitForRequest((r) => r.path.startsWith("/t"));
    const pendingCall = m.waitForCall("SUBSCRIBE", 1, 2000);
    await post(m.url, "/two", "");
    await post(m.url, "/three", "");
    expect((await future).path).toBe("/two");
    expect((await m.waitForRequest((r) => r.path.startsWith("/t"))).path).toBe("/three");
    expect((await m.waitForRequest(() => true)).path).toBe("/one");
    await expect(m.waitForRequest((r) => r.path === "/never", 20)).rejects.toThrow(/Timed out after 20 ms/);
    await post(m.url, "/s1", SUBSCRIBE);
    await post(m.url, "/s2", SUBSCRIBE);
    expect((await pendingCall).path).toBe("/s2");
  });

  it("close() leaves no handles behind", async () => {
    // Timers of the test runner come and go, so heartbeat timers are tracked through spies instead.
    const handles = () => process.getActiveResourcesInfo().filter((r) => r !== "Timeout").length;
    const before = handles();
    const setSpy = vi.spyOn(globalThis, "setInterval");
    const clearSpy = vi.spyOn(globalThis, "clearInterval");
    cleanups.push(() => void vi.restoreAllMocks());
    const m = await startFakeMaster({ heartbeatIntervalSeconds: 0.01 });
    const a = await startFakeAgent();
    const client = new Client(m.url);
    const res = await request(new URL(SCHEDULER, m.url), {
      method: "POST",
      headers: JSON_TYPE,
      body: SUBSCRIBE,
      dispatcher: client,
    });
    res.body.on("error", () => undefined).resume();
    const pending = m.waitForRequest(() => false, 60_000);
    await m.nextSubscription();
    await Promise.all([m.close(), a.close(), m.close()]);
    await expect(pending).rejects.toThrow(/closed/);
    await client.close();
    // Sockets report their close a few ticks after being destroyed.
    for (let i = 0; i < 50 && handles() > before; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(handles()).toBeLessThanOrEqual(before);
    const timers = setSpy.mock.results.map((r) => r.value as unknown);
    expect(timers.length).toBeGreaterThan(0);
    for (const timer of timers) expect(clearSpy).toHaveBeenCalledWith(timer);
    expect(m.subscriptions[0]!.open).toBe(false);
  });

  const openssl = (() => {
    try {
      execFileSync("openssl", ["version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)("serves HTTPS with the given key and certificate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fake-master-tls-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"].concat([
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ]),
      { stdio: "ignore" },
    );
    const tls = { key: readFileSync(key), cert: readFileSync(cert) };
    const m = await master({ tls });
    expect(m.url.protocol).toBe("https:");
    const client = new Client(m.url, { connect: { ca: tls.cert } });
    cleanups.push(() => client.close());
    const answer = await post(m.url, SCHEDULER, "{}", JSON_TYPE, { dispatcher: client });
    expect(answer.status).toBe(400);
    expect(m.requests[0]!.connectionId).toBe(1);
  });
});

describe("fake agent", () => {
  function ids(a: { frameworkId: string; executorId: string }) {
    return { framework_id: { value: a.frameworkId }, executor_id: { value: a.executorId } };
  }
  function update(a: { frameworkId: string; executorId: string }, status: Record<string, unknown>) {
    const full = { task_id: { value: "t1" }, state: "TASK_RUNNING", source: "SOURCE_EXECUTOR", ...status };
    return JSON.stringify({ type: "UPDATE", ...ids(a), update: { status: full } });
  }

  it("streams SUBSCRIBED without a stream id, then acknowledges each valid UPDATE", async () => {
    const a = await agent({ checkpoint: false });
    const s = await open(
      a.url,
      "/slave(1)/api/v1/executor",
      JSON.stringify({ type: "SUBSCRIBE", ...ids(a), subscribe: {} }),
    );
    expect(s.status).toBe(200);
    expect(s.headers["mesos-stream-id"]).toBeUndefined();
    expect(executorEvent(await s.next())).toMatchObject({
      type: "SUBSCRIBED",
      subscribed: {
        executor_info: { executor_id: { value: a.executorId } },
        framework_info: { id: { value: a.frameworkId }, failover_timeout: 60, checkpoint: false },
        agent_info: { hostname: "localhost", port: a.port, id: { value: a.agentId } },
        container_id: { value: a.containerId },
      },
    });
    const uuid = uuidBytes();
    const answer = await post(a.url, EXECUTOR, update(a, { uuid: uuid.toString("base64") }));
    expect(answer).toMatchObject({ status: 202, text: "" });
    expect(executorEvent(await s.next())).toEqual({
      type: "ACKNOWLEDGED",
      acknowledged: { task_id: { value: "t1" }, uuid: new Uint8Array(uuid) },
    });
    expect((await a.waitForCall("UPDATE")).status).toBe(202);
  });

  it("answers the executor endpoint's errors with exact bodies", async () => {
    const a = await agent();
    const uuid = uuidBytes().toString("base64");
    const fail = (reason: string) => `Failed to validate Executor::Call: ${reason}`;
    const frame = `executor ${a.executorId} of framework ${a.frameworkId}`;
    const unknownFramework = JSON.stringify({
      type: "SUBSCRIBE",
      ...ids({ ...a, frameworkId: "nope" }),
      subscribe: {},
    });
    const unknownExecutor = JSON.stringify({ type: "SUBSCRIBE", ...ids({ ...a, executorId: "nope" }), subscribe: {} });
    const cases: [string | Uint8Array, number, string][] = [
      [update(a, { uuid }), 403, "Executor is not subscribed"],
      [unknownFramework, 400, "Framework cannot be found"],
      [unknownExecutor, 400, "Executor cannot be found"],
      [update(a, {}), 400, fail("Expecting 'uuid' to be present")],
      [
        update({ frameworkId: "x", executorId: "y" }, { uuid: "ABEiM0RVZneImaq7zN3u/w==" }),
        400,
        fail("Not a valid UUID"),
      ],
      [
        update(a, { uuid, source: undefined }),
        400,
        fail(`Received Call from ${frame} with invalid source, expecting 'SOURCE_EXECUTOR'`),
      ],
      [
        update(a, { uuid, state: "TASK_STAGING" }),
        400,
        fail(`Received TASK_STAGING from ${frame} which is not allowed`),
      ],
      [
        '{"type":"SUBSCRIBE","executor_id":{"value":"e"}}',
        400,
        "Failed to convert JSON into Call protobuf: Missing required fields: framework_id",
      ],
    ];
    for (const [body, status, text] of cases) {
      expect(await post(a.url, EXECUTOR, body)).toMatchObject({ status, text });
    }
    const heartbeat = '{"type":"HEARTBEAT","framework_id":{"value":"unused"},"executor_id":{"value":"unused"}}';
    expect((await post(a.url, `${EXECUTOR}/`, heartbeat)).status).toBe(202);
    expect((await post(a.url, "/slave(1)/api/v1", heartbeat)).status).toBe(404);
    a.unavailable();
    expect(await post(a.url, EXECUTOR, heartbeat)).toMatchObject({
      status: 503,
      text: "Agent has not finished recovery",
    });
    a.available();
    expect((await post(a.url, EXECUTOR, heartbeat)).status).toBe(202);
  });

  it("closes the previous stream on a new SUBSCRIBE and re-acknowledges unacknowledged updates", async () => {
    const a = await agent();
    const first = await open(a.url, EXECUTOR, JSON.stringify({ type: "SUBSCRIBE", ...ids(a), subscribe: {} }), {
      ...JSON_TYPE,
      Accept: "application/x-protobuf",
    });
    expect(first.headers["content-type"]).toBe("application/x-protobuf");
    expect(executor.Event.fromBinary((await first.next())!).type).toBe("SUBSCRIBED");
    const uuid = uuidBytes();
    const pendingUpdate = {
      status: {
        task_id: { value: "t9" },
        state: "TASK_FINISHED",
        source: "SOURCE_EXECUTOR",
        uuid: uuid.toString("base64"),
      },
    };
    const again = JSON.stringify({
      type: "SUBSCRIBE",
      ...ids(a),
      subscribe: { unacknowledged_updates: [pendingUpdate] },
    });
    const second = await open(a.url, EXECUTOR, again);
    expect(await first.next()).toBeUndefined();
    expect(executorEvent(await second.next()).type).toBe("SUBSCRIBED");
    expect(executorEvent(await second.next())).toEqual({
      type: "ACKNOWLEDGED",
      acknowledged: { task_id: { value: "t9" }, uuid: new Uint8Array(uuid) },
    });
    expect(a.subscriptions.map((s) => s.open)).toEqual([false, true]);
  });

  it("requires the bearer token when configured and describes the executor environment", async () => {
    const a = await agent({ token: "secret", autoAcknowledge: false });
    const heartbeat = JSON.stringify({ type: "HEARTBEAT", ...ids(a) });
    const denied = await post(a.url, EXECUTOR, heartbeat);
    expect(denied).toMatchObject({ status: 401, text: "401 Unauthorized." });
    expect(denied.headers["www-authenticate"]).toBe('Bearer realm="mesos-agent-executor"');
    expect((await post(a.url, EXECUTOR, heartbeat, { ...JSON_TYPE, Authorization: "Bearer secret" })).status).toBe(202);
    const env = a.environment({ MESOS_HTTP_COMMAND_EXECUTOR: undefined, EXTRA: "1" });
    expect(env).toMatchObject({
      MESOS_FRAMEWORK_ID: a.frameworkId,
      MESOS_EXECUTOR_ID: a.executorId,
      MESOS_SLAVE_ID: a.agentId,
      MESOS_AGENT_ENDPOINT: `127.0.0.1:${a.port}`,
      MESOS_SLAVE_PID: `slave(1)@127.0.0.1:${a.port}`,
      MESOS_CHECKPOINT: "1",
      MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "5secs",
      MESOS_RECOVERY_TIMEOUT: "15mins",
      MESOS_SUBSCRIPTION_BACKOFF_MAX: "2secs",
      MESOS_EXECUTOR_AUTHENTICATION_TOKEN: "secret",
      EXTRA: "1",
    });
    expect(env.MESOS_HTTP_COMMAND_EXECUTOR).toBeUndefined();
    expect(env.MESOS_SANDBOX).toBe(env.MESOS_DIRECTORY);
    expect(env.MESOS_DIRECTORY).toContain(`/executors/${a.executorId}/runs/${a.containerId}`);
    const plain = await agent({ checkpoint: false });
    expect(plain.environment()).not.toHaveProperty("MESOS_RECOVERY_TIMEOUT");
    expect(plain.environment().MESOS_CHECKPOINT).toBe("0");
  });
});
