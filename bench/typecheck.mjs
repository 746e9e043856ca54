// Benchmark 2: type-check time of each tool's generated bindings.
//
// What is measured: the wall time of `tsc --noEmit --strict` (the TypeScript of
// node_modules, a fresh process, no incremental state) over everything one tool
// generated for the nine Mesos v1 protos, with the same compiler options for all
// tools: strict, skipLibCheck, ES2022, module preserve + bundler resolution (the
// peers' default imports have no file extensions), Node types (ts-proto's output
// refers to Buffer). This is the cost every project that includes the bindings
// pays on each full type-check.
// pbjs writes JavaScript plus a .d.ts; with skipLibCheck a .d.ts is parsed and
// bound but not checked, so its row is shown twice: with the shared options, and
// with skipLibCheck off (which also checks the .d.ts of @types/node and protobufjs).
// Wall time is the measure; tsc's own --extendedDiagnostics (its total of parse,
// bind and check, and its memory) are recorded next to it. To keep `npm run
// bench` under five minutes, only ours and protoc-gen-es (the goal) get 5
// rounds; pbjs gets 3 and ts-proto, whose output takes ~20 s a check, 1.
// Goal (docs/performance.md): ours no slower than the protoc-gen-es output.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  GEN_DIR,
  QUICK,
  ROOT,
  fmtRatio,
  fmtSeconds,
  goal,
  median,
  printTable,
  rotate,
  writeGroupResult,
} from "./harness.mjs";
import { TOOLS } from "./tools.mjs";

const TSC = join(ROOT, "node_modules", "typescript", "lib", "tsc.js");
const BASELINE = "es";
/** The compiler options every tool's output is checked with. */
export const SHARED_OPTIONS = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: "ES2022",
  lib: ["ES2023"],
  module: "preserve",
  moduleResolution: "bundler",
  types: ["node"],
};

/** The projects to check: one per tool, plus pbjs's .d.ts with skipLibCheck off. */
function projects() {
  const list = TOOLS.map((tool) => ({
    id: tool.id,
    label: tool.label,
    dir: join(GEN_DIR, tool.id),
    options: SHARED_OPTIONS,
    maxRounds: { "ts-proto": 1, pbjs: 3 }[tool.id] ?? Infinity,
  }));
  list.push({
    id: "pbjs-libcheck",
    label: "pbjs + pbts (skipLibCheck off)",
    dir: join(GEN_DIR, "pbjs"),
    options: { ...SHARED_OPTIONS, skipLibCheck: false },
    maxRounds: 3,
  });
  return list.map((p) => {
    const config = join(p.dir, `tsconfig.${p.id}.json`);
    writeFileSync(config, `${JSON.stringify({ compilerOptions: p.options, include: ["**/*.ts"] }, null, 2)}\n`);
    return { ...p, config };
  });
}

/** Runs tsc once; returns seconds, tsc's own statistics and the type errors (tsc exits non-zero on them). */
function check(project) {
  const t0 = performance.now();
  const args = [TSC, "-p", project.config, "--extendedDiagnostics"];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`;
  // tsc leaves out a phase that took no time (no "Check time" when only .d.ts files are skipped).
  const stat = (name) => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(output)?.[1] ?? 0);
  const errors = output.split("\n").filter((l) => l.includes("error TS"));
  return {
    seconds,
    tscTotal: stat("Total time"),
    tscCheck: stat("Check time"),
    memoryMB: stat("Memory used") / 1024,
    ok: r.status === 0,
    errors: errors.length,
    firstError: errors[0],
  };
}

/** Runs the type-check benchmark, prints its table and returns its results (needs prepare({withDeclarations})). */
export function benchTypecheck({ rounds = QUICK ? 1 : 5 } = {}) {
  const list = projects();
  const runs = new Map(list.map((p) => [p.id, []]));
  for (let round = 0; round < rounds; round++)
    for (const p of rotate(list, round)) if (round < p.maxRounds) runs.get(p.id).push(check(p));

  const base = median(runs.get(BASELINE).map((r) => r.seconds));
  const results = list.map((p) => {
    const r = runs.get(p.id);
    const seconds = median(r.map((x) => x.seconds));
    return {
      id: p.id,
      tool: p.label,
      seconds,
      samples: r.map((x) => x.seconds),
      tscTotalSeconds: median(r.map((x) => x.tscTotal)),
      tscCheckSeconds: median(r.map((x) => x.tscCheck)),
      memoryMB: median(r.map((x) => x.memoryMB)),
      typeErrors: r[0].errors,
      firstError: r[0].ok ? undefined : r[0].firstError,
      speedVsProtocGenEs: base / seconds,
    };
  });
  const notes = [
    "vs protoc-gen-es: its wall time divided by the row's (above 1 = checks faster than protoc-gen-es output).",
    "tsc total / of it check: tsc's own --extendedDiagnostics times (parse + bind + check, without node start-up).",
  ];
  for (const r of results)
    if (r.firstError) notes.push(`${r.tool}: ${r.typeErrors} type errors, first: ${r.firstError}`);
  printTable(
    `Type-check of the generated bindings: tsc --noEmit --strict, TypeScript ${typescriptVersion()} (median of up to ${rounds})`,
    ["output of", "wall time", "vs protoc-gen-es", "tsc total", "of it check", "memory", "rounds", "type errors"],
    results.map((r) => [
      r.tool,
      fmtSeconds(r.seconds),
      fmtRatio(r.speedVsProtocGenEs),
      fmtSeconds(r.tscTotalSeconds),
      fmtSeconds(r.tscCheckSeconds),
      `${Math.round(r.memoryMB)} MB`,
      r.samples.length,
      r.typeErrors,
    ]),
    notes,
  );
  const ours = results.find((r) => r.id === "ours");
  const goals = [
    goal(
      "type-check: ours no slower than protoc-gen-es output",
      ours.speedVsProtocGenEs,
      1,
      `${fmtSeconds(ours.seconds)} vs ${fmtSeconds(base)}`,
    ),
  ];
  if (ours.typeErrors > 0) goals.push(goal("type-check: our bindings have no type errors", 0, 1, ours.firstError));
  const data = { rounds, compilerOptions: SHARED_OPTIONS, results, goals };
  writeGroupResult("typecheck", data);
  return data;
}

function typescriptVersion() {
  return spawnSync(process.execPath, [TSC, "--version"], { encoding: "utf8" })
    .stdout.trim()
    .replace(/^Version /, "");
}
