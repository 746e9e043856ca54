// Benchmark 1: code generation for the whole Mesos 1.11.0 v1 set (nine files).
//
// What is measured: the wall time of each generator as a user runs it, a fresh
// process each time (start-up included, since that is what `npm run bindings`
// or a CI drift check costs): our built CLI, protoc + protoc-gen-es (target=ts),
// protoc + ts-proto, pbjs static-module + pbts. Rounds are interleaved and each
// goes into a new empty directory; the preparation step already ran every tool
// once, which is the warm-up (file cache, protoc and node binaries). Also the
// size of what each tool writes (files, lines, bytes).
// Goal (docs/performance.md): ours no slower than protoc + protoc-gen-es.
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  GEN_DIR,
  QUICK,
  WORK_DIR,
  countOutput,
  fmtBytes,
  fmtInt,
  fmtRatio,
  fmtSeconds,
  goal,
  median,
  printTable,
  rotate,
  writeGroupResult,
} from "./harness.mjs";
import { TOOLS, runTool } from "./tools.mjs";

const BASELINE = "es";

/** Runs the code generation benchmark, prints its table and returns its results. */
export function benchCodegen({ rounds = QUICK ? 1 : 3 } = {}) {
  const scratch = join(WORK_DIR, "codegen");
  const times = new Map(TOOLS.map((t) => [t.id, []]));
  const steps = new Map(TOOLS.map((t) => [t.id, []]));
  const sizes = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const tool of rotate(TOOLS, round)) {
      // The last round writes where the other benchmarks read (bench/.work/gen), saving prepare() a pbts run.
      const last = round === rounds - 1;
      const out = last ? join(GEN_DIR, tool.id) : join(scratch, `${tool.id}-${round}`);
      const seconds = runTool(tool, out);
      times.get(tool.id).push(seconds.reduce((a, b) => a + b, 0));
      steps.get(tool.id).push(seconds);
      if (!sizes.has(tool.id)) sizes.set(tool.id, countOutput(out));
      if (!last) rmSync(out, { recursive: true, force: true });
    }
  }
  rmSync(scratch, { recursive: true, force: true });

  const base = median(times.get(BASELINE));
  const results = TOOLS.map((tool) => {
    const seconds = median(times.get(tool.id));
    const perStep = steps.get(tool.id)[0].map((_, i) => median(steps.get(tool.id).map((s) => s[i])));
    return {
      id: tool.id,
      tool: tool.label,
      options: tool.note,
      seconds,
      samples: times.get(tool.id),
      stepSeconds: perStep,
      ...sizes.get(tool.id),
      speedVsProtocGenEs: base / seconds,
    };
  });
  printTable(
    `Code generation: all nine Mesos 1.11.0 v1 protos (median of ${rounds}, fresh process each)`,
    ["tool", "wall time", "vs protoc-gen-es", "files", "lines", "size"],
    results.map((r) => [
      r.tool + (r.stepSeconds.length > 1 ? ` (${r.stepSeconds.map((s) => s.toFixed(1)).join(" + ")})` : ""),
      fmtSeconds(r.seconds),
      fmtRatio(r.speedVsProtocGenEs),
      r.files,
      fmtInt(r.lines),
      fmtBytes(r.bytes),
    ]),
    ["vs protoc-gen-es: its wall time divided by the row's (above 1 = faster than protoc + protoc-gen-es)."],
  );
  const ours = results.find((r) => r.id === "ours");
  const goals = [
    goal(
      "codegen: ours no slower than protoc + protoc-gen-es",
      ours.speedVsProtocGenEs,
      1,
      `${fmtSeconds(ours.seconds)} vs ${fmtSeconds(base)}`,
    ),
  ];
  const data = { rounds, results, goals };
  writeGroupResult("codegen", data);
  return data;
}
