// The worker processes of the `minimesos` benchmark (forked by minimesos.ts, one per measurement, under tsx with
// --expose-gc). Mini-mesos and our SchedulerClient are the built runtime (src/dist), and run in this one process, as
// in a framework's tests.
//
//  --scale <agents> <tasks> <limit ms>: starts mini-mesos (`taskMode: "inline"`, `strict: false`), subscribes a
//    simple scheduler (our SchedulerClient, protobuf, automatic acknowledgements) that launches ceil(tasks / agents)
//    tasks of 0.1 cpu / 32 MB (command `run-forever`: runs until killed) on each offer until `tasks` are launched,
//    and counts the distinct tasks that reached TASK_RUNNING. Times the phases, samples memory, and sends one
//    ScaleResult; after `limit ms` it sends what it has (finished: false) instead.
//  --startup <reps> <warm-up reps>: time to a listening plain Node HTTP server (and to its first answer) vs time to
//    a usable 3-agent mini-mesos (startMiniMesos resolved, then a SUBSCRIBE answered with SUBSCRIBED), medians of
//    `reps` rounds after the warm-up ones, the order rotated every round. Sends one StartupResult.
import { existsSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SchedulerClient } from "@create-mesos-framework/runtime/scheduler";
import type { mesos } from "../src/generated/mesos-1.11.0/index.js";
import type * as ClusterModule from "../src/testing/cluster.js";
import { ROOT, median, rotate } from "./harness.mjs";

/** What a scale worker reports. Times are ms from the call of startMiniMesos (t0); NaN when not reached. */
export interface ScaleResult {
  type: "scale";
  agents: number;
  tasks: number;
  /** Every task reached TASK_RUNNING within the limit. */
  finished: boolean;
  limitMs: number;
  /** Distinct tasks seen in TASK_RUNNING. */
  running: number;
  /** Tasks sent in ACCEPT calls. */
  launched: number;
  /** startMiniMesos resolved. */
  startedMs: number;
  /** The SUBSCRIBED event arrived. */
  subscribedMs: number;
  /** The first OFFERS event arrived. */
  offersMs: number;
  /** Every ACCEPT call was answered (202). */
  launchedMs: number;
  /** The last task reached TASK_RUNNING. */
  doneMs: number;
  /** CPU time (user + system) of the worker from t0 to the end, ms. */
  cpuMs: number;
  /** After loading the modules, before the cluster (after a GC). */
  idle: { rss: number; heapUsed: number };
  /** Highest RSS and heapUsed from t0 to the end (sampled every 50 ms and every 500 RUNNING updates). */
  peakRss: number;
  peakHeap: number;
  /** heapUsed after a GC once every task ran, minus the idle heapUsed (NaN when not finished). */
  keptHeap: number;
  events: { offers: number; offersEvents: number; starting: number; running: number; duplicates: number };
  calls: { accept: number; decline: number; failed: number; firstError?: string };
  /** Entries of the cluster's log (every call received and event sent) at the end. */
  logEntries: number;
  error?: string;
}

/** Milliseconds of each startup round, per measurement. */
export interface StartupResult {
  type: "startup";
  reps: number;
  warmup: number;
  samples: Record<StartupMeasure, number[]>;
  medians: Record<StartupMeasure, number>;
  error?: string;
}
export type StartupMeasure =
  "plainListening" | "plainAnswered" | "miniStarted" | "miniSubscribedRaw" | "clientMiniStarted" | "clientSubscribed";

type Cluster = typeof ClusterModule;
const DIST_CLUSTER = join(ROOT, "src", "dist", "testing", "cluster.js");

/** mini-mesos as built (src/dist/testing): the types come from the sources, the code from dist, like our client. */
async function loadMiniMesos(): Promise<Cluster["startMiniMesos"]> {
  if (!existsSync(DIST_CLUSTER)) throw new Error(`${DIST_CLUSTER} is missing: run npm run build first.`);
  return ((await import(pathToFileURL(DIST_CLUSTER).href)) as Cluster).startMiniMesos;
}

const FRAMEWORK: mesos.FrameworkInfo = {
  user: "bench",
  name: "bench-minimesos",
  roles: ["*"],
  capabilities: [{ type: "MULTI_ROLE" }],
};
const TASK_CPUS = 0.1;
const TASK_MEM = 32;
const message = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0]!;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function scalarOf(offer: mesos.Offer, name: string): number {
  let sum = 0;
  for (const r of offer.resources ?? []) if (r.name === name && r.type === "SCALAR") sum += r.scalar?.value ?? 0;
  return sum;
}

