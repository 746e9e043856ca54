// Benchmark `minimesos`: how mini-mesos (src/testing, as built in src/dist) scales and how fast it starts.
//
// 1. Scale: for each size (agents / tasks), a fresh worker process (minimesos-worker.ts --scale) runs mini-mesos
//    (`taskMode: "inline"`, `strict: false`) and a simple scheduler (our SchedulerClient, protobuf, automatic
//    acknowledgements) in one process, as a framework's tests do. The scheduler launches ceil(tasks / agents) tasks
//    of 0.1 cpu / 32 MB (`run-forever`) on every offer until every task is launched, and counts the distinct tasks in
//    TASK_RUNNING. Reported: start-up, SUBSCRIBED → all RUNNING, start → all RUNNING (wall and CPU), peak RSS and
//    heap, the heap kept once every task runs, and how they grow from one size to the next. A size that does not
//    finish within the limit is reported as such (the worker reports at the limit; one that stops answering is
//    killed). Medians over fresh workers (3, or 1 for a size slower than REPEAT_UNDER_S; 1 with --quick).
// 2. Start-up: in one worker (minimesos-worker.ts --startup), rounds of: a plain Node HTTP server (listening; its
//    first answer to a GET), startMiniMesos({ agents: 3 }) then a SUBSCRIBE answered with SUBSCRIBED (Node's own
//    client, Mesos JSON), and the same with our SchedulerClient; medians after warm-up rounds, order rotated.
// Goals (docs/performance.md and the issue): 10,000 tasks RUNNING on 1,000 agents within 10 s on 2 cores; memory
// roughly linear in agents and tasks; a usable 3-agent cluster within 3× the start of a plain HTTP server.
// BENCH_MINIMESOS_SIZES=100x1000,1000x10000 and BENCH_MINIMESOS_LIMIT_S=60 override the sizes and the limit;
// BENCH_MINIMESOS_PROFILE=1 runs the scale workers under --cpu-prof and prints their top self-time functions.
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  QUICK,
  ROOT,
  WORK_DIR,
  fmtInt,
  fmtRatio,
  median,
  printTable,
  writeGroupResult,
  type Goal,
} from "./harness.mjs";
import type { ScaleResult, StartupMeasure, StartupResult } from "./minimesos-worker.js";

interface Size {
  agents: number;
  tasks: number;
}
const SIZES: Size[] = (
  process.env.BENCH_MINIMESOS_SIZES ?? (QUICK ? "100x1000,1000x10000" : "100x1000,1000x10000,5000x10000")
)
  .split(",")
  .map((s) => {
    const [agents, tasks] = s.split("x").map(Number);
    if (!(agents! > 0 && tasks! > 0)) throw new Error(`BENCH_MINIMESOS_SIZES: "${s}" is not <agents>x<tasks>`);
    return { agents: agents!, tasks: tasks! };
  });
/** Bounded wait per scale run (from the start of the cluster). */
const LIMIT_S = Number(process.env.BENCH_MINIMESOS_LIMIT_S ?? (QUICK ? 60 : 180));
/** Fresh workers per size; a size repeats only while its runs finish within REPEAT_UNDER_S. */
const REPS = QUICK ? 1 : 3;
const REPEAT_UNDER_S = 60;
/** Beyond the limit, how long a worker may stay silent before it is killed. */
const KILL_GRACE_MS = 60_000;
const STARTUP_REPS = QUICK ? 15 : 40;
const STARTUP_WARMUP = QUICK ? 3 : 5;
const PROFILE = process.env.BENCH_MINIMESOS_PROFILE === "1";
const PROFILE_DIR = join(WORK_DIR, "minimesos-profiles");
const WORKER = fileURLToPath(new URL("./minimesos-worker.ts", import.meta.url));
const MB = 2 ** 20;

