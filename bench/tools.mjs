// The code generators compared by the benchmarks, as the exact commands a user
// would run, and `prepare()`, which generates every tool's bindings once into
// bench/.work/gen/<id> for the type-check and codec benchmarks.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { GEN_DIR, MESOS_FILES, PROTO_DIR, ROOT, timeCommand } from "./harness.mjs";

const bin = (name) => join(ROOT, "node_modules", ".bin", name);
const node = process.execPath;
/** Our CLI as built by `npm run build`. */
export const CLI = join(ROOT, "create-mesos-framework", "dist", "cli.js");
/** Per-field overrides that make port ranges `number` (what scaffolded projects use). */
export const PORTS_AS_NUMBER_CONFIG = join(ROOT, "bench", "int64-ports.json");
const WKT_DIR = process.env.BENCH_WKT_DIR ?? "/usr/include";
const protoc = (plugin, out, extra) => [
  "protoc",
  [
    "-I",
    PROTO_DIR,
    "-I",
    WKT_DIR,
    `--plugin=protoc-gen-${plugin}=${bin(`protoc-gen-${plugin}`)}`,
    ...extra(out),
    ...MESOS_FILES,
  ],
];

/**
 * One entry per generator: `commands(outDir)` lists the processes to run, in
 * order, all with the proto directory as working directory. Each tool runs with
 * its documented default options, except where noted.
 */
export const TOOLS = [
  {
    id: "ours",
    label: "create-mesos-framework",
    commands: (out) => [[node, [CLI, "bindings", "--proto-dir", PROTO_DIR, "--out", out]]],
  },
  {
    id: "es",
    label: "protoc + protoc-gen-es",
    note: "target=ts",
    commands: (out) => [protoc("es", out, (o) => [`--es_out=${o}`, "--es_opt=target=ts"])],
  },
  {
    id: "ts-proto",
    label: "protoc + ts-proto",
    note: "default options",
    commands: (out) => [protoc("ts_proto", out, (o) => [`--ts_proto_out=${o}`])],
  },
  {
    id: "pbjs",
    label: "pbjs + pbts",
    note: "static-module, es6 wrapper",
    commands: (out) => [
      [
        node,
        [
          bin("pbjs"),
          "-t",
          "static-module",
          "-w",
          "es6",
          "-p",
          PROTO_DIR,
          "-p",
          WKT_DIR,
          "-o",
          join(out, "mesos.js"),
          // Absolute paths: pbjs would load a relative name and its import of the same file twice.
          ...MESOS_FILES.map((f) => join(PROTO_DIR, f)),
        ],
      ],
      [node, [bin("pbts"), "-o", join(out, "mesos.d.ts"), join(out, "mesos.js")]],
    ],
  },
];

/** Our generator a second time, with port ranges as `number`: only a codec variant, not timed as a generator. */
const OURS_NUMBER = {
  id: "ours-number",
  label: "create-mesos-framework (ports as number)",
  commands: (out) => [
    [node, [CLI, "bindings", "--proto-dir", PROTO_DIR, "--out", out, "--config", PORTS_AS_NUMBER_CONFIG]],
  ],
};

/** Runs one tool's commands into a fresh `out` directory; returns the wall time of each command in seconds. */
export function runTool(tool, out, { skipLast = false } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const commands = tool.commands(out);
  return commands.slice(0, skipLast ? -1 : undefined).map(([cmd, args]) => timeCommand(cmd, args, { cwd: PROTO_DIR }));
}

/** Checks what every benchmark needs and explains how to get what is missing; returns a list of problems. */
export function checkPrerequisites() {
  const problems = [];
  if (!existsSync(join(PROTO_DIR, MESOS_FILES[0])))
    problems.push(`Mesos protos not found in ${PROTO_DIR} (set BENCH_PROTO_DIR)`);
  if (!existsSync(join(WKT_DIR, "google", "protobuf", "duration.proto")))
    problems.push(
      `google/protobuf/duration.proto not found in ${WKT_DIR} (apt-get install -y protobuf-compiler, or set BENCH_WKT_DIR)`,
    );
  if (spawnSync("protoc", ["--version"]).status !== 0)
    problems.push("protoc not found on PATH (apt-get install -y protobuf-compiler)");
  for (const name of ["protoc-gen-es", "protoc-gen-ts_proto", "pbjs", "pbts", "tsc"])
    if (!existsSync(bin(name))) problems.push(`node_modules/.bin/${name} missing: run npm ci`);
  return problems;
}

/**
 * Generates the bindings of every tool into bench/.work/gen/<id> (plus our
 * port-ranges-as-number variant). pbts, which only the type-check needs and
 * which takes ~10 s, runs only when `withDeclarations` is set.
 */
export function prepare({ withDeclarations }) {
  for (const tool of [...TOOLS, OURS_NUMBER]) {
    const out = join(GEN_DIR, tool.id);
    const seconds = runTool(tool, out, { skipLast: tool.id === "pbjs" && !withDeclarations });
    console.log(`  generated ${tool.label.padEnd(42)} ${seconds.reduce((a, b) => a + b, 0).toFixed(2)} s`);
  }
}
