/**
 * One Mesos API path (`/api/v1/scheduler`, `/api/v1/executor`) on whichever
 * master currently leads: asks the detector, follows `307` redirects from
 * non-leaders (Location is protocol-relative), and turns error statuses into
 * {@link MesosHttpError}s. Retrying is the caller's job: it knows the backoff.
 */
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import { endpointUrl, resolveRedirect } from "./endpoint.js";
import { MesosHttpError, MesosTransportError } from "./errors.js";
import type { MasterDetector } from "./master-detector.js";
import type { HttpResponse, HttpTransport, StreamResponse } from "./transport.js";

/** Options of {@link ApiEndpoint}. */
export interface ApiEndpointOptions {
  readonly detector: MasterDetector;
  readonly transport: HttpTransport;
  /** The API path below a master's base URL, e.g. `/api/v1/scheduler`. */
  readonly apiPath: string;
  /** Redirect hops allowed per request (default 5). */
  readonly maxRedirects?: number;
  readonly logger?: Logger;
  /** Told about each redirect followed. */
  readonly onRedirect?: (from: URL, to: URL) => void;
}

/** A request's target and its outcome. */
export interface Answer<R> {
  readonly url: URL;
  readonly response: R;
}

/** Sends requests to an API path of the leading master. */
export class ApiEndpoint {
  /** The endpoint URL of the master last talked to; cleared when it fails. */
  private current: URL | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: ApiEndpointOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** The endpoint URL requests go to now (asks the detector when none is known). */
  async target(signal?: AbortSignal): Promise<URL> {
    if (this.current) return this.current;
    const leader = await this.options.detector.leader(signal);
    this.current = endpointUrl(leader, this.options.apiPath);
    return this.current;
  }

  /** Forgets the current master, so the next request asks the detector again. */
  forget(): void {
    this.current = undefined;
  }

  /** Opens a streaming request (SUBSCRIBE); resolves once a 2xx response's headers arrive. */
  async openStream(call: string, body: Uint8Array | string, headers: Record<string, string>, signal?: AbortSignal) {
    return this.send<StreamResponse>(
      call,
      (url) => this.options.transport.openStream(url, body, headers, signal),
      (r) => r.text(),
      (r) => r.close(),
      signal,
    );
  }

  /** Sends a call and reads the whole response; resolves for 2xx. */
  async post(call: string, body: Uint8Array | string, headers: Record<string, string>, signal?: AbortSignal) {
    return this.send<HttpResponse>(
      call,
      (url) => this.options.transport.post(url, body, headers, signal),
      async (r) => Buffer.from(r.body).toString("utf8"),
      () => {},
      signal,
    );
  }

  private async send<R extends { status: number; headers: HttpResponse["headers"] }>(
    call: string,
    request: (url: URL) => Promise<R>,
    readText: (response: R) => Promise<string>,
    discard: (response: R) => void,
    signal: AbortSignal | undefined,
  ): Promise<Answer<R>> {
    const maxRedirects = this.options.maxRedirects ?? 5;
    let url = await this.target(signal);
    for (let hops = 0; ; hops++) {
      let response: R;
      try {
        response = await request(url);
      } catch (error) {
        if (error instanceof MesosTransportError) this.failed(url);
        throw error;
      }
      if (response.status >= 200 && response.status < 300) return { url, response };
      if (response.status === 307) {
        const location = response.headers["location"];
        discard(response);
        const next = resolveRedirect(Array.isArray(location) ? location[0] : location, url);
        if (hops >= maxRedirects) {
          this.failed(url);
          throw new MesosTransportError(
            "ERR_MESOS_REDIRECT_LOOP",
            `More than ${maxRedirects} redirects for ${call} (last ${url.host} → ${next.host}); the masters disagree about the leader.`,
          );
        }
        this.logger.info({ call, from: url.href, to: next.href }, "following redirect to the leading master");
        this.options.onRedirect?.(url, next);
        this.current = next;
        url = next;
        continue;
      }
      let text = "";
      try {
        text = await readText(response);
      } catch {
        // The status alone still says what happened.
      }
      discard(response);
      if (response.status === 503 || response.status === 404) this.failed(url);
      throw new MesosHttpError(response.status, text, call, url.href);
    }
  }

  private failed(url: URL): void {
    if (this.current?.href === url.href) this.current = undefined;
    this.options.detector.failed(new URL(url.origin));
  }
}