const sizeLabel = (s: Size) => `${fmtInt(s.agents)} agents / ${fmtInt(s.tasks)} tasks`;
const fmtS = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "—");
const fmtMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : "—");
const fmtMB = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / MB).toFixed(0)} MB` : "—");
const medianOf = (values: number[]) => {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : median(finite);
};

/** Runs one worker to its single result message; bounded. */
function runWorker<R extends { type: string }>(
  args: string[],
  timeoutMs: number,
  execArgv: string[] = [],
): Promise<{ result?: R; problem?: string; pid?: number }> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(WORKER, args, {
      cwd: ROOT,
      execArgv: ["--import", "tsx", "--expose-gc", ...execArgv],
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    let stderr = "";
    let result: R | undefined;
    let killed = false;
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("message", (m: R) => (result = m));
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (result) return resolve({ result, pid: child.pid });
      const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr);
      const last = stderr.trim().split("\n").slice(-3).join(" | ");
      resolve({
        pid: child.pid,
        problem: killed
          ? `no answer within ${Math.round(timeoutMs / 1000)} s: killed`
          : outOfMemory
            ? "ran out of memory"
            : `the worker exited (${code ?? signal})${last ? `: ${last}` : ""}`,
      });
    });
  });
}

// ---------------------------------------------------------------------------
// CPU profiles (BENCH_MINIMESOS_PROFILE=1).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Hotspot {
  fn: string;
  selfMs: number;
  share: number;
}

/** Top self-time and (simulator) inclusive-time functions of the main thread's profile of worker `pid`. */
function hotspots(pid: number): { self: Hotspot[]; inclusive: Hotspot[]; totalMs: number } | undefined {
  const file = readdirSync(PROFILE_DIR).find((f) => f.includes(`.${pid}.0.`) && f.endsWith(".cpuprofile"));
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(PROFILE_DIR, file), "utf8")) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, "").replace(`${ROOT}/`, "");
    return `${url || "(native)"}:${n.callFrame.functionName || "(anonymous)"}:${n.callFrame.lineNumber + 1}`;
  };
  const selfUs = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = nodes.get(id)!;
    self.set(name(n), (self.get(name(n)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = name(nodes.get(cur)!);
      if (seen.has(key) || !key.startsWith("src/dist/testing/")) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([fn, us]) => ({ fn, selfMs: us / 1000, share: us / total }));
  return { self: top(self, 15), inclusive: top(inclusive, 12), totalMs: total / 1000 };
}

// ---------------------------------------------------------------------------
// Coordinator.

interface SizeRow extends Size {
  runs: ScaleResult[];
  /** Runs that produced no result (killed, crashed, out of memory). */
  problems: string[];
  profile?: ReturnType<typeof hotspots>;
}

async function main() {
  const started = performance.now();
  const load = { atStart: loadavg()[0]!, atEnd: NaN };
  console.log(
    `\nmini-mesos: start-up (${STARTUP_REPS} rounds after ${STARTUP_WARMUP} warm-up), then ${SIZES.map(sizeLabel).join(", ")} ` +
      `(limit ${LIMIT_S} s each; load ${load.atStart.toFixed(1)}) ...`,
  );

  // 1. Start-up, in one worker.
  const startupRun = await runWorker<StartupResult>(
    ["--startup", String(STARTUP_REPS), String(STARTUP_WARMUP)],
    (STARTUP_REPS + STARTUP_WARMUP) * 3 * 2_000 + KILL_GRACE_MS,
  );
  const startup = startupRun.result;
  if (startup?.error) console.log(`  start-up: ${startup.error}`);
  if (startupRun.problem) console.log(`  start-up: ${startupRun.problem}`);

  // 2. Scale, a fresh worker per run.
  if (PROFILE) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const rows: SizeRow[] = SIZES.map((s) => ({ ...s, runs: [], problems: [] }));
  for (let rep = 0; rep < REPS; rep++) {
    for (const row of rows) {
      if (rep > 0) {
        const last = row.runs.at(-1);
        if (!last?.finished || last.doneMs > REPEAT_UNDER_S * 1000) continue;
      }
      const limitMs = LIMIT_S * 1000;
      const execArgv = PROFILE && rep === 0 ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : [];
      const run = await runWorker<ScaleResult>(
        ["--scale", String(row.agents), String(row.tasks), String(limitMs)],
        limitMs + KILL_GRACE_MS,
        execArgv,
      );
      if (run.result) row.runs.push(run.result);
      else row.problems.push(run.problem ?? "no result");
      const r = run.result;
      console.log(
        `  ${sizeLabel(row)}, run ${rep + 1}: ` +
          (r?.finished
            ? `all RUNNING after ${fmtS(r.doneMs)} (start-up ${fmtS(r.startedMs)}, CPU ${fmtS(r.cpuMs)}), peak RSS ${fmtMB(r.peakRss)}`
            : r
              ? `did not finish in ${LIMIT_S} s (${fmtInt(r.running)} of ${fmtInt(r.tasks)} RUNNING${r.error ? `; ${r.error}` : ""})`
              : `no result: ${run.problem}`),
      );
      if (PROFILE && rep === 0 && run.pid !== undefined) row.profile = hotspots(run.pid);
    }
  }
  load.atEnd = loadavg()[0]!;
  report(rows, startup, startupRun.problem, load, (performance.now() - started) / 1000);
}

function report(
  rows: SizeRow[],
  startup: StartupResult | undefined,
  startupProblem: string | undefined,
  load: { atStart: number; atEnd: number },
  seconds: number,
) {
  const loadNote = `Machine load (1-min average) ${load.atStart.toFixed(1)} at the start, ${load.atEnd.toFixed(1)} at the end, on 2 cores: wall times stretch with it; CPU time much less.`;
  // ---- scale ----
  const results = rows.map((row) => {
    const done = row.runs.filter((r) => r.finished);
    const m = (f: (r: ScaleResult) => number) => medianOf(done.map(f));
    const unfinished = row.runs.filter((r) => !r.finished);
    const status =
      done.length > 0 && unfinished.length === 0 && row.problems.length === 0
        ? "ok"
        : [
            ...unfinished.map(
              (r) =>
                `did not finish in ${r.limitMs / 1000} s (${fmtInt(r.running)} of ${fmtInt(r.tasks)} RUNNING, ` +
                `${fmtInt(r.launched)} launched${r.error ? `; ${r.error}` : ""})`,
            ),
            ...row.problems.map((p) => `did not finish in ${LIMIT_S} s (${p})`),
          ].join("; ");
    return {
      agents: row.agents,
      tasks: row.tasks,
      runs: row.runs.length + row.problems.length,
      finishedRuns: done.length,
      status,
      startedMs: m((r) => r.startedMs),
      subscribedToDoneMs: m((r) => r.doneMs - r.subscribedMs),
      doneMs: m((r) => r.doneMs),
      bestDoneMs: done.length === 0 ? NaN : Math.min(...done.map((r) => r.doneMs)),
      launchedMs: m((r) => r.launchedMs),
      cpuMs: m((r) => r.cpuMs),
      tasksPerSec: m((r) => r.tasks / ((r.doneMs - r.subscribedMs) / 1000)),
      idleRss: m((r) => r.idle.rss),
      peakRss: m((r) => r.peakRss),
      peakRssUp: m((r) => r.peakRss - r.idle.rss),
      peakHeap: m((r) => r.peakHeap),
      keptHeap: m((r) => r.keptHeap),
      duplicates: m((r) => r.events.duplicates),
      logEntries: m((r) => r.logEntries),
      failedCalls: row.runs.reduce((n, r) => n + r.calls.failed, 0),
      firstCallError: row.runs.find((r) => r.calls.firstError)?.calls.firstError,
      samples: row.runs,
      problems: row.problems,
      profile: row.profile,
    };
  });
  type Result = (typeof results)[number];
  printTable(
    `mini-mesos scale: tasks of 0.1 cpu / 32 MB to TASK_RUNNING, scheduler and cluster in one process; median of fresh workers`,
    [
      "agents",
      "tasks",
      "runs",
      "start-up",
      "ACCEPTs done",
      "SUBSCRIBED→RUNNING",
      "start→RUNNING",
      "best",
      "CPU",
      "tasks/s",
      "peak RSS",
      "peak heap",
      "kept heap",
      "resent",
      "status",
    ],
    results.map((r) => [
      fmtInt(r.agents),
      fmtInt(r.tasks),
      r.finishedRuns === r.runs ? String(r.runs) : `${r.finishedRuns} of ${r.runs}`,
      fmtS(r.startedMs),
      fmtS(r.launchedMs),
      fmtS(r.subscribedToDoneMs),
      fmtS(r.doneMs),
      fmtS(r.bestDoneMs),
      fmtS(r.cpuMs),
      Number.isFinite(r.tasksPerSec) ? fmtInt(r.tasksPerSec) : "—",
      fmtMB(r.peakRss),
      fmtMB(r.peakHeap),
      fmtMB(r.keptHeap),
      Number.isFinite(r.duplicates) ? fmtInt(r.duplicates) : "—",
      r.status,
    ]),
    [
      "start-up: startMiniMesos({ agents, taskMode: 'inline', strict: false }) resolved. ACCEPTs done: from the start",
      "  until every ACCEPT call was answered (the acknowledgements of TASK_STARTING queue behind them in the client's",
      "  connections, so few tasks run before). SUBSCRIBED→RUNNING: from the SUBSCRIBED event to the last task's first",
      "  TASK_RUNNING. start→RUNNING: from calling startMiniMesos to that (the goal's figure); best: the fastest run's.",
      "  CPU: user + system time of the worker over the same span (V8's GC threads can make it exceed the wall time).",
      "  tasks/s: tasks / SUBSCRIBED→RUNNING.",
      "The scheduler launches ceil(tasks / agents) tasks per offer (agents: 4 cpus / 4096 MB each, room for 40), one",
      "  ACCEPT per offer, not awaited; each TASK_RUNNING follows the acknowledgement of the task's TASK_STARTING.",
      "peak RSS / heap: highest RSS / heapUsed of the worker (sampled every 50 ms) — absolute, the idle worker is",
      `  ${fmtMB(medianOf(results.map((r) => r.idleRss)))} RSS. kept heap: heapUsed after a GC once every task runs, above the idle worker's`,
      "  (the cluster's log of every call and event included).",
      "resent: status updates the scheduler received again (the agent resends an update not acknowledged within 10 s).",
      ...(results.some((r) => r.failedCalls > 0)
        ? results
            .filter((r) => r.failedCalls > 0)
            .map((r) => `${sizeLabel(r)}: ${r.failedCalls} calls failed (${r.firstCallError})`)
        : []),
      loadNote,
    ],
  );

  // Growth from one size to the next.
  const finished = results.filter((r) => r.finishedRuns > 0);
  const growth = finished.slice(1).map((to, i) => {
    const from = finished[i]!;
    const x = (f: (r: Result) => number) => f(to) / f(from);
    return {
      from: { agents: from.agents, tasks: from.tasks },
      to: { agents: to.agents, tasks: to.tasks },
      agents: x((r) => r.agents),
      tasks: x((r) => r.tasks),
      wall: x((r) => r.doneMs),
      subscribedToDone: x((r) => r.subscribedToDoneMs),
      cpu: x((r) => r.cpuMs),
      peakRssUp: x((r) => r.peakRssUp),
      keptHeap: x((r) => r.keptHeap),
    };
  });
  // kept heap ≈ a·agents + b·tasks (least squares, no intercept: the idle worker is subtracted), with the misfit.
  const fit = (value: (r: Result) => number) => {
    if (finished.length < 3) return undefined;
    let aa = 0;
    let ab = 0;
    let bb = 0;
    let ay = 0;
    let by = 0;
    for (const r of finished) {
      const y = value(r);
      aa += r.agents * r.agents;
      ab += r.agents * r.tasks;
      bb += r.tasks * r.tasks;
      ay += r.agents * y;
      by += r.tasks * y;
    }
    const det = aa * bb - ab * ab;
    const perAgent = (ay * bb - by * ab) / det;
    const perTask = (aa * by - ab * ay) / det;
    const worst = Math.max(
      ...finished.map((r) => Math.abs(perAgent * r.agents + perTask * r.tasks - value(r)) / value(r)),
    );
    return { perAgent, perTask, worst };
  };
  const heapFit = fit((r) => r.keptHeap);
  const rssFit = fit((r) => r.peakRssUp);
  const fmtFit = (what: string, f: ReturnType<typeof fit>) =>
    f
      ? `${what} ≈ ${(f.perAgent / 1024).toFixed(1)} KB per agent + ${(f.perTask / 1024).toFixed(1)} KB per task (least squares over the ${finished.length} sizes; worst misfit ${(100 * f.worst).toFixed(0)}%)`
      : `${what}: a fit per agent and per task needs three finished sizes`;
  if (growth.length > 0) {
    printTable(
      "mini-mesos scale: growth from one size to the next (ratios of the medians)",
      [
        "from → to",
        "agents",
        "tasks",
        "start→RUNNING",
        "SUBSCRIBED→RUNNING",
        "CPU",
        "peak RSS above idle",
        "kept heap",
      ],
      growth.map((g) => [
        `${fmtInt(g.from.agents)}/${fmtInt(g.from.tasks)} → ${fmtInt(g.to.agents)}/${fmtInt(g.to.tasks)}`,
        fmtRatio(g.agents),
        fmtRatio(g.tasks),
        fmtRatio(g.wall),
        fmtRatio(g.subscribedToDone),
        fmtRatio(g.cpu),
        fmtRatio(g.peakRssUp),
        fmtRatio(g.keptHeap),
      ]),
      [
        "Linear growth: a ratio no larger than the larger of the agents and tasks ratios.",
        fmtFit("kept heap", heapFit),
        fmtFit("peak RSS above idle", rssFit),
      ],
    );
  }

  // ---- start-up ----
  const labels: [StartupMeasure, string][] = [
    ["plainListening", "plain HTTP server: createServer().listen(0) until listening"],
    ["plainAnswered", "plain HTTP server: ... and answered one GET (node:http, fresh connection)"],
    ["miniStarted", "mini-mesos, 3 agents: startMiniMesos resolved"],
    ["miniSubscribedRaw", "mini-mesos, 3 agents: ... and a SUBSCRIBE answered with SUBSCRIBED (node:http, JSON)"],
    ["clientMiniStarted", "mini-mesos, 3 agents (again): startMiniMesos resolved"],
    ["clientSubscribed", "mini-mesos, 3 agents: ... and SUBSCRIBED through our SchedulerClient (protobuf)"],
  ];
  const med = (k: StartupMeasure) => startup?.medians[k] ?? NaN;
  const plainAnswered = med("plainAnswered");
  if (startup) {
    const spread = (k: StartupMeasure) => {
      const values = [...(startup.samples[k] ?? [])].sort((a, b) => a - b);
      if (values.length < 4) return "—";
      const q = (p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))]!;
      return `${q(0.25).toFixed(1)}–${q(0.75).toFixed(1)}`;
    };
    printTable(
      `mini-mesos start-up vs a plain Node HTTP server: median of ${startup.reps} rounds after ${startup.warmup} warm-up, one worker`,
      ["what", "median", "quartiles (ms)", "vs plain answered"],
      labels.map(([k, label]) => [label, fmtMs(med(k)), spread(k), fmtRatio(med(k) / plainAnswered)]),
      [
        "Times from the start of each (createServer / startMiniMesos) in a warm process; closing is not timed.",
        "Each round runs the three (plain, mini-mesos + node:http SUBSCRIBE, mini-mesos + SchedulerClient) in rotated order.",
        "The goal compares mini-mesos until SUBSCRIBED (node:http) with the plain server until its first answer.",
        ...(startup.error ? [`stopped early: ${startup.error}`] : []),
        loadNote,
      ],
    );
  } else console.log(`\nmini-mesos start-up: no result (${startupProblem})`);

  // ---- goals ----
  const find = (agents: number, tasks: number) => results.find((r) => r.agents === agents && r.tasks === tasks);
  const goals: Goal[] = [];
  const target = find(1000, 10000);
  if (target) {
    const ratio = 10_000 / target.doneMs;
    goals.push({
      goal: "mini-mesos: 10,000 tasks RUNNING on 1,000 agents ≤ 10 s on 2 cores (10 s / start→RUNNING)",
      ratio: Number.isFinite(ratio) ? ratio : 0,
      target: 1,
      met: ratio >= 1,
      detail:
        target.finishedRuns > 0
          ? `median ${fmtS(target.doneMs)} (start-up ${fmtS(target.startedMs)}, SUBSCRIBED→RUNNING ${fmtS(target.subscribedToDoneMs)}), CPU ${fmtS(target.cpuMs)}; best run ${fmtS(target.bestDoneMs)}; load ${load.atStart.toFixed(1)}–${load.atEnd.toFixed(1)}`
          : target.status,
    });
  }
  for (const g of growth) {
    const scale = Math.max(g.agents, g.tasks);
    const ratio = g.keptHeap / scale;
    goals.push({
      goal: `mini-mesos memory roughly linear: kept heap ${fmtInt(g.from.agents)}/${fmtInt(g.from.tasks)} → ${fmtInt(g.to.agents)}/${fmtInt(g.to.tasks)} ≤ 1.25 × the size ratio (lower is better)`,
      ratio,
      target: 1.25,
      met: ratio <= 1.25,
      detail: `kept heap ×${g.keptHeap.toFixed(2)} for agents ×${g.agents.toFixed(1)}, tasks ×${g.tasks.toFixed(1)}; peak RSS above idle ×${g.peakRssUp.toFixed(2)}`,
    });
  }
  // A size that never finished (the goal's own size already says so above).
  for (const r of results.filter((r) => r.finishedRuns === 0 && r !== target)) {
    goals.push({
      goal: `mini-mesos: ${sizeLabel(r)} all RUNNING within ${LIMIT_S} s`,
      ratio: 0,
      target: 1,
      met: false,
      detail: r.status,
    });
  }
  const subscribed = med("miniSubscribedRaw");
  goals.push({
    goal: "mini-mesos start-up: 3 agents + SUBSCRIBED ≤ 3× a plain HTTP server's first answer (lower is better)",
    ratio: subscribed / plainAnswered,
    target: 3,
    met: subscribed / plainAnswered <= 3,
    detail: `${fmtMs(subscribed)} vs ${fmtMs(plainAnswered)} (median); startMiniMesos alone ${fmtMs(med("miniStarted"))}, with our SchedulerClient ${fmtMs(med("clientSubscribed"))}`,
  });

  // ---- profiles ----
  for (const r of results) {
    if (!r.profile) continue;
    printTable(
      `CPU profile of the first ${sizeLabel(r)} run (main thread, ${fmtS(r.profile.totalMs)} sampled): top self time`,
      ["function (file:name:line)", "self", "share"],
      r.profile.self.map((h) => [h.fn, fmtMs(h.selfMs), `${(100 * h.share).toFixed(1)}%`]),
    );
    printTable(
      `CPU profile of the first ${sizeLabel(r)} run: simulator functions (src/dist/testing) by inclusive time`,
      ["function (file:name:line)", "inclusive", "share"],
      r.profile.inclusive.map((h) => [h.fn, fmtMs(h.selfMs), `${(100 * h.share).toFixed(1)}%`]),
      [`Profiles in ${PROFILE_DIR} (open in Chrome DevTools).`],
    );
  }

  console.log(`\nmini-mesos benchmark: ${seconds.toFixed(0)} s.`);
  writeGroupResult("minimesos", {
    quick: QUICK,
    limitSeconds: LIMIT_S,
    load,
    scale: results,
    growth,
    fit: { keptHeap: heapFit, peakRssAboveIdle: rssFit },
    startup: startup ?? { problem: startupProblem },
    goals,
  });
  if (!startup || startup.error) process.exitCode = 1;
}

await main();
