/**
 * Conformance of mini-mesos with mesos-protocol.md 9.1 (transport and
 * framing), cases C001–C033 tagged [sim], over real HTTP with raw requests:
 * exact statuses, headers, error texts and RecordIO bytes.
 */
import { conformanceCluster } from "./conformance-cluster.js";
import { describe, expect, it } from "vitest";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import type { MiniMesos } from "../../testing/cluster.js";
import {
  FRAMEWORK_INFO,
  SCHEDULER_PATH,
  basicAuth,
  openSubscription,
  postJson,
  recordsBeforeSentinel,
  sendRequest,
  subscribeCall,
  subscribeFramework,
  waitUntil,
  type RecordStream,
  type Subscribed,
} from "./conformance-helpers.js";

/** "agent A" of section 9. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEARTBEAT_RECORD = '20\n{"type":"HEARTBEAT"}';
const VALID_SUBSCRIBE = JSON.stringify(subscribeCall());

const streams: RecordStream<unknown>[] = [];
const start = conformanceCluster(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
});

function track<E>(stream: RecordStream<E>): RecordStream<E> {
  streams.push(stream as RecordStream<unknown>);
  return stream;
}

/** "fw": a subscribed JSON framework. */
async function framework(c: MiniMesos, info = FRAMEWORK_INFO): Promise<Subscribed> {
  const fw = await subscribeFramework(c.masterUrl, info);
  track(fw.stream);
  return fw;
}

function decline(frameworkId: string): Record<string, unknown> {
  return { type: "DECLINE", framework_id: { value: frameworkId }, decline: { offer_ids: [] } };
}