/** Sends the result to the coordinator, then exits (the cluster is not closed: exiting frees everything). */
function finish(result: ScaleResult | StartupResult): void {
  if (process.send) process.send(result, () => process.exit(0));
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`, () => process.exit(0));
}

// ---------------------------------------------------------------------------
// Scale: N tasks RUNNING.

async function scale(agents: number, tasks: number, limitMs: number): Promise<void> {
  const startMiniMesos = await loadMiniMesos();
  gc();
  const idleUsage = process.memoryUsage();
  const r: ScaleResult = {
    type: "scale",
    agents,
    tasks,
    finished: false,
    limitMs,
    running: 0,
    launched: 0,
    startedMs: NaN,
    subscribedMs: NaN,
    offersMs: NaN,
    launchedMs: NaN,
    doneMs: NaN,
    cpuMs: NaN,
    idle: { rss: idleUsage.rss, heapUsed: idleUsage.heapUsed },
    peakRss: idleUsage.rss,
    peakHeap: idleUsage.heapUsed,
    keptHeap: NaN,
    events: { offers: 0, offersEvents: 0, starting: 0, running: 0, duplicates: 0 },
    calls: { accept: 0, decline: 0, failed: 0 },
    logEntries: 0,
  };
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > r.peakRss) r.peakRss = m.rss;
    if (m.heapUsed > r.peakHeap) r.peakHeap = m.heapUsed;
  };
  const sampler = setInterval(sample, 50);
  let cluster: ClusterModule.MiniMesos | undefined;
  let sent = false;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const since = () => performance.now() - t0;
  const report = (error?: string) => {
    if (sent) return;
    sent = true;
    clearInterval(sampler);
    sample();
    const cpu = process.cpuUsage(cpu0);
    if (Number.isNaN(r.cpuMs)) r.cpuMs = (cpu.user + cpu.system) / 1000;
    r.logEntries = cluster?.log.length ?? 0;
    if (error) r.error = error;
    finish(r);
  };
  // The bounded wait: whatever state the run is in, the coordinator hears about it.
  const limit = setTimeout(() => report(), limitMs);
  try {
    cluster = await startMiniMesos({ agents, taskMode: "inline", clock: "real", seed: 1, strict: false });
    r.startedMs = since();
    const client = new SchedulerClient({ master: cluster.masterUrl.href, framework: FRAMEWORK, encoding: "protobuf" });
    const perAgent = Math.ceil(tasks / agents);
    const seen = new Set<string>();
    const running = new Set<string>();
    let accepts = 0;
    let answered = 0;
    const failed = (error: unknown) => {
      r.calls.failed++;
      r.calls.firstError ??= message(error);
    };
    for await (const event of client.subscribe()) {
      if (event.type === "SUBSCRIBED") {
        if (Number.isNaN(r.subscribedMs)) r.subscribedMs = since();
      } else if (event.type === "OFFERS") {
        if (Number.isNaN(r.offersMs)) r.offersMs = since();
        const offers = event.offers.offers ?? [];
        r.events.offersEvents++;
        r.events.offers += offers.length;
        for (const offer of offers) {
          const fit = Math.min(
            Math.floor(scalarOf(offer, "cpus") / TASK_CPUS + 1e-9),
            Math.floor(scalarOf(offer, "mem") / TASK_MEM),
          );
          const count = Math.min(perAgent, fit, tasks - r.launched);
          if (count <= 0) {
            r.calls.decline++;
            client.call.decline({ offer_ids: [offer.id], filters: { refuse_seconds: 3600 } }).catch(failed);
            continue;
          }
          const taskInfos: mesos.TaskInfo[] = [];
          for (let i = 0; i < count; i++) {
            const id = `task-${r.launched++}`;
            taskInfos.push({
              name: id,
              task_id: { value: id },
              agent_id: offer.agent_id,
              resources: [
                { name: "cpus", type: "SCALAR", scalar: { value: TASK_CPUS } },
                { name: "mem", type: "SCALAR", scalar: { value: TASK_MEM } },
              ],
              command: { value: "run-forever" },
            });
          }
          r.calls.accept++;
          accepts++;
          // Not awaited: the loop goes on reading events while the calls are in flight.
          client.call
            .accept({
              offer_ids: [offer.id],
              operations: [{ type: "LAUNCH", launch: { task_infos: taskInfos } }],
              filters: { refuse_seconds: 3600 },
            })
            .then(() => {
              if (++answered === accepts && r.launched === tasks) r.launchedMs = since();
            }, failed);
        }
      } else if (event.type === "UPDATE") {
        const { state, task_id } = event.update.status;
        const key = `${task_id.value}/${state}`;
        if (seen.has(key)) r.events.duplicates++;
        else seen.add(key);
        if (state === "TASK_STARTING") r.events.starting++;
        else if (state === "TASK_RUNNING") {
          r.events.running++;
          running.add(task_id.value);
          r.running = running.size;
          if (r.running % 500 === 0) sample();
          if (r.running === tasks) {
            r.doneMs = since();
            const cpu = process.cpuUsage(cpu0);
            r.cpuMs = (cpu.user + cpu.system) / 1000;
            r.finished = true;
            sample();
            // What the cluster and the client hold with every task running (the log of every call and event included).
            gc();
            r.keptHeap = process.memoryUsage().heapUsed - r.idle.heapUsed;
            break; // leaving the loop closes the client (the last update stays unacknowledged: strict is off)
          }
        }
      }
    }
    clearTimeout(limit);
    report(r.finished ? undefined : "the event stream ended before every task ran");
  } catch (error) {
    clearTimeout(limit);
    report(message(error));
  }
}

// ---------------------------------------------------------------------------
// Start-up: a plain HTTP server vs a 3-agent mini-mesos.

const STEP_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A GET on a fresh connection, resolved when the whole answer is read. */
function getOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve());
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A SUBSCRIBE (Mesos JSON) on a fresh connection with Node's own client, resolved at its first record, SUBSCRIBED. */
function subscribeOnce(url: URL): Promise<void> {
  const body = JSON.stringify({ type: "SUBSCRIBE", subscribe: { framework_info: FRAMEWORK } });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: Number(url.port),
        method: "POST",
        path: "/api/v1/scheduler",
        agent: false,
        headers: { "content-type": "application/json", accept: "application/json" },
      },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`SUBSCRIBE answered ${res.statusCode}`));
          return;
        }
        let buffer = Buffer.alloc(0);
        res.on("data", (chunk: Buffer) => {
          buffer = Buffer.concat([buffer, chunk]);
          const newline = buffer.indexOf(10);
          if (newline === -1) return;
          const length = Number(buffer.toString("latin1", 0, newline));
          if (buffer.length < newline + 1 + length) return;
          const event = JSON.parse(buffer.toString("utf8", newline + 1, newline + 1 + length)) as { type?: string };
          req.destroy();
          if (event.type === "SUBSCRIBED") resolve();
          else reject(new Error(`the first event was ${event.type}, not SUBSCRIBED`));
        });
        res.on("error", () => undefined);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function startup(reps: number, warmup: number): Promise<void> {
  const startMiniMesos = await loadMiniMesos();
  const samples: Record<StartupMeasure, number[]> = {
    plainListening: [],
    plainAnswered: [],
    miniStarted: [],
    miniSubscribedRaw: [],
    clientMiniStarted: [],
    clientSubscribed: [],
  };
  type Variant = () => Promise<Partial<Record<StartupMeasure, number>>>;
  const plain: Variant = async () => {
    const t0 = performance.now();
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const listening = performance.now() - t0;
    await withTimeout(getOnce((server.address() as AddressInfo).port), "GET on the plain server");
    const answered = performance.now() - t0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return { plainListening: listening, plainAnswered: answered };
  };
  const miniRaw: Variant = async () => {
    const t0 = performance.now();
    const cluster = await startMiniMesos({ agents: 3 });
    const started = performance.now() - t0;
    try {
      await withTimeout(subscribeOnce(cluster.masterUrl), "SUBSCRIBE on mini-mesos");
      return { miniStarted: started, miniSubscribedRaw: performance.now() - t0 };
    } finally {
      await cluster.close();
    }
  };
  const miniClient: Variant = async () => {
    const t0 = performance.now();
    const cluster = await startMiniMesos({ agents: 3 });
    const started = performance.now() - t0;
    const client = new SchedulerClient({ master: cluster.masterUrl.href, framework: FRAMEWORK, encoding: "protobuf" });
    try {
      const subscribed = withTimeout(
        (async () => {
          for await (const event of client.subscribe()) if (event.type === "SUBSCRIBED") return;
          throw new Error("the stream ended before SUBSCRIBED");
        })(),
        "SchedulerClient SUBSCRIBE on mini-mesos",
      );
      await subscribed;
      return { clientMiniStarted: started, clientSubscribed: performance.now() - t0 };
    } finally {
      await client.close();
      await cluster.close();
    }
  };
  const variants = [plain, miniRaw, miniClient];
  try {
    for (let round = 0; round < warmup + reps; round++) {
      for (const variant of rotate(variants, round)) {
        gc();
        const times = await variant();
        if (round < warmup) continue;
        for (const [measure, ms] of Object.entries(times)) samples[measure as StartupMeasure].push(ms);
      }
    }
    const medians = Object.fromEntries(
      Object.entries(samples).map(([measure, values]) => [measure, median(values)]),
    ) as Record<StartupMeasure, number>;
    finish({ type: "startup", reps, warmup, samples, medians });
  } catch (error) {
    const medians = Object.fromEntries(
      Object.entries(samples).map(([measure, values]) => [measure, values.length ? median(values) : NaN]),
    ) as Record<StartupMeasure, number>;
    finish({ type: "startup", reps, warmup, samples, medians, error: message(error) });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--scale") await scale(Number(args[1]), Number(args[2]), Number(args[3]));
else if (args[0] === "--startup") await startup(Number(args[1]), Number(args[2]));
else throw new Error(`usage: minimesos-worker.ts --scale <agents> <tasks> <limit ms> | --startup <reps> <warm-up>`);
