// `npm run bench [-- <group>...] [--quick] [--no-build]`: runs the benchmarks
// against peers, prints one table per benchmark and a summary of the goals of
// docs/performance.md, and writes everything to bench/.work/results.json.
//
// Groups: codegen, typecheck, binary, json, stream, minimesos; `codec` = binary +
// json; default all.
// Steps: 1. check prerequisites; 2. build (tsc -b: the CLI and runtime are
// measured as shipped); 3. generate every tool's bindings into bench/.work/gen;
// 4. run the groups (a codec group is a coordinator process under tsx that
// forks one worker per codec, see codec-runner.ts; the stream group likewise
// forks a server and one worker per client, see stream.ts); 5. merge the
// results. A goal that is not met is reported, not failed: benchmarks are not
// tests. The exit code is non-zero only when a benchmark could not run or a
// codec (or a stream client of ours) decoded something wrong.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { benchCodegen } from "./codegen.mjs";
import { BENCH_DIR, QUICK, ROOT, WORK_DIR, bigintReplacer, fmtRatio, printTable } from "./harness.mjs";
import { CLI, checkPrerequisites, prepare } from "./tools.mjs";
import { benchTypecheck } from "./typecheck.mjs";

const GROUPS = ["codegen", "typecheck", "binary", "json", "stream", "minimesos"];
const ALIASES = { codec: ["binary", "json"], all: GROUPS };
const PEERS = [
  "@bufbuild/protobuf",
  "@bufbuild/protoc-gen-es",
  "ts-proto",
  "protobufjs",
  "protobufjs-cli",
  "long",
  "typescript",
  "undici",
  "mesos-framework",
];
const USAGE = `usage: npm run bench [-- <group>...] [--quick] [--no-build]
  groups: ${GROUPS.join(", ")}, codec (= binary json); default: all
  --quick     fewer and shorter rounds (to try the bench out; numbers are rougher)
  --no-build  skip \`tsc -b\` (the CLI and runtime in dist/ must be up to date)`;

function parseArgs(argv) {
  const groups = new Set();
  let build = true;
  for (const arg of argv) {
    if (arg === "--quick") continue;
    else if (arg === "--no-build") build = false;
    else if (arg === "-h" || arg === "--help") exit(0, USAGE);
    else if (GROUPS.includes(arg)) groups.add(arg);
    else if (ALIASES[arg]) for (const g of ALIASES[arg]) groups.add(g);
    else exit(2, `unknown argument: ${arg}\n${USAGE}`);
  }
  return { groups: GROUPS.filter((g) => groups.size === 0 || groups.has(g)), build };
}

function exit(code, message) {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "missing";
  }
}

/** Runs a codec benchmark (its coordinator, which forks one worker per codec) under tsx. */
function runCodecGroup(group) {
  const file = join(BENCH_DIR, `codec-${group}.ts`);
  const args = ["--import", "tsx", file, ...(QUICK ? ["--quick"] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`bench/codec-${group}.ts exited with ${r.status ?? r.signal}`);
}

/** Runs the mini-mesos benchmark (a coordinator that forks one worker per run, see minimesos.ts) under tsx. */
function runMiniMesosGroup() {
  const args = ["--import", "tsx", join(BENCH_DIR, "minimesos.ts"), ...(QUICK ? ["--quick"] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`bench/minimesos.ts exited with ${r.status ?? r.signal}`);
}

/** Runs the event stream benchmark (a coordinator that forks the server and one worker per client) under tsx. */
function runStreamGroup() {
  const args = ["--import", "tsx", join(BENCH_DIR, "stream.ts"), ...(QUICK ? ["--quick"] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`bench/stream.ts exited with ${r.status ?? r.signal}`);
}

function main() {
  const started = performance.now();
  const { groups, build } = parseArgs(process.argv.slice(2));
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
  };
  const versions = Object.fromEntries(PEERS.map((p) => [p, versionOf(p)]));
  console.log(`Benchmarks: ${groups.join(", ")}${QUICK ? " (quick)" : ""}`);
  console.log(
    `Node ${machine.node}, ${machine.cpus} × ${machine.cpu}; ${PEERS.map((p) => `${p} ${versions[p]}`).join(", ")}`,
  );

  const loadAtStart = loadavg()[0];
  if (loadAtStart > machine.cpus * 0.5)
    console.log(
      `Warning: the machine is busy (load ${loadAtStart.toFixed(1)} on ${machine.cpus} CPUs): expect noisy numbers.`,
    );

  // 1. Prerequisites.
  const problems = checkPrerequisites();
  if (problems.length > 0) exit(1, `Cannot run the benchmarks:\n  ${problems.join("\n  ")}`);

  // 2. Build what is measured.
  if (build) {
    console.log("\nBuilding (tsc -b) ...");
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "lib", "tsc.js"), "-b"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    if (r.status !== 0) exit(1, "The build failed (npm run build): the benchmarks measure the built CLI and runtime.");
  }
  if (!existsSync(CLI)) exit(1, `${CLI} is missing: run npm run build first.`);

  // 3. Every tool's bindings, once (also the warm-up of the code generation benchmark); stream and minimesos need none.
  if (groups.some((g) => g !== "stream" && g !== "minimesos")) {
    console.log("\nGenerating each tool's bindings into bench/.work/gen ...");
    // pbts (~10 s) only matters to the type-check; the code generation benchmark runs it anyway.
    prepare({ withDeclarations: groups.includes("typecheck") && !groups.includes("codegen") });
  }

  // 4. The groups.
  const resultsDir = join(WORK_DIR, "results");
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const failures = [];
  for (const group of groups) {
    try {
      if (group === "codegen") benchCodegen();
      else if (group === "typecheck") benchTypecheck();
      else if (group === "stream") runStreamGroup();
      else if (group === "minimesos") runMiniMesosGroup();
      else runCodecGroup(group);
    } catch (error) {
      failures.push({ group, error: String(error?.message ?? error) });
      console.error(`\n${group}: FAILED\n${error?.message ?? error}`);
    }
  }

  // 5. Merge and summarise.
  const load = { atStart: loadAtStart, atEnd: loadavg()[0] };
  const results = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine,
    load,
    versions,
    groups: {},
    goals: [],
    failures,
  };
  for (const group of groups) {
    const file = join(resultsDir, `${group}.json`);
    if (!existsSync(file)) continue;
    results.groups[group] = JSON.parse(readFileSync(file, "utf8"));
    results.goals.push(...(results.groups[group].goals ?? []));
  }
  results.seconds = (performance.now() - started) / 1000;
  writeFileSync(join(WORK_DIR, "results.json"), `${JSON.stringify(results, bigintReplacer, 2)}\n`);
  printTable(
    "Goals (docs/performance.md), as ratios against the peer measured in this run",
    ["goal", "ratio", "target", "met", "detail"],
    results.goals.map((g) => [g.goal, fmtRatio(g.ratio), fmtRatio(g.target), g.met ? "yes" : "NO", g.detail ?? ""]),
    failures.map((f) => `${f.group}: FAILED (${f.error.split("\n")[0]})`),
  );
  console.log(`\nResults written to bench/.work/results.json (${results.seconds.toFixed(0)} s in all).`);
  if (failures.length > 0) process.exit(1);
}

main();
