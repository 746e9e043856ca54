// The fake Mesos master of the `stream` benchmark, in a process of its own (so
// that writing the stream does not share an event loop with the client being
// measured). Forked by stream.ts with an IPC channel.
//
// It builds the event stream once per encoding (Mesos JSON with our
// `Event.toJson`, protobuf with `Event.toBinary`; the same events in both), frames
// it as RecordIO (`<decimal length>\n<payload>`, what Mesos writes), and plans
// the HTTP chunks once per stream: RANDOM sizes that ignore record boundaries
// (seeded; mostly 1 B..64 KiB uniform, one chunk in eight 1..64 B so that length
// prefixes are cut too), or one chunk per record ("records", what a peer that
// needs aligned chunks gets). Every run of a stream sends exactly the same chunks.
//
// The coordinator "arms" the server with the stream (size, chunking) that the
// next SUBSCRIBE gets; a SUBSCRIBE that finds it unarmed gets 503, so a client
// that re-subscribes after the end of the stream cannot start a second one.
// POST /api/v1/scheduler (and /master/api/v1/scheduler): SUBSCRIBE answers 200,
// chunked, Content-Type per Accept (application/x-protobuf, else
// application/json), a Mesos-Stream-Id, then the stream, then the end of the
// response. Other calls get 202.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { scheduler } from "../src/generated/mesos-1.11.0/index.js";
import { Tally, randomInt, seededRandom, streamEvents, type Fingerprint } from "./stream-events.js";

/** Seed of the events, and of the chunk sizes. */
const EVENTS_SEED = 20261126;
const CHUNKS_SEED = 1_234_567;

export type Encoding = "json" | "protobuf";
export type Chunking = "random" | "records";
export type StreamSize = "small" | "large";

/** What the server tells the coordinator about one stream size. */
export interface StreamInfo {
  events: number;
  fingerprint: Fingerprint;
  bytes: Record<Encoding, number>;
  /** Number of HTTP chunks, and how many of them start at a record boundary, per encoding and chunking. */
  chunks: Record<Encoding, Record<Chunking, { count: number; atBoundary: number }>>;
}
export type ServerRequest = { type: "arm"; size: StreamSize; chunking: Chunking } | { type: "exit" };
export type ServerReply =
  | { type: "ready"; port: number; buildSeconds: number; streams: Record<StreamSize, StreamInfo> }
  | { type: "armed" }
  | { type: "served"; encoding: Encoding; bytes: number; complete: boolean };

interface Framed {
  /** The whole stream, records back to back. */
  bytes: Uint8Array;
  /** End offset of every record. */
  ends: number[];
}

/** Encodes events until the JSON stream reaches each size; the small stream is a prefix of the large one. */
function build(sizes: Record<StreamSize, number>) {
  const parts: Record<Encoding, Uint8Array[]> = { json: [], protobuf: [] };
  const ends: Record<Encoding, number[]> = { json: [], protobuf: [] };
  const length: Record<Encoding, number> = { json: 0, protobuf: 0 };
  const utf8 = new TextEncoder();
  const tally = new Tally(Infinity);
  const add = (encoding: Encoding, payload: Uint8Array) => {
    const prefix = utf8.encode(`${payload.length}\n`);
    parts[encoding].push(prefix, payload);
    length[encoding] += prefix.length + payload.length;
    ends[encoding].push(length[encoding]);
  };
  let small: { events: number; fingerprint: Fingerprint } | undefined;
  for (const event of streamEvents(EVENTS_SEED)) {
    add("json", utf8.encode(scheduler.Event.toJson(event)));
    add("protobuf", scheduler.Event.toBinary(event));
    tally.add(event);
    if (!small && length.json >= sizes.small) small = { events: tally.events, fingerprint: tally.fingerprint() };
    if (length.json >= sizes.large) break;
  }
  const concat = (encoding: Encoding): Framed => {
    const bytes = new Uint8Array(length[encoding]);
    let at = 0;
    for (const part of parts[encoding]) {
      bytes.set(part, at);
      at += part.length;
    }
    return { bytes, ends: ends[encoding] };
  };
  const full = { json: concat("json"), protobuf: concat("protobuf") };
  const prefix = (f: Framed, events: number): Framed => ({
    bytes: f.bytes.subarray(0, f.ends[events - 1]),
    ends: f.ends.slice(0, events),
  });
  return {
    large: { events: tally.events, fingerprint: tally.fingerprint(), framed: full },
    small: {
      ...small!,
      framed: { json: prefix(full.json, small!.events), protobuf: prefix(full.protobuf, small!.events) },
    },
  };
}

