// Shared harness of the benchmarks: paths, timing of whole processes, medians
// over interleaved rounds, tables and result files (codec-runner.ts times the
// codecs).
//
// Every benchmark compares tools measured in the same run on the same machine:
// the machines are shared and noisy, so only ratios between rows of one run mean
// something. Rounds are interleaved (tool A, B, C, then B, C, A, ...) so a burst
// of noise hits every tool alike, and the median of the rounds is reported.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

/** The bench/ folder. */
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const ROOT = dirname(BENCH_DIR);
/** Scratch space for generated peer code and results (gitignored). */
export const WORK_DIR = join(BENCH_DIR, ".work");
/** Where each tool's bindings are generated once per run (`gen/<tool id>`). */
export const GEN_DIR = join(WORK_DIR, "gen");
/** The Mesos protos every benchmark uses. */
export const PROTO_DIR = process.env.BENCH_PROTO_DIR ?? join(ROOT, "..", "shared", "mesos-proto", "1.11.0");
/** All nine Mesos v1 proto files, relative to {@link PROTO_DIR}. */
export const MESOS_FILES = [
  "mesos/v1/agent/agent.proto",
  "mesos/v1/allocator/allocator.proto",
  "mesos/v1/executor/executor.proto",
  "mesos/v1/maintenance/maintenance.proto",
  "mesos/v1/master/master.proto",
  "mesos/v1/mesos.proto",
  "mesos/v1/quota/quota.proto",
  "mesos/v1/resource_provider/resource_provider.proto",
  "mesos/v1/scheduler/scheduler.proto",
];

/** True when the run was started with `--quick` (fewer and shorter rounds, for trying the bench out). */
export const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";

/** Median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `items` rotated left by `by` places: round r starts with a different tool. */
export function rotate(items, by) {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Pins every thread of process `pid` to CPU `cpu` (Linux `taskset`), so that
 * two processes that talk to each other (a server and the client measured)
 * never take turns on one core while the other core idles. Returns false
 * where that is not possible (no taskset, fewer than two CPUs); the run then
 * goes on unpinned.
 */
export function pinToCpu(pid, cpu) {
  if (availableParallelism() < 2) return false;
  const result = spawnSync("taskset", ["-a", "-pc", String(cpu), String(pid)], { stdio: "ignore" });
  return result.status === 0;
}

let sink;
/** Keeps the last result alive so the JIT cannot drop the measured work. */
export function consume(value) {
  sink = value;
  return sink;
}

/** Runs a command to completion and returns its wall time in seconds; throws with its output on failure. */
export function timeCommand(command, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(0, 20).join("\n");
    const error = new Error(`${command} ${args.join(" ")} exited with ${r.status}:\n${output}`);
    error.output = output;
    throw error;
  }
  return seconds;
}

/** Number of files, lines and bytes below `dir` (every file, recursively). */
export function countOutput(dir) {
  let files = 0;
  let lines = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const text = readFileSync(path);
    files++;
    bytes += text.length;
    for (const byte of text) if (byte === 10) lines++;
  }
  return { files, lines, bytes };
}

/** Formats operations per second, e.g. `1,734`. */
export const fmtOps = (n) => Math.round(n).toLocaleString("en-US");
/** Formats seconds, e.g. `1.23 s`. */
export const fmtSeconds = (s) => (Number.isFinite(s) ? `${s.toFixed(2)} s` : "—");
/** Formats a ratio, e.g. `1.52×`. */
/** A ratio; also as results.json stores a non-finite one ("Infinity", "NaN"). */
export const fmtRatio = (r) => {
  const n = typeof r === "string" ? Number(r) : r;
  return Number.isFinite(n) ? `${n.toFixed(2)}×` : n === Infinity ? "∞" : "—";
};
/** Formats a byte count, e.g. `81.6 KB`. */
export const fmtBytes = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
/** Formats a whole number with thousands separators. */
export const fmtInt = (n) => Math.round(n).toLocaleString("en-US");

/** Prints a table with a title; numeric-looking cells are right-aligned. */
export function printTable(title, header, rows, notes = []) {
  const all = [header, ...rows].map((row) => row.map((cell) => String(cell ?? "")));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const numeric = (cell) => /^[-\d.,]+( ?(s|×|KB|MB|%|MB\/s))?$/.test(cell);
  const line = (row) => row.map((c, i) => (numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  console.log(`\n${title}\n${"=".repeat(title.length)}`);
  console.log(line(all[0]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of all.slice(1)) console.log(line(row));
  for (const note of notes) console.log(`  ${note}`);
}

/** A goal of docs/performance.md: `ratio` (higher is better for us) must reach `target`. */
export function goal(name, ratio, target, detail) {
  return { goal: name, ratio, target, met: ratio >= target, detail };
}

/** Writes one group's results to `.work/results/<group>.json`; run.mjs merges them into results.json. */
export function writeGroupResult(group, data) {
  const dir = join(WORK_DIR, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${group}.json`), `${JSON.stringify(data, bigintReplacer, 2)}\n`);
}

/** JSON.stringify replacer that writes bigint, ±Infinity and NaN as strings (JSON would make the last ones null). */
export function bigintReplacer(_key, value) {
  if (typeof value === "bigint") return value.toString();
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}
