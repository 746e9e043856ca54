/**
 * The HTTP side of mini-mesos processes: a server on 127.0.0.1 (ephemeral
 * port), request bodies read whole (with a size limit), one id per TCP
 * connection, and a close that leaves no socket behind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Largest request body accepted, like a sane libprocess deployment would. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** A request with its body, as handlers see it. */
export interface Request {
  readonly method: string;
  /** Path without query. */
  readonly path: string;
  /** The request target as sent (path and query). */
  readonly target: string;
  /** Lowercase header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Id of the TCP connection, unique per server. */
  readonly connectionId: number;
}

/** A plain response. */
export interface Response {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Handles a request: returns a response, or takes over `res` (streams) and returns undefined. */
export type Handler = (request: Request, res: ServerResponse) => Response | undefined | Promise<Response | undefined>;

/** A listening server; `close()` ends every connection. */
export class HttpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private connections = 0;
  private baseUrl: URL | undefined;

  constructor(private readonly handler: Handler) {}

  /** Listens on 127.0.0.1 (port 0: any free port unless given). */
  async listen(port = 0): Promise<URL> {
    const server = createServer((req, res) => void this.receive(req, res));
    server.keepAliveTimeout = 0;
    server.on("connection", (socket: Socket) => {
      this.connectionIds.set(socket, ++this.connections);
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return this.baseUrl;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): URL {
    if (!this.baseUrl) throw new Error("the server is not listening");
    return new URL(this.baseUrl);
  }

  get port(): number {
    return Number(this.url.port);
  }

  /** Stops listening and destroys every open connection (streams included). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Drops every open connection without closing the server (a network blip). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    res.on("error", () => undefined);
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    }
    if (tooLarge) return send(res, { status: 413, body: "413 Request Entity Too Large." });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const url = req.url ?? "/";
    const request: Request = {
      method: req.method ?? "GET",
      path: url.split("?", 1)[0]!,
      target: url,
      headers,
      body: Buffer.concat(chunks),
      connectionId: this.connectionIds.get(req.socket) ?? 0,
    };
    try {
      const response = await this.handler(request, res);
      if (response) send(res, response);
    } catch (error) {
      // A bug in the simulator must not take the cluster down; the client sees a 500 that says so.
      send(res, { status: 500, body: `mini-mesos internal error: ${(error as Error).stack ?? String(error)}` });
    }
  }
}

/** Writes a plain response; text bodies are sent as Mesos sends its errors. */
export function send(res: ServerResponse, response: Response): void {
  if (res.headersSent) return;
  const body = response.body ?? "";
  const headers: Record<string, string> = { ...response.headers };
  if (typeof body === "string" && body !== "" && !hasHeader(headers, "content-type")) {
    headers["Content-Type"] = "text/plain; charset=utf-8";
  }
  headers["Content-Length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((h) => h.toLowerCase() === name);
}
