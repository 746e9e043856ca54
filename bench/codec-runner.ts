// Runs each codec of a codec benchmark in its own process, interleaved.
//
// Why separate processes: a scheduler loads one codec, never five. Measured side
// by side in one process, codecs disturb each other (shared JSON.parse object
// maps, heap and young-generation sizing left by another codec's allocations):
// our JSON decode swung between 0.45× and 0.85× of JSON.parse from one run to
// the next depending on what ran before it in the same process.
// Why interleaved: the machines are shared, and a codec measured while another
// job runs would look twice as slow. So the benchmark script runs twice over: as
// the coordinator, which forks one worker per codec (`--variant <id>`, with an
// IPC channel), and as the workers, which load only their codec, check it, warm
// up, then wait. The coordinator then asks for one sample at a time, round after
// round, operation by operation, rotating the order of the workers each round:
// only one process runs at any moment, and every codec sees the same phases of
// the machine. The median sample is reported.
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { QUICK, ROOT, WORK_DIR, consume, median, rotate } from "./harness.mjs";

/** Where the coordinator leaves the encoded events for the workers. */
export const INPUT_DIR = join(WORK_DIR, "inputs");
const WARMUP_MS = QUICK ? 200 : 800;
const SAMPLE_MS = QUICK ? 80 : 200;
const ROUNDS = QUICK ? 3 : 7;

/** Median ops/s of one operation, with every sample. */
export interface OpResult {
  opsPerSec: number;
  samples: number[];
}
type Request = { type: "sample"; op: string } | { type: "exit" };
type Reply = { type: "ready"; info: Record<string, unknown>; ops: string[] } | { type: "sample"; opsPerSec: number };

/** The `--variant` this process was started with, when it is a worker. */
export function workerVariant(): string | undefined {
  const i = process.argv.indexOf("--variant");
  return i === -1 ? undefined : process.argv[i + 1];
}

/** Writes an input file for the workers. */
export function writeInput(name: string, data: Uint8Array | string): void {
  mkdirSync(INPUT_DIR, { recursive: true });
  writeFileSync(join(INPUT_DIR, name), data);
}

/** Reads an input file written by the coordinator. */
export function readInput(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(INPUT_DIR, name)));
}

/**
 * Worker side, once its codec is checked: warms up each operation (JIT, and to
 * size a batch of about SAMPLE_MS), reports `info`, then answers sample requests.
 * A forced GC (--expose-gc) precedes every sample, so each starts from the same
 * heap; collections caused by the operation itself are part of its cost.
 */
export function serveWorker(info: Record<string, unknown>, ops: Record<string, () => unknown>): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const batch = new Map<string, number>();
  for (const [name, fn] of Object.entries(ops)) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < WARMUP_MS) {
      consume(fn());
      n++;
    }
    batch.set(name, Math.max(1, Math.round((n * SAMPLE_MS) / (performance.now() - start))));
  }
  const send = (reply: Reply) => process.send!(reply);
  process.on("message", (request: Request) => {
    if (request.type === "exit") process.exit(0);
    const fn = ops[request.op]!;
    const n = batch.get(request.op)!;
    gc();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) consume(fn());
    send({ type: "sample", opsPerSec: (n * 1000) / (performance.now() - t0) });
  });
  send({ type: "ready", info, ops: Object.keys(ops) });
}

/** One forked worker and a way to await its next reply. */
function start(script: string, variant: string) {
  const child: ChildProcess = fork(script, ["--variant", variant, ...(QUICK ? ["--quick"] : [])], {
    cwd: ROOT,
    execArgv: ["--import", "tsx", "--expose-gc"],
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`${variant}: the worker exited (${code}) before answering\n${stderr}`));
      child.once("exit", onExit);
      child.once("message", (reply: Reply) => {
        child.off("exit", onExit);
        resolve(reply);
      });
    });
  return { variant, child, next };
}

/**
 * Coordinator side: starts a worker per variant (one after the other, so their
 * warm-ups do not compete), then takes ROUNDS samples of every operation of
 * every worker, interleaved; returns each variant's info and results per operation.
 */
export async function runWorkers(script: string, variants: readonly string[]) {
  const workers = [];
  const infos = new Map<string, { info: Record<string, unknown>; ops: string[] }>();
  try {
    for (const variant of variants) {
      const worker = start(script, variant);
      workers.push(worker);
      const ready = await worker.next();
      if (ready.type !== "ready") throw new Error(`${variant}: unexpected ${ready.type}`);
      infos.set(variant, { info: ready.info, ops: ready.ops });
    }
    const samples = new Map(variants.map((v) => [v, new Map<string, number[]>()]));
    const ops = infos.get(variants[0]!)!.ops;
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of ops) {
        for (const worker of rotate(workers, round)) {
          const answer = worker.next();
          worker.child.send({ type: "sample", op } satisfies Request);
          const reply = await answer;
          if (reply.type !== "sample") throw new Error(`${worker.variant}: unexpected ${reply.type}`);
          const list = samples.get(worker.variant)!;
          list.set(op, [...(list.get(op) ?? []), reply.opsPerSec]);
        }
      }
    }
    const out = new Map<string, { info: Record<string, unknown>; ops: Record<string, OpResult> }>();
    for (const variant of variants) {
      const results: Record<string, OpResult> = {};
      for (const [op, list] of samples.get(variant)!) results[op] = { opsPerSec: median(list), samples: list };
      out.set(variant, { info: infos.get(variant)!.info, ops: results });
    }
    return out;
  } finally {
    for (const w of workers) if (w.child.connected) w.child.send({ type: "exit" } satisfies Request);
  }
}