/** Chunk boundaries (offsets, first 0, last the length) for a framed stream. */
function planChunks(framed: Framed, chunking: Chunking): number[] {
  if (chunking === "records") return [0, ...framed.ends];
  const random = seededRandom(CHUNKS_SEED);
  const cuts = [0];
  for (let at = 0; at < framed.bytes.length;) {
    at = Math.min(
      framed.bytes.length,
      at + (random() < 1 / 8 ? randomInt(random, 1, 64) : randomInt(random, 1, 65536)),
    );
    cuts.push(at);
  }
  return cuts;
}

function countAtBoundary(cuts: number[], ends: number[]): number {
  const boundaries = new Set(ends);
  return cuts.slice(1, -1).filter((c) => boundaries.has(c)).length;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** The call's type; like Mesos, reads protobuf or JSON per Content-Type. */
function callType(body: Buffer, contentType: string | undefined): string | undefined {
  if (contentType?.includes("application/x-protobuf")) return scheduler.Call.fromBinary(body).type;
  try {
    return scheduler.Call.fromJson(body).type;
  } catch {
    // A peer's JSON that our strict reader refuses (e.g. `null` fields): only its type matters here.
    return (JSON.parse(body.toString()) as { type?: string }).type;
  }
}

async function main() {
  const arg = (name: string) => Number(process.argv[process.argv.indexOf(name) + 1]);
  const started = performance.now();
  const built = build({ small: arg("--small"), large: arg("--large") });
  const plans = new Map<string, { bytes: Uint8Array; cuts: number[] }>();
  const streams = {} as Record<StreamSize, StreamInfo>;
  for (const size of ["small", "large"] as const) {
    const { events, fingerprint, framed } = built[size];
    const info: StreamInfo = {
      events,
      fingerprint,
      bytes: { json: framed.json.bytes.length, protobuf: framed.protobuf.bytes.length },
      chunks: {} as StreamInfo["chunks"],
    };
    for (const encoding of ["json", "protobuf"] as const) {
      info.chunks[encoding] = {} as Record<Chunking, { count: number; atBoundary: number }>;
      for (const chunking of ["random", "records"] as const) {
        const cuts = planChunks(framed[encoding], chunking);
        plans.set(`${size}/${encoding}/${chunking}`, { bytes: framed[encoding].bytes, cuts });
        info.chunks[encoding][chunking] = {
          count: cuts.length - 1,
          atBoundary: countAtBoundary(cuts, framed[encoding].ends),
        };
      }
    }
    streams[size] = info;
  }
  const send = (reply: ServerReply) => process.send!(reply);

  let armed: { size: StreamSize; chunking: Chunking } | undefined;
  const stream = async (res: ServerResponse, encoding: Encoding, plan: { bytes: Uint8Array; cuts: number[] }) => {
    res.writeHead(200, {
      "Content-Type": encoding === "json" ? "application/json" : "application/x-protobuf",
      "Mesos-Stream-Id": randomUUID(),
      "Cache-Control": "no-cache",
    });
    let closed = false;
    let drained: (() => void) | undefined;
    res.on("close", () => {
      closed = true;
      drained?.();
    });
    res.on("drain", () => drained?.());
    const { bytes, cuts } = plan;
    let sent = 0;
    for (let i = 1; i < cuts.length && !closed; i++) {
      if (!res.write(bytes.subarray(cuts[i - 1], cuts[i]))) {
        await new Promise<void>((resolve) => (drained = resolve));
        drained = undefined;
      }
      sent = cuts[i]!;
    }
    if (!closed) res.end();
    send({ type: "served", encoding, bytes: sent, complete: sent === bytes.length });
  };

  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method !== "POST" || (path !== "/api/v1/scheduler" && path !== "/master/api/v1/scheduler")) {
      res.writeHead(404).end();
      return;
    }
    readBody(req)
      .then(async (body) => {
        const type = callType(body, req.headers["content-type"]);
        if (type !== "SUBSCRIBE") {
          res.writeHead(202).end();
          return;
        }
        if (!armed) {
          res.writeHead(503, { "Content-Type": "text/plain" }).end("bench server: no stream armed");
          return;
        }
        const encoding: Encoding = req.headers.accept?.includes("application/x-protobuf") ? "protobuf" : "json";
        const plan = plans.get(`${armed.size}/${encoding}/${armed.chunking}`)!;
        armed = undefined;
        await stream(res, encoding, plan);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { "Content-Type": "text/plain" }).end(String(error));
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.on("message", (request: ServerRequest) => {
    if (request.type === "exit") process.exit(0);
    armed = { size: request.size, chunking: request.chunking };
    send({ type: "armed" });
  });
  process.on("disconnect", () => process.exit(0));
  send({
    type: "ready",
    port: (server.address() as AddressInfo).port,
    buildSeconds: (performance.now() - started) / 1000,
    streams,
  });
}

await main();