describe("mesos-protocol.md 9.1 transport and framing (mini-mesos, raw HTTP)", () => {
  it("C001 GET /api/v1/scheduler → 405, Allow: POST, Mesos' body", async () => {
    const c = await start();
    const response = await sendRequest(c.masterUrl, SCHEDULER_PATH, { method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers["allow"]).toBe("POST");
    expect(response.text).toBe("405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.");
  });

  it("C002 POST without Content-Type → 400 Expecting 'Content-Type' to be present", async () => {
    const c = await start();
    const response = await sendRequest(c.masterUrl, SCHEDULER_PATH, { body: VALID_SUBSCRIBE });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Expecting 'Content-Type' to be present");
  });

  it("C003 valid SUBSCRIBE with Content-Type: application/json; charset=utf-8 → 415", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, VALID_SUBSCRIBE, {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(response.status).toBe(415);
    expect(response.text).toBe("Expecting 'Content-Type' of application/json or application/x-protobuf");
  });

  it("C004 valid SUBSCRIBE with Content-Type: text/plain → 415, same body", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, VALID_SUBSCRIBE, { "Content-Type": "text/plain" });
    expect(response.status).toBe(415);
    expect(response.text).toBe("Expecting 'Content-Type' of application/json or application/x-protobuf");
  });

  it("C005 body `{` → 400 Failed to parse body into JSON: syntax error at line 1 near: ...", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, "{");
    expect(response.status).toBe(400);
    expect(response.text.startsWith("Failed to parse body into JSON: syntax error at line 1 near:")).toBe(true);
  });

  it("C006 body `[]` → 400 Failed to convert JSON into Call protobuf: Expecting a JSON object", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, "[]");
    expect(response.status).toBe(400);
    expect(response.text).toBe("Failed to convert JSON into Call protobuf: Expecting a JSON object");
  });

  it("C007 SUBSCRIBE without framework_info.name → 400 Missing required fields: subscribe.framework_info.name", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u"}}}');
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      "Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.name",
    );
  });

  it('C008 {"type":"SUBSCRIBE"} → 400 Expecting \'subscribe\' to be present', async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, '{"type":"SUBSCRIBE"}');
    expect(response.status).toBe(400);
    expect(response.text).toBe("Failed to validate scheduler::Call: Expecting 'subscribe' to be present");
  });

  it("C009 {} → 400 Expecting 'type' to be present", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, "{}");
    expect(response.status).toBe(400);
    expect(response.text).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
  });

  it("C010 valid SUBSCRIBE with Accept: text/html → 406", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, VALID_SUBSCRIBE, { Accept: "text/html" });
    expect(response.status).toBe(406);
    expect(response.text).toBe("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  });

  it("C011 valid SUBSCRIBE carrying Mesos-Stream-Id → 400", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, VALID_SUBSCRIBE, { "Mesos-Stream-Id": "x" });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Subscribe calls should not include the 'Mesos-Stream-Id' header");
  });

  it("C012 valid SUBSCRIBE without Accept → 200 JSON stream, chunked, no Content-Length, UUID stream id", async () => {
    const c = await start();
    const stream = track(await openSubscription(c.masterUrl, VALID_SUBSCRIBE));
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("application/json");
    expect(stream.headers["transfer-encoding"]).toBe("chunked");
    expect(stream.headers["content-length"]).toBeUndefined();
    expect(stream.headers["mesos-stream-id"]).toMatch(UUID);
  });

  it("C013 SUBSCRIBE with Accept: application/x-protobuf → protobuf stream of binary Events", async () => {
    const c = await start();
    const stream = track(await openSubscription(c.masterUrl, VALID_SUBSCRIBE, { Accept: "application/x-protobuf" }));
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("application/x-protobuf");
    const first = (await stream.next())!;
    expect(scheduler.Event.fromBinary(first.payload).type).toBe("SUBSCRIBED");
    expect(first.event.type).toBe("SUBSCRIBED");
    // Field 1 (type) as a varint comes first in a binary Event; a JSON record would start with '{'.
    expect(first.payload[0]).toBe(0x08);
    // The protobuf heartbeat record is the 4 bytes `2\n\x08\x08` (1.6).
    const second = (await stream.next())!;
    expect([...second.raw]).toEqual([0x32, 0x0a, 0x08, 0x08]);
  });

  it("C014 SUBSCRIBE with Accept: application/x-protobuf, application/json → JSON stream", async () => {
    const c = await start();
    const stream = track(
      await openSubscription(c.masterUrl, VALID_SUBSCRIBE, { Accept: "application/x-protobuf, application/json" }),
    );
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("application/json");
    const first = (await stream.next())!;
    expect(first.text.startsWith('{"type":"SUBSCRIBED",')).toBe(true);
    expect(JSON.parse(first.text)).toMatchObject({ type: "SUBSCRIBED" });
  });

  it("C015 SUBSCRIBE to /master/api/v1/scheduler behaves as /api/v1/scheduler", async () => {
    const c = await start();
    const observe = async (path: string) => {
      const stream = track(await openSubscription(c.masterUrl, VALID_SUBSCRIBE, {}, path));
      const first = (await stream.next())!;
      const second = (await stream.next())!;
      return {
        status: stream.status,
        contentType: stream.headers["content-type"],
        transferEncoding: stream.headers["transfer-encoding"],
        contentLength: stream.headers["content-length"],
        streamIdIsUuid: UUID.test(stream.streamId ?? ""),
        first: first.event.type,
        second: second.raw.toString(),
      };
    };
    const canonical = await observe("/master/api/v1/scheduler");
    const bare = await observe(SCHEDULER_PATH);
    expect(canonical).toEqual(bare);
    expect(canonical).toEqual({
      status: 200,
      contentType: "application/json",
      transferEncoding: "chunked",
      contentLength: undefined,
      streamIdIsUuid: true,
      first: "SUBSCRIBED",
      second: HEARTBEAT_RECORD,
    });
  });

  it("C016 POST to /api/v1/scheduler/ (trailing slash) is handled by the scheduler endpoint", async () => {
    const c = await start();
    const slash = await postJson(c.masterUrl, "{}", {}, "/api/v1/scheduler/");
    const bare = await postJson(c.masterUrl, "{}");
    expect(slash.status).toBe(400);
    expect(slash.text).toBe("Failed to validate scheduler::Call: Expecting 'type' to be present");
    expect({ status: slash.status, text: slash.text }).toEqual({ status: bare.status, text: bare.text });
  });

  it("C017 TEARDOWN of framework id `nope` with no framework → 400 Framework cannot be found", async () => {
    const c = await start();
    const response = await postJson(c.masterUrl, { type: "TEARDOWN", framework_id: { value: "nope" } });
    expect(response.status).toBe(400);
    expect(response.text).toBe("Framework cannot be found");
  });

  it("C018 DECLINE without Mesos-Stream-Id → 400", async () => {
    const c = await start();
    const fw = await framework(c);
    const response = await postJson(c.masterUrl, decline(fw.frameworkId));
    expect(response.status).toBe(400);
    expect(response.text).toBe("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
  });

  it("C019 DECLINE with Mesos-Stream-Id: abc → 400 naming the framework", async () => {
    const c = await start();
    const fw = await framework(c);
    const response = await postJson(c.masterUrl, decline(fw.frameworkId), { "Mesos-Stream-Id": "abc" });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      `The stream ID 'abc' included in this request didn't match the stream ID currently associated with framework ID ${fw.frameworkId}`,
    );
  });

  it("C020 failover_timeout 3600, stream closed by the client → DECLINE with the old stream id → 403", async () => {
    const c = await start();
    const fw = await framework(c, { ...FRAMEWORK_INFO, failover_timeout: 3600 });
    await fw.stream.close();
    await waitUntil(
      () => c.master.frameworks.get(fw.frameworkId)?.connected === false,
      5000,
      "the master to notice the closed stream",
    );
    const response = await postJson(c.masterUrl, decline(fw.frameworkId), { "Mesos-Stream-Id": fw.streamId });
    expect(response.status).toBe(403);
    expect(response.text).toBe("Framework is not subscribed");
  });

  it("C021 REVIVE with the stream id → 202, Content-Length: 0, empty body", async () => {
    const c = await start();
    const fw = await framework(c);
    const response = await postJson(
      c.masterUrl,
      { type: "REVIVE", framework_id: { value: fw.frameworkId } },
      { "Mesos-Stream-Id": fw.streamId },
    );
    expect(response.status).toBe(202);
    expect(response.headers["content-length"]).toBe("0");
    expect(response.body).toHaveLength(0);
  });

  it("C022 type UNKNOWN → 501 `501 Not Implemented.` and mini-mesos keeps running", async () => {
    const c = await start();
    const fw = await framework(c);
    expect((await fw.stream.next())!.raw.toString()).toBe(HEARTBEAT_RECORD);
    const response = await postJson(
      c.masterUrl,
      { type: "UNKNOWN", framework_id: { value: fw.frameworkId } },
      { "Mesos-Stream-Id": fw.streamId },
    );
    expect(response.status).toBe(501);
    expect(response.text).toBe("501 Not Implemented.");
    // Still running: further calls are served and the stream lives on.
    const revive = await postJson(
      c.masterUrl,
      { type: "REVIVE", framework_id: { value: fw.frameworkId } },
      { "Mesos-Stream-Id": fw.streamId },
    );
    expect(revive.status).toBe(202);
    await c.advance(15_000);
    const records = await fw.stream.until((r) => r.event.type === "HEARTBEAT");
    expect(records.at(-1)!.raw.toString()).toBe(HEARTBEAT_RECORD);
  });

  it("C023 successful SUBSCRIBE → SUBSCRIBED first, then the exact heartbeat record right away", async () => {
    const c = await start();
    const stream = track(await openSubscription(c.masterUrl, VALID_SUBSCRIBE));
    const first = (await stream.next())!;
    expect(first.event.type).toBe("SUBSCRIBED");
    // Let the first allocation round run too: OFFERS may legitimately come before the HEARTBEAT.
    await c.advance(0);
    const second = (await stream.next())!;
    const heartbeat = second.event.type === "OFFERS" ? (await stream.next())! : second;
    expect(heartbeat.raw.toString()).toBe(HEARTBEAT_RECORD);
    expect(heartbeat.raw).toHaveLength(23);
  });

  it("C024 SUBSCRIBED carries heartbeat_interval_seconds 15.0 and master_info.port", async () => {
    const c = await start();
    const fw = await framework(c);
    const text = fw.subscribed.text;
    expect(text).toContain('"heartbeat_interval_seconds":15.0');
    // mini-mesos listens on an ephemeral port; a real master listens on (and reports) 5050.
    const masterInfo = /"master_info":(\{.*\})\}\}$/.exec(text)?.[1] ?? "";
    expect(masterInfo).toContain(`"port":${c.masterUrl.port},`);
    expect(JSON.parse(masterInfo)).toMatchObject({ port: Number(c.masterUrl.port) });
  });

  it("C025 simulated clock: advancing 45 s brings exactly 3 further HEARTBEAT records", async () => {
    const c = await start();
    const fw = await framework(c);
    expect((await fw.stream.next())!.raw.toString()).toBe(HEARTBEAT_RECORD);
    await c.advance(45_000);
    const records = await recordsBeforeSentinel(c.masterUrl, fw);
    const heartbeats = records.filter((r) => r.event.type === "HEARTBEAT").map((r) => r.raw.toString());
    expect(heartbeats).toEqual([HEARTBEAT_RECORD, HEARTBEAT_RECORD, HEARTBEAT_RECORD]);
  });

  it("C030 non-leading master → 307 to //<leader>/master/api/v1/scheduler; no leader → 503 No leader elected", async () => {
    const c = await start({ masters: 2 });
    const [leader, standby] = c.masterUrls as [URL, URL];
    // The simulated leader is known as 127.0.0.1:<port> (the case's m1:5050).
    const location = `//127.0.0.1:${leader.port}/master/api/v1/scheduler`;
    const redirected = await postJson(standby, VALID_SUBSCRIBE);
    expect(redirected.status).toBe(307);
    expect(redirected.headers["location"]).toBe(location);
    const anyCall = await postJson(standby, { type: "TEARDOWN", framework_id: { value: "F" } });
    expect(anyCall.status).toBe(307);
    expect(anyCall.headers["location"]).toBe(location);
    c.setLeader(undefined);
    for (const master of [leader, standby]) {
      const leaderless = await postJson(master, VALID_SUBSCRIBE);
      expect(leaderless.status).toBe(503);
      expect(leaderless.text).toBe("No leader elected");
    }
  });

  it("C031 authentication on → SUBSCRIBE without Authorization → 401 with the scheduler realm", async () => {
    const c = await start({ credentials: [{ principal: "p", secret: "s" }] });
    const response = await postJson(c.masterUrl, VALID_SUBSCRIBE);
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="mesos-master-scheduler"');
    expect(response.text).toBe("401 Unauthorized."); // body of step 0a (1.2)
  });

  it("C032 authenticated as p, framework_info.principal q → 400 principal mismatch", async () => {
    const c = await start({ credentials: [{ principal: "p", secret: "s" }] });
    const response = await postJson(c.masterUrl, subscribeCall({ ...FRAMEWORK_INFO, principal: "q" }), {
      Authorization: basicAuth("p", "s"),
    });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      "Failed to validate scheduler::Call: Authenticated principal 'p' does not match principal 'q' set in `FrameworkInfo`",
    );
  });
});
