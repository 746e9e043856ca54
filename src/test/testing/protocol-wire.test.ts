// Transport rules of mini-mesos (mesos-protocol.md 1.1 to 1.5, 1.8, 1.9, 2.2): routing, method,
// Content-Type, Accept, body decoding and Basic credentials.
import { describe, expect, it } from "vitest";
import { scheduler } from "../../generated/mesos-1.11.0/index.js";
import {
  acceptsMediaType,
  authenticateBasic,
  checkMethod,
  decodeCall,
  emptyResponse,
  headerValue,
  negotiateEncoding,
  newStreamId,
  notFoundResponse,
  parseBasicAuthorization,
  redirectToLeader,
  routeRequest,
  streamResponseHeaders,
  textResponse,
  unauthorizedResponse,
} from "../../testing/protocol/index.js";
import type { Route } from "../../testing/protocol/index.js";

const TEXT = "text/plain; charset=utf-8";
const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString("base64")}`;
const json = (body: string) => decodeCall(scheduler.Call, "application/json", body);

describe("routing (1.1)", () => {
  it("serves the scheduler endpoint under /master and delegated from the bare path (C015, C016)", () => {
    for (const target of [
      "/api/v1/scheduler",
      "/master/api/v1/scheduler",
      "/api/v1/scheduler/",
      "/master/api/v1/scheduler/",
      "/api/v1/scheduler?x=1",
    ]) {
      expect([target, routeRequest(target, "master")?.endpoint]).toEqual([target, "scheduler"]);
    }
    expect(routeRequest("/api/v1/scheduler", "master")?.path).toBe("/master/api/v1/scheduler");
    expect(routeRequest("/master/api/v1/scheduler", "master")?.path).toBe("/master/api/v1/scheduler");
  });

  it("picks the longest endpoint name that prefixes the path", () => {
    expect(routeRequest("/api/v1/scheduler/anything", "master")).toMatchObject({
      endpoint: "scheduler",
      rest: "anything",
    });
    expect(routeRequest("/api/v1/whatever", "master")?.endpoint).toBe("operator");
    expect(routeRequest("/api/v1", "master")?.endpoint).toBe("operator");
    expect(routeRequest("/api/v1/executor", "master")?.endpoint).toBe("operator");
  });

  it("serves the executor endpoint under slave(1), also percent-encoded", () => {
    for (const target of ["/api/v1/executor", "/slave(1)/api/v1/executor", "/slave%281%29/api/v1/executor/"]) {
      expect([target, routeRequest(target, "agent")?.endpoint]).toEqual([target, "executor"]);
    }
    expect(routeRequest("/api/v1/scheduler", "agent")?.endpoint).toBe("operator");
    expect(routeRequest("/master/api/v1/executor", "agent")).toBeUndefined();
    expect(routeRequest("/slave(1)/api/v1/executor", "master")).toBeUndefined();
  });

  it("refuses /.. , unknown endpoints and malformed escapes", () => {
    for (const target of ["/api/v1/scheduler/..", "/master/../api/v1/scheduler", "/", "/master", "/api", "/%zz"]) {
      expect([target, routeRequest(target, "master")]).toEqual([target, undefined]);
    }
    expect(notFoundResponse()).toEqual({
      status: 404,
      headers: { "Content-Type": TEXT, "Content-Length": "14" },
      body: "404 Not Found.",
    });
  });
});

describe("method (1.2 step 4)", () => {
  it("answers 405 with Allow: POST for anything but POST (C001)", () => {
    expect(checkMethod("GET")).toEqual({
      status: 405,
      headers: { Allow: "POST", "Content-Type": TEXT, "Content-Length": "72" },
      body: "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.",
    });
    expect(checkMethod("post")?.status).toBe(405);
    expect(checkMethod("POST")).toBeUndefined();
  });
});

describe("Content-Type and body decoding (1.2 steps 5 and 6, 1.3, 2.2)", () => {
  it("needs a Content-Type (C002)", () => {
    expect(decodeCall(scheduler.Call, undefined, "{}")).toEqual({
      ok: false,
      status: 400,
      message: "Expecting 'Content-Type' to be present",
    });
  });

  it("compares the Content-Type exactly (C003, C004)", () => {
    for (const type of ["application/json; charset=utf-8", "text/plain", "Application/JSON", ""]) {
      expect(decodeCall(scheduler.Call, type, "{}")).toEqual({
        ok: false,
        status: 415,
        message: "Expecting 'Content-Type' of application/json or application/x-protobuf",
      });
    }
  });

  it("reports JSON syntax errors with the parser's text (C005, C048, C049)", () => {
    expect(json("{")).toMatchObject({
      status: 400,
      message: "Failed to parse body into JSON: syntax error at line 1 near: ",
    });
    expect(json("")).toMatchObject({ message: "Failed to parse body into JSON: syntax error at line 1 near: " });
    expect(json('{"type":"TEARDOWN","framework_id":{"value":"F"}}x')).toMatchObject({
      status: 400,
      message: "Failed to parse body into JSON: Parsed JSON included non-whitespace trailing characters: x",
    });
    expect(json('{"x":1e400}')).toMatchObject({
      status: 400,
      message: "Failed to parse body into JSON: Value out of range",
    });
  });

  it("enforces the nesting limit of 200", () => {
    const deep = (n: number) => `{"a":${"[".repeat(n - 1)}${"]".repeat(n - 1)}}`;
    expect(json(deep(200)).ok).toBe(true);
    expect(json(deep(201))).toMatchObject({ status: 400 });
    expect((json(deep(201)) as { message: string }).message).toMatch(/^Failed to parse body into JSON: syntax error/);
  });

  it("reports conversion errors with Mesos' texts (C006, C007, C037, C041)", () => {
    const convert = "Failed to convert JSON into Call protobuf: ";
    expect(json("[]")).toMatchObject({ status: 400, message: `${convert}Expecting a JSON object` });
    expect(json('{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u"}}}')).toMatchObject({
      message: `${convert}Missing required fields: subscribe.framework_info.name`,
    });
    expect(json('{"type":1}')).toMatchObject({ message: `${convert}Not expecting a JSON number for field 'type'` });
    const ack = {
      type: "ACKNOWLEDGE",
      framework_id: { value: "F" },
      acknowledge: { agent_id: { value: "A" }, task_id: { value: "t" }, uuid: "Hw5qUow9-3qeIV1MOyoZCA==" },
    };
    expect(json(JSON.stringify(ack))).toMatchObject({
      message: `${convert}Failed to base64 decode bytes field 'uuid': Invalid character '-'`,
    });
  });

  it("ignores unknown keys and drops unknown type names (C035, C036)", () => {
    expect(json('{"type":"TEARDOWN","framework_id":{"value":"F"},"foo":1}')).toEqual({
      ok: true,
      call: { type: "TEARDOWN", framework_id: { value: "F" } },
    });
    expect(json('{"type":"TEARDOWN ","framework_id":{"value":"F"}}')).toEqual({
      ok: true,
      call: { framework_id: { value: "F" } },
    });
  });

  it("decodes protobuf bodies and refuses broken ones with one text (2.5)", () => {
    const bytes = scheduler.Call.toBinary({ type: "TEARDOWN", framework_id: { value: "F" } });
    expect(decodeCall(scheduler.Call, "application/x-protobuf", bytes)).toEqual({
      ok: true,
      call: { type: "TEARDOWN", framework_id: { value: "F" } },
    });
    // A FrameworkID without its required value, then a truncated varint.
    for (const broken of [new Uint8Array([0x0a, 0x00]), new Uint8Array([0x10, 0x80])]) {
      expect(decodeCall(scheduler.Call, "application/x-protobuf", broken)).toEqual({
        ok: false,
        status: 400,
        message: "Failed to parse body into Call protobuf",
      });
    }
  });
});

describe("Accept negotiation (1.4)", () => {
  it("follows the table of 1.4", () => {
    const table: [string | undefined, string | undefined][] = [
      [undefined, "json"],
      ["*/*", "json"],
      ["application/*", "json"],
      ["application/x-protobuf", "protobuf"],
      ["application/x-protobuf, application/json;q=0.1", "json"],
      ["application/json;q=0, */*", "protobuf"],
      ["application/recordio", undefined],
      ["text/html", undefined],
    ];
    for (const [accept, encoding] of table) expect([accept, negotiateEncoding(accept)]).toEqual([accept, encoding]);
  });

  it("lets JSON win and matches media types case-insensitively (C014)", () => {
    expect(negotiateEncoding("application/x-protobuf, application/json")).toBe("json");
    expect(negotiateEncoding("APPLICATION/X-PROTOBUF")).toBe("protobuf");
    expect(negotiateEncoding("application/x-protobuf;q=0.5")).toBe("protobuf");
  });

  it("lets the first entry naming a candidate decide, whatever follows", () => {
    expect(acceptsMediaType("application/json;q=0, application/json", "application/json")).toBe(false);
    expect(acceptsMediaType("application/*;q=0, application/json", "application/json")).toBe(true);
    expect(negotiateEncoding("application/*;q=0, */*")).toBeUndefined();
  });

  it("vetoes only with exactly one lowercase q that is not a number above 0", () => {
    const accepts = (header: string) => acceptsMediaType(header, "application/json");
    expect(accepts("application/json;q=0.0")).toBe(false);
    expect(accepts("application/json;q=-1")).toBe(false);
    expect(accepts("application/json;q=abc")).toBe(false);
    expect(accepts("application/json;q=nan")).toBe(false);
    expect(accepts("application/json;q=0x1")).toBe(false);
    expect(accepts("application/json;q=1e400")).toBe(false);
    expect(accepts("application/json;q=inf")).toBe(true);
    expect(accepts("application/json;q=.5")).toBe(true);
    expect(accepts("application/json;Q=0")).toBe(true);
    expect(accepts("application/json;q=0;q=0")).toBe(true);
    expect(accepts("application/json;q")).toBe(true);
    expect(accepts("application/json;q==0")).toBe(false);
  });

  it("removes spaces, tabs and newlines and skips empty entries", () => {
    expect(negotiateEncoding(" application / x-protobuf ;\tq = 1 ")).toBe("protobuf");
    expect(negotiateEncoding(",,;application/x-protobuf")).toBe("protobuf");
    // An empty header is present but names nothing.
    expect(negotiateEncoding("")).toBeUndefined();
  });
});

describe("Basic authentication (1.9)", () => {
  const credentials = new Map([["p", "s"]]);

  it("authenticates the exact header form", () => {
    expect(parseBasicAuthorization(basic("p:s"))).toEqual({ principal: "p", secret: "s" });
    expect(authenticateBasic(basic("p:s"), credentials)).toBe("p");
    expect(authenticateBasic(basic("p:s").replace(/=+$/, ""), credentials)).toBe("p");
  });

  it("refuses every other form", () => {
    for (const header of [
      undefined,
      basic("p:x"),
      basic("q:s"),
      basic("ps"),
      `basic ${Buffer.from("p:s").toString("base64")}`,
      `Basic  ${Buffer.from("p:s").toString("base64")}`,
      `Basic ${Buffer.from("p:s").toString("base64url")}-`,
      "Bearer token",
    ]) {
      expect([header, authenticateBasic(header, credentials)]).toEqual([header, undefined]);
    }
  });

  it("splits on every ':', so a secret with ':' never authenticates", () => {
    expect(parseBasicAuthorization(basic("p:s:t"))).toBeUndefined();
    expect(authenticateBasic(basic("p:s:t"), new Map([["p", "s:t"]]))).toBeUndefined();
  });

  it("challenges with the realm (C031)", () => {
    expect(unauthorizedResponse("mesos-master-scheduler")).toEqual({
      status: 401,
      headers: {
        "WWW-Authenticate": 'Basic realm="mesos-master-scheduler"',
        "Content-Type": TEXT,
        "Content-Length": "17",
      },
      body: "401 Unauthorized.",
    });
  });
});

describe("leader redirection (1.8)", () => {
  const route = (target: string): Route => routeRequest(target, "master")!;

  it("redirects to the rewritten path on the leader, or answers 503 without one (C030)", () => {
    expect(redirectToLeader(route("/api/v1/scheduler"), "m1:5050")).toEqual({
      status: 307,
      headers: { Location: "//m1:5050/master/api/v1/scheduler", "Content-Length": "0" },
      body: "",
    });
    expect(redirectToLeader(route("/master/api/v1/scheduler?a=b"), "m1:5050").headers.Location).toBe(
      "//m1:5050/master/api/v1/scheduler?a=b",
    );
    expect(redirectToLeader(route("/api/v1/scheduler"), undefined)).toEqual(textResponse(503, "No leader elected"));
  });

  it("sends /redirect to the bare leader and 404s below it", () => {
    expect(redirectToLeader(route("/redirect"), "m1:5050").headers.Location).toBe("//m1:5050");
    expect(redirectToLeader(route("/master/redirect"), "m1:5050").headers.Location).toBe("//m1:5050");
    expect(redirectToLeader(route("/redirect/x"), "m1:5050").status).toBe(404);
  });
});

describe("responses (1.5, 1.6)", () => {
  it("writes errors as text/plain with a byte length and empty answers without Content-Type (C021)", () => {
    expect(textResponse(400, "é")).toEqual({
      status: 400,
      headers: { "Content-Type": TEXT, "Content-Length": "2" },
      body: "é",
    });
    expect(emptyResponse(202)).toEqual({ status: 202, headers: { "Content-Length": "0" }, body: "" });
  });

  it("heads streams with the negotiated type and a canonical stream id (C012, C013)", () => {
    const id = newStreamId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(newStreamId()).not.toBe(id);
    expect(streamResponseHeaders("json", id)).toEqual({ "Content-Type": "application/json", "Mesos-Stream-Id": id });
    expect(streamResponseHeaders("protobuf")).toEqual({ "Content-Type": "application/x-protobuf" });
  });

  it("reads headers case-insensitively", () => {
    expect(headerValue({ "content-type": "application/json" }, "Content-Type")).toBe("application/json");
    expect(headerValue({ Accept: ["a/b", "c/d"] }, "accept")).toBe("a/b, c/d");
    expect(headerValue({ Accept: undefined }, "accept")).toBeUndefined();
  });
});
