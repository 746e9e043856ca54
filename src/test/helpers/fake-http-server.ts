/**
 * Plumbing shared by the fake master and the fake agent: a real HTTP(S) server on
 * 127.0.0.1, connection ids, request recording, scripted overrides, text error
 * responses and event streams. Subclasses only implement the endpoint's rules.
 */
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { MessageType } from "@create-mesos-framework/runtime/codec";
import { FakeExchange } from "./fake-exchange.js";
import type { RecordedRequest } from "./fake-exchange.js";
import type { FakeStream } from "./fake-stream.js";
import { FakeLog } from "./fake-waiters.js";
import { decodeCallBody } from "./fake-wire.js";

export { FakeExchange, type RecordedRequest } from "./fake-exchange.js";

/** A scripted answer; `destroy` drops the connection instead, `delayMs` answers late. */
export interface FakeResponse {
  status: number;
  /** Text bodies get `Content-Type: text/plain; charset=utf-8` unless `headers` sets one. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  destroy?: boolean;
  delayMs?: number;
}

/** A scripted override: a response, or undefined to leave the request to the next handler (`status` is still 0 then). */
export type FakeHandler<C> = (request: RecordedRequest<C>) => FakeResponse | undefined;

/** TLS material for an HTTPS fake. */
export interface FakeTlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
}

/** The common part of the fake servers; `S` is the type of the accepted event streams. */
export abstract class FakeHttpServer<C extends { type?: string }, S extends FakeStream<unknown>> {
  private server: Server | undefined;
  private baseUrl: URL | undefined;
  private connectionCount = 0;
  private readonly connectionIds = new WeakMap<Socket, number>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requestLog = new FakeLog<RecordedRequest<C>>("requests");
  private readonly subscriptionLog = new FakeLog<S>("subscriptions");
  private readonly nextHandlers: FakeHandler<C>[] = [];
  private readonly alwaysHandlers: FakeHandler<C>[] = [];
  private closing: Promise<void> | undefined;

  protected constructor(
    private readonly callType: MessageType<C>,
    private readonly tls: FakeTlsOptions | undefined,
  ) {}

  /** The default behaviour of the endpoint, run when no override answered. */
  protected abstract handle(exchange: FakeExchange<C>): void;

  /** Base URL `http(s)://127.0.0.1:<port>`, without a path. */
  get url(): URL {
    if (!this.baseUrl) throw new Error("The fake server is not listening yet");
    return new URL(this.baseUrl);
  }

  /** The port the server listens on. */
  get port(): number {
    return Number(this.url.port);
  }

  /** Every answered request, oldest first. */
  get requests(): readonly RecordedRequest<C>[] {
    return this.requestLog.items;
  }

  /** Every accepted SUBSCRIBE stream, oldest first. */
  get subscriptions(): readonly S[] {
    return this.subscriptionLog.items;
  }

  /**
   * The oldest recorded request matching `predicate` that no earlier
   * `waitForRequest` returned, waiting for a future one if none: successive
   * calls with the same predicate return successive matches.
   */
  waitForRequest(predicate: (request: RecordedRequest<C>) => boolean, timeoutMs = 5000): Promise<RecordedRequest<C>> {
    return this.requestLog.take(predicate, timeoutMs, "a matching request");
  }

  /** The `index`-th (0-based) recorded request whose decoded call has `type`, waiting if fewer were received. */
  waitForCall(type: string, index = 0, timeoutMs = 5000): Promise<RecordedRequest<C>> {
    const description = `${type} call #${index}`;
    return this.requestLog.nth((r) => r.call?.type === type, index, timeoutMs, description);
  }

  /** The oldest accepted subscription no earlier `nextSubscription` returned, waiting for one if needed. */
  nextSubscription(timeoutMs = 5000): Promise<S> {
    return this.subscriptionLog.take(() => true, timeoutMs, "a subscription");
  }

  /** Queues a one-shot override; overrides are tried in order and one is used up only when it answers. */
  respondNext(handler: FakeHandler<C>): void {
    this.nextHandlers.push(handler);
  }

  /** Adds a persistent override, tried after the one-shot ones; returns a function removing it. */
  respondAlways(handler: FakeHandler<C>): () => void {
    this.alwaysHandlers.push(handler);
    return () => {
      const at = this.alwaysHandlers.indexOf(handler);
      if (at >= 0) this.alwaysHandlers.splice(at, 1);
    };
  }

  /** Ends every stream, drops every connection and stops listening; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      for (const stream of this.subscriptions) stream.end();
      this.requestLog.close();
      this.subscriptionLog.close();
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  /** Records an accepted stream so that tests can reach it. */
  protected addSubscription(stream: S): void {
    this.subscriptionLog.push(stream);
  }

  /** Runs `action` after `ms` unless the server closes first. */
  protected later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** Starts listening on 127.0.0.1 with an ephemeral port. */
  protected async listen(): Promise<void> {
    const server = this.tls ? createHttpsServer({ key: this.tls.key, cert: this.tls.cert }) : createHttpServer();
    // Like libprocess, never close idle keep-alive connections on a timer.
    server.keepAliveTimeout = 0;
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
      if (!this.tls) this.connectionIds.set(socket, ++this.connectionCount);
    });
    // Requests of an HTTPS server arrive on the TLS socket, not on the raw one.
    server.on("secureConnection", (socket: Socket) => this.connectionIds.set(socket, ++this.connectionCount));
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.receive(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    const { port } = server.address() as { port: number };
    this.baseUrl = new URL(`${this.tls ? "https" : "http"}://127.0.0.1:${port}`);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => undefined);
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const decoded = decodeCallBody(this.callType, headers["content-type"], body);
      const record: RecordedRequest<C> = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers,
        body,
        call: decoded.ok ? decoded.call : undefined,
        connectionId: this.connectionIds.get(req.socket) ?? 0,
        status: 0,
      };
      const exchange = new FakeExchange(record, decoded, res, (status) => {
        record.status = status;
        this.requestLog.push(record);
      });
      this.dispatch(exchange);
    });
  }

  private dispatch(exchange: FakeExchange<C>): void {
    try {
      const scripted = this.scripted(exchange.request);
      if (scripted) this.answerScripted(exchange, scripted);
      else this.handle(exchange);
    } catch (e) {
      // A bug in a handler shows up as a 500 carrying the error instead of a hung request.
      if (!exchange.answered) exchange.text(500, `Fake server error: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  private scripted(request: RecordedRequest<C>): FakeResponse | undefined {
    for (let i = 0; i < this.nextHandlers.length; i++) {
      const response = this.nextHandlers[i]!(request);
      if (response) {
        this.nextHandlers.splice(i, 1);
        return response;
      }
    }
    for (const handler of this.alwaysHandlers) {
      const response = handler(request);
      if (response) return response;
    }
    return undefined;
  }

  private answerScripted(exchange: FakeExchange<C>, response: FakeResponse): void {
    const answer = (): void => {
      if (response.destroy) exchange.destroy();
      else exchange.reply(response.status, response.body, response.headers);
    };
    if (response.delayMs) this.later(response.delayMs, answer);
    else answer();
  }
}
