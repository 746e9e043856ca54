// The clients the `stream` benchmark compares, one per worker process. Each
// subscribes to the bench server, counts every event into a Tally (type, offers,
// int64 nanoseconds), and returns how the stream ended. A contender sets
// `tally.startedAt` when it sends SUBSCRIBE; the Tally notes when the last
// expected event was counted.
import { mkdirSync } from "node:fs";
import { Agent as HttpAgent } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { WORK_DIR } from "./harness.mjs";
import type { Tally } from "./stream-events.js";

/** One round: where the server is, and the bounded wait. */
export interface RoundSpec {
  port: number;
  timeoutMs: number;
}
/** How a round ended: every expected event counted, the stream ended first, the wait ran out, or an error. */
export interface RoundOutcome {
  end: "complete" | "stream end" | "timeout" | "error";
  /** Errors the client reported along the way (mesos-framework emits one per chunk it cannot parse). */
  errors: number;
  detail?: string;
}
export interface Contender {
  /** What runs, e.g. which client implementation. */
  info: Record<string, unknown>;
  run(spec: RoundSpec, tally: Tally): Promise<RoundOutcome>;
}
export type ContenderId = "baseline" | "ours-json" | "ours-protobuf" | "mesos-framework" | "mesos-framework-aligned";

const SUBSCRIBE_JSON = JSON.stringify({
  type: "SUBSCRIBE",
  subscribe: { framework_info: { user: "bench", name: "bench" } },
});
const outcome = (tally: Tally, errors = 0, detail?: string): RoundOutcome => ({
  end: tally.doneAt !== undefined ? "complete" : "stream end",
  errors,
  detail,
});
const message = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0]!;

/** Loads one contender (and only its modules). */
export async function loadContender(id: ContenderId): Promise<Contender> {
  switch (id) {
    case "baseline":
      return baseline();
    case "ours-json":
      return ours("json");
    case "ours-protobuf":
      return ours("protobuf");
    case "mesos-framework":
    case "mesos-framework-aligned":
      return mesosFramework();
  }
}

// ---------------------------------------------------------------------------
// baseline: undici request() + a minimal hand-written RecordIO splitter + JSON.parse.

/** The baseline's RecordIO splitter: what one writes by hand, linear, records as views when they fit a chunk. */
class MinimalSplitter {
  private prefix = "";
  private body: Buffer | undefined;
  private filled = 0;

  push(chunk: Buffer, onRecord: (record: Buffer) => void): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.body === undefined) {
        const newline = chunk.indexOf(10, pos);
        if (newline === -1) {
          this.prefix += chunk.toString("latin1", pos);
          return;
        }
        const length = Number(this.prefix + chunk.toString("latin1", pos, newline));
        this.prefix = "";
        pos = newline + 1;
        if (chunk.length - pos >= length) {
          onRecord(chunk.subarray(pos, pos + length));
          pos += length;
          continue;
        }
        this.body = Buffer.allocUnsafe(length);
        this.filled = 0;
      }
      const n = Math.min(this.body.length - this.filled, chunk.length - pos);
      chunk.copy(this.body, this.filled, pos, pos + n);
      this.filled += n;
      pos += n;
      if (this.filled === this.body.length) {
        const record = this.body;
        this.body = undefined;
        onRecord(record);
      }
    }
  }
}

async function baseline(): Promise<Contender> {
  const { Client, request } = await import("undici");
  return {
    info: { client: "undici request() on a connection of its own + minimal splitter + JSON.parse" },
    async run({ port }, tally) {
      tally.startedAt = performance.now();
      // Every subscription is a connection of its own (Mesos answers calls on other connections), for every
      // contender alike: reusing the previous stream's connection, with its grown TCP windows, would be a
      // head start no real subscription has.
      const dispatcher = new Client(`http://127.0.0.1:${port}`);
      try {
        const { statusCode, body } = await request(`http://127.0.0.1:${port}/api/v1/scheduler`, {
          dispatcher,
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: SUBSCRIBE_JSON,
        });
        if (statusCode !== 200) return { end: "error", errors: 1, detail: `HTTP ${statusCode}: ${await body.text()}` };
        const splitter = new MinimalSplitter();
        const onRecord = (record: Buffer) => tally.add(JSON.parse(record.toString()) as { type?: string });
        for await (const chunk of body) splitter.push(chunk as Buffer, onRecord);
        return outcome(tally);
      } finally {
        await dispatcher.destroy();
      }
    },
  };
}

