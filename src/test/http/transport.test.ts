/**
 * The HTTP transport and API endpoint over real sockets: TLS with a custom CA
 * and client certificates, error statuses, gzip bodies, redirects,
 * connection failures and timeouts.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiEndpoint } from "../../http/api-endpoint.js";
import { Credentials } from "../../http/credentials.js";
import { MesosHttpError, MesosTransportError, isRetryable } from "../../http/errors.js";
import { StaticMasterDetector } from "../../http/static-detector.js";
import { HttpTransport, type TransportOptions } from "../../http/transport.js";
import { makeTestCertificates, type TestCertificates } from "../helpers/tls-certs.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];
const transports: HttpTransport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function serve(handler: Handler, server: Server = createHttpServer()): Promise<URL> {
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

function transport(options: TransportOptions = {}): HttpTransport {
  const t = new HttpTransport(options);
  transports.push(t);
  return t;
}

function endpoint(url: URL, options: TransportOptions = {}, maxRedirects?: number): ApiEndpoint {
  return new ApiEndpoint({
    detector: new StaticMasterDetector([url]),
    transport: transport(options),
    apiPath: "/api/v1/scheduler",
    ...(maxRedirects === undefined ? {} : { maxRedirects }),
  });
}

const accepted: Handler = (_req, res) => {
  res.writeHead(202, { "content-length": "0" });
  res.end();
};

describe("error statuses", () => {
  const cases: [number, string, string][] = [
    [400, "ERR_MESOS_BAD_REQUEST", "Failed to validate scheduler::Call: Expecting 'type' to be present"],
    [401, "ERR_MESOS_UNAUTHORIZED", "401 Unauthorized."],
    [403, "ERR_MESOS_FORBIDDEN", "Framework is not subscribed"],
    [404, "ERR_MESOS_NOT_FOUND", "404 Not Found."],
    [405, "ERR_MESOS_METHOD_NOT_ALLOWED", "405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'."],
    [406, "ERR_MESOS_NOT_ACCEPTABLE", "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'"],
    [415, "ERR_MESOS_UNSUPPORTED_MEDIA_TYPE", "Expecting 'Content-Type' of application/json or application/x-protobuf"],
    [501, "ERR_MESOS_NOT_IMPLEMENTED", "501 Not Implemented."],
    [503, "ERR_MESOS_UNAVAILABLE", "No leader elected"],
    [500, "ERR_MESOS_HTTP_STATUS", "Internal Server Error"],
  ];
  for (const [status, code, text] of cases) {
    it(`${status} becomes ${code} with Mesos' text`, async () => {
      const url = await serve((_req, res) => {
        res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
        res.end(text);
      });
      const error = await endpoint(url)
        .post("REVIVE", "{}", {})
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MesosHttpError);
      expect(error).toMatchObject({ status, code, mesosMessage: text, call: "REVIVE" });
      expect((error as Error).message).toContain(text);
      expect(isRetryable(error)).toBe(status === 503 || status === 404);
    });
  }

  it("decompresses a gzip-encoded error body", async () => {
    const text = `Failed to validate scheduler::Call: ${"x".repeat(2000)}`;
    const url = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "content-encoding": "gzip" });
      res.end(gzipSync(text));
    });
    await expect(endpoint(url).post("ACCEPT", "{}", {})).rejects.toMatchObject({ mesosMessage: text });
  });
});

describe("redirects", () => {
  it("refuses a 307 without Location", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(307);
      res.end();
    });
    await expect(endpoint(url).post("REVIVE", "{}", {})).rejects.toMatchObject({ code: "ERR_MESOS_BAD_REDIRECT" });
  });

  it("stops a redirect loop after the allowed hops", async () => {
    let hops = 0;
    const url = await serve((req, res) => {
      hops++;
      res.writeHead(307, { location: `//${req.headers.host}/master/api/v1/scheduler` });
      res.end();
    });
    const error = await endpoint(url, {}, 3)
      .post("REVIVE", "{}", {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MesosTransportError);
    expect(error).toMatchObject({ code: "ERR_MESOS_REDIRECT_LOOP" });
    expect(hops).toBe(4);
  });
});

describe("connections", () => {
  it("reports a refused connection as retryable, naming the address", async () => {
    const url = await serve(accepted);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const error = await endpoint(url)
      .post("REVIVE", "{}", {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_MESOS_CONNECTION" });
    expect((error as Error).message).toContain(url.host);
    expect(isRetryable(error)).toBe(true);
  });

  it("times out a call that gets no answer", async () => {
    const url = await serve(() => {});
    const error = await endpoint(url, { requestTimeoutMs: 100 })
      .post("REVIVE", "{}", {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_MESOS_TIMEOUT" });
  });

  it("sends Basic credentials and extra headers on every request, never the secret elsewhere", async () => {
    const seen: IncomingMessage["headers"][] = [];
    const url = await serve((req, res, _body) => {
      seen.push(req.headers);
      accepted(req, res, "");
    });
    const credentials = new Credentials({ principal: "fw", secret: "pw" });
    await endpoint(url, { credentials, headers: { "x-trace": "1" } }).post("REVIVE", "{}", {
      "content-type": "application/json",
    });
    expect(seen[0]).toMatchObject({
      authorization: `Basic ${Buffer.from("fw:pw").toString("base64")}`,
      "x-trace": "1",
      "content-type": "application/json",
    });
  });

  it("aborts with the caller's reason", async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const reason = new Error("shutting down");
    setTimeout(() => controller.abort(reason), 20);
    await expect(endpoint(url).post("REVIVE", "{}", {}, controller.signal)).rejects.toBe(reason);
  });
});

describe("TLS", () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates();
  });

  async function mutualTlsServer(): Promise<URL> {
    const server = createHttpsServer({
      key: certs.serverKey,
      cert: certs.serverCert,
      ca: certs.ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const url = await serve(accepted, server as unknown as Server);
    return new URL(url.href.replace("http:", "https:"));
  }

  it("trusts a custom CA and presents a client certificate", async () => {
    const url = await mutualTlsServer();
    const tls = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
    const { response } = await endpoint(url, { tls }).post("REVIVE", "{}", {});
    expect(response.status).toBe(202);
  });

  it("refuses a server whose CA is not trusted", async () => {
    const url = await mutualTlsServer();
    const error = await endpoint(url, { tls: { cert: certs.clientCert, key: certs.clientKey } })
      .post("REVIVE", "{}", {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ERR_MESOS_CONNECTION" });
    expect((error as Error).message).toMatch(/certificate|SELF_SIGNED|UNABLE_TO_VERIFY/i);
  });

  it("fails when the server requires a client certificate and none is given", async () => {
    const url = await mutualTlsServer();
    const error = await endpoint(url, { tls: { ca: certs.ca } })
      .post("REVIVE", "{}", {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MesosTransportError);
    expect(error).toMatchObject({ code: "ERR_MESOS_CONNECTION" });
  });
});
