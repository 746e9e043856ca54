/**
 * HTTP for the Mesos v1 APIs over undici: one keep-alive pool per master for
 * calls, and a dedicated connection per event stream. Mesos answers requests
 * on a connection strictly in order and a stream never ends while it lives, so
 * a call sent on the stream's connection would never get its answer.
 */
import { gunzipSync } from "node:zlib";
import { Client, Pool, type Dispatcher } from "undici";
import type { Credentials } from "./credentials.js";
import { MesosTransportError } from "./errors.js";
import { originOf } from "./endpoint.js";

/** TLS settings: a custom CA, a client certificate, or (for tests only) no verification. */
export interface TlsOptions {
  /** CA certificates (PEM) to trust instead of the system's. */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Client certificate (PEM), for masters that require one. */
  readonly cert?: string | Buffer;
  /** Private key of the client certificate (PEM). */
  readonly key?: string | Buffer;
  /** Passphrase of `key`. */
  readonly passphrase?: string;
  /** Server name to verify, when it differs from the host in the URL. */
  readonly servername?: string;
  /** Default true; false accepts any certificate, which is only fit for tests. */
  readonly rejectUnauthorized?: boolean;
}

/** Options of {@link HttpTransport}. */
export interface TransportOptions {
  /** HTTP Basic credentials sent with every request. */
  readonly credentials?: Credentials;
  /** Extra headers sent with every request (e.g. an executor's bearer token). Never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: TlsOptions;
  /** Time to establish a connection (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Time a call may take, headers and body (default 75 s, the upstream guidance). */
  readonly requestTimeoutMs?: number;
  /** Connections per master for calls (default 4). */
  readonly connectionsPerMaster?: number;
}

/** Response headers with lowercase names. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The first value of a response header (undici gives repeated headers as arrays). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A complete response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: Uint8Array;
}

/** A streaming response on its own connection; `close()` drops that connection. */
export interface StreamResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: AsyncIterable<Uint8Array>;
  /** Reads the whole body (for error responses). */
  text(): Promise<string>;
  close(): void;
}

/** Sends requests to Mesos masters or agents. */
export class HttpTransport {
  private readonly pools = new Map<string, Pool>();
  private readonly streams = new Set<Client>();
  private closed = false;

  constructor(private readonly options: TransportOptions = {}) {}

  /** POSTs `body` on the pool of `url`'s origin and reads the whole response. */
  async post(
    url: URL,
    body: Uint8Array | string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<HttpResponse> {
    const pool = this.poolFor(url);
    const timeout = this.options.requestTimeoutMs ?? 75_000;
    try {
      const response = await pool.request({
        method: "POST",
        path: url.pathname + url.search,
        headers: this.headers(headers),
        body,
        signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const raw = new Uint8Array(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers, body: decompress(raw, response.headers) };
    } catch (error) {
      throw transportError(error, url, signal);
    }
  }

  /** POSTs `body` on a new connection of its own and returns the response as soon as its headers arrive. */
  async openStream(
    url: URL,
    body: Uint8Array | string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<StreamResponse> {
    this.assertOpen();
    const client = new Client(originOf(url), {
      connect: this.connectOptions(),
      // The event stream may be silent between heartbeats; the client's watchdog judges liveness.
      bodyTimeout: 0,
      headersTimeout: this.options.requestTimeoutMs ?? 75_000,
      pipelining: 1,
    });
    this.streams.add(client);
    const close = (): void => {
      if (this.streams.delete(client)) client.destroy().catch(() => {});
    };
    try {
      const response = await client.request({
        method: "POST",
        path: url.pathname + url.search,
        headers: this.headers(headers),
        body,
        signal,
      });
      const gzipped = response.headers["content-encoding"] === "gzip";
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        text: async () => {
          const raw = new Uint8Array(await response.body.arrayBuffer());
          return Buffer.from(gzipped ? gunzipSync(raw) : raw).toString("utf8");
        },
        close,
      };
    } catch (error) {
      close();
      throw transportError(error, url, signal);
    }
  }

  /** Closes every connection; streams end at once, pending calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    const all: Dispatcher[] = [...this.pools.values(), ...this.streams];
    this.pools.clear();
    this.streams.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => {})));
  }

  private poolFor(url: URL): Pool {
    this.assertOpen();
    const origin = originOf(url);
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connect: this.connectOptions(),
        connections: this.options.connectionsPerMaster ?? 4,
        pipelining: 1,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private connectOptions(): Record<string, unknown> {
    const tls = this.options.tls ?? {};
    const connect: Record<string, unknown> = { timeout: this.options.connectTimeoutMs ?? 10_000 };
    for (const key of ["ca", "cert", "key", "passphrase", "servername", "rejectUnauthorized"] as const) {
      if (tls[key] !== undefined) connect[key] = tls[key];
    }
    return connect;
  }

  private headers(headers: Record<string, string>): Record<string, string> {
    const all: Record<string, string> = { ...this.options.headers, ...headers };
    if (this.options.credentials) all["authorization"] = this.options.credentials.authorization();
    return all;
  }

  private assertOpen(): void {
    if (this.closed) throw new MesosTransportError("ERR_MESOS_CONNECTION", "The HTTP transport is closed.");
  }
}

function decompress(raw: Uint8Array, headers: ResponseHeaders): Uint8Array {
  if (headers["content-encoding"] !== "gzip") return raw;
  try {
    return gunzipSync(raw);
  } catch (error) {
    throw new MesosTransportError("ERR_MESOS_DECODE", "A gzip-encoded response did not decompress.", { cause: error });
  }
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/** Maps undici and socket errors onto transport errors; an abort by the caller is passed through. */
function transportError(error: unknown, url: URL, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof MesosTransportError) return error;
  const code = (error as { code?: string }).code ?? "";
  const causeCode = ((error as { cause?: { code?: string } }).cause?.code ?? "") as string;
  if (TIMEOUT_CODES.has(code)) {
    return new MesosTransportError("ERR_MESOS_TIMEOUT", `No answer from ${url.host} in time (${code}).`, {
      cause: error,
    });
  }
  const what = causeCode || code || (error as Error).message;
  return new MesosTransportError(
    "ERR_MESOS_CONNECTION",
    `Cannot talk to ${url.host}: ${what}. Check that the address is right and the master or agent is running.`,
    { cause: error },
  );
}