// ---------------------------------------------------------------------------
// ours: the SchedulerClient of the runtime, as built (dist/, like the other benchmarks).

async function ours(encoding: "json" | "protobuf"): Promise<Contender> {
  const { SchedulerClient } = await import("@create-mesos-framework/runtime/scheduler");
  return {
    info: { client: "SchedulerClient (src/dist/scheduler)", encoding },
    async run({ port, timeoutMs }, tally) {
      const client = new SchedulerClient({
        master: `http://127.0.0.1:${port}`,
        framework: { user: "bench", name: "bench" },
        encoding,
        // No ACKNOWLEDGE call per status update: the other clients send none either; this measures the stream.
        acknowledge: "manual",
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        void client.close();
      }, timeoutMs);
      try {
        tally.startedAt = performance.now();
        // Leaving the loop ends the subscription.
        for await (const event of client.subscribe()) if (tally.add(event)) break;
        return timedOut ? { end: "timeout", errors: 0 } : outcome(tally);
      } catch (error) {
        return { end: timedOut ? "timeout" : "error", errors: 1, detail: message(error) };
      } finally {
        clearTimeout(timer);
        await client.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------
// mesos-framework 0.5.3 (CommonJS): its Scheduler, with a handler per event type that counts.

interface MesosFrameworkScheduler {
  requestTemplate: { agent?: unknown };
  httpRequest: { destroy?: () => void };
  on(event: string, listener: (value: unknown) => void): void;
  subscribe(): void;
}
type MesosFrameworkSchedulerClass = new (options: Record<string, unknown>) => MesosFrameworkScheduler;
const EVENT_TYPES = ["SUBSCRIBED", "OFFERS", "RESCIND", "UPDATE", "MESSAGE", "FAILURE", "ERROR", "HEARTBEAT"];

function mesosFramework(): Contender {
  const require = createRequire(import.meta.url);
  const { Scheduler } = require("mesos-framework") as { Scheduler: MesosFrameworkSchedulerClass };
  const version = (require("mesos-framework/package.json") as { version: string }).version;
  const logs = join(WORK_DIR, "stream-logs");
  mkdirSync(logs, { recursive: true });
  return {
    info: { client: `mesos-framework ${version} Scheduler` },
    run: ({ port, timeoutMs }, tally) =>
      new Promise<RoundOutcome>((resolve) => {
        // Handlers of one argument replace the default ones (which would accept or decline offers and
        // acknowledge updates with calls to the master): this measures receiving and parsing events.
        const handlers = Object.fromEntries(
          EVENT_TYPES.map((type) => [type, (payload: unknown) => void tally.addTyped(type, payload)]),
        );
        const scheduler = new Scheduler({
          masterUrl: "127.0.0.1",
          port,
          frameworkName: "bench",
          user: "bench",
          handlers,
          logging: { path: logs, fileName: "mesos-framework.log", level: "error" },
          // After the end of the stream it re-subscribes after a backoff, and on a socket timeout it looks for a
          // new leader and exits the process when none answers: keep both out of the way of the measurement.
          masterConnectionTimeout: 3600,
          exponentialBackoffMinimum: 3600,
          exponentialBackoffMaximum: 3600,
        });
        // No pooled keep-alive socket is left behind with the Scheduler's timeout listener on it.
        scheduler.requestTemplate.agent = new HttpAgent({ keepAlive: false });
        let errors = 0;
        let firstError: string | undefined;
        let settled = false;
        const finish = (end: RoundOutcome["end"]) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          // The end of the stream made it create its re-subscription request (body sent after the backoff): drop it.
          setImmediate(() => {
            scheduler.httpRequest.destroy?.();
            resolve({
              end: end === "stream end" && tally.doneAt !== undefined ? "complete" : end,
              errors,
              detail: firstError,
            });
          });
        };
        const timer = setTimeout(() => finish("timeout"), timeoutMs);
        scheduler.on("error", (error) => {
          const text = message(error);
          if (text === "Long-running connection was closed!") return finish("stream end");
          if (settled) return;
          errors++;
          firstError ??= text.slice(0, 100);
        });
        scheduler.on("ready", () => {
          tally.startedAt = performance.now();
          scheduler.subscribe();
        });
      }),
  };
}
