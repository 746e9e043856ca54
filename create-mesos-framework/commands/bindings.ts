/**
 * `create-mesos-framework bindings`: resolve the Mesos protos (a directory, an
 * installed Mesos, the cache or a pinned download), generate the TypeScript
 * bindings, and write them — or, with `--check`, report whether they are stale.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import {
  checkConfig,
  checkOutput,
  generate,
  isUpToDate,
  readConfigFile,
  writeOutput,
  type GeneratorConfig,
} from "@create-mesos-framework/generator";
import { resolveProtos } from "@create-mesos-framework/proto";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from "../io.js";
import { reportError } from "../report-error.js";

/** Help text of the command. */
export const BINDINGS_HELP = `Usage: create-mesos-framework bindings (--mesos <version> | --proto-dir <dir>) --out <dir> [options]

Generate typed TypeScript bindings (interfaces, enums, discriminated unions for
Call/Event-style messages, TSDoc) with exact protobuf and Mesos-JSON codecs.

Where the .proto files come from (first that applies):
  --proto-dir <dir>       a Mesos source checkout, an install prefix such as /usr/include,
                          or any directory of .proto files
  MESOS_PROTO_DIR         the same, from the environment
  --mesos <version>       a known Mesos version: the local cache, else a pinned download
                          checked against sha256 pins (see --offline, --mirror)

Options:
  --out <dir>             output directory (required)
  --int64 bigint|number   how int64/uint64 fields are typed (default bigint: exact;
                          number is range-checked and throws rather than lose precision)
  --config <file>         JSON settings: {"int64", "fields": {"pkg.Msg.field": {"int64": "number"}},
                          "plainMessages": [...], "runtimeImport": "..."}
  --runtime-import <spec> module generated files import the codec runtime from
                          (default @create-mesos-framework/runtime/codec)
  --proto-path <dir>      another import root (repeatable)
  --check                 write nothing; exit 1 and list the files if --out is stale
  --offline               never download; use --proto-dir or the cache
  --cache-dir <dir>       where downloaded protos are kept
  --mirror <url>          base URL to download Mesos sources from
  --quiet                 print errors only
  -h, --help              show this help

Exit codes: 0 done (or up to date), 1 generation failed or bindings stale, 2 bad command line.
`;

const OPTIONS = {
  mesos: { type: "string" },
  "proto-dir": { type: "string" },
  "proto-path": { type: "string", multiple: true },
  out: { type: "string" },
  int64: { type: "string" },
  config: { type: "string" },
  "runtime-import": { type: "string" },
  check: { type: "boolean" },
  offline: { type: "boolean" },
  "cache-dir": { type: "string" },
  mirror: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs the command; resolves to the exit code. */
export async function runBindings(argv: readonly string[], io: Io): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n\nRun "create-mesos-framework bindings --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(BINDINGS_HELP);
    return EXIT_OK;
  }
  const usage = (text: string): number => {
    io.stderr.write(`error: ${text}\n\nRun "create-mesos-framework bindings --help" for usage.\n`);
    return EXIT_USAGE;
  };
  if (!values.out) return usage("--out <dir> is required");
  if (!values.mesos && !values["proto-dir"] && !io.env.MESOS_PROTO_DIR) {
    return usage("say which protos to use: --mesos <version> or --proto-dir <dir> (or set MESOS_PROTO_DIR)");
  }
  if (values.int64 !== undefined && values.int64 !== "bigint" && values.int64 !== "number") {
    return usage(`--int64 must be "bigint" or "number", not "${values.int64}"`);
  }

  const cwd = io.cwd ?? process.cwd();
  const progress = (text: string): void => {
    if (!values.quiet) io.stderr.write(`${text}\n`);
  };
  const started = performance.now();
  try {
    const fileConfig = values.config ? readConfigFile(path.resolve(cwd, values.config)) : {};
    const config: GeneratorConfig = checkConfig({
      ...fileConfig,
      ...(values.int64 ? { int64: values.int64 } : {}),
      ...(values["runtime-import"] ? { runtimeImport: values["runtime-import"] } : {}),
    });
    const protoSet = await resolveProtos({
      version: values.mesos,
      protoDir: values["proto-dir"] ? path.resolve(cwd, values["proto-dir"]) : undefined,
      env: io.env,
      cacheDir: values["cache-dir"] ? path.resolve(cwd, values["cache-dir"]) : undefined,
      mirror: values.mirror,
      offline: values.offline,
      onProgress: progress,
      onWarning: (text) => io.stderr.write(`warning: ${text}\n`),
    });

    const label = protoSet.version ? `Mesos ${protoSet.version}` : undefined;
    const result = generate({
      importPaths: [protoSet.root, ...(values["proto-path"] ?? []).map((p) => path.resolve(cwd, p))],
      files: protoSet.files,
      config,
      label,
      onWarning: (text) => io.stderr.write(`warning: ${text}\n`),
    });
    const outDir = path.resolve(cwd, values.out);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);

    if (values.check) {
      const report = checkOutput(outDir, result.files);
      if (isUpToDate(report)) {
        progress(`Bindings in ${values.out} are up to date (${result.files.size} files).`);
        return EXIT_OK;
      }
      const lines = [
        ...report.changed.map((f) => `  changed  ${f}`),
        ...report.missing.map((f) => `  missing  ${f}`),
        ...report.extra.map((f) => `  extra    ${f}`),
      ];
      io.stderr.write(`Bindings in ${values.out} are stale:\n${lines.join("\n")}\nRegenerate them without --check.\n`);
      return EXIT_FAILURE;
    }
    const written = writeOutput(outDir, result.files);
    progress(
      `Wrote ${written.length} of ${result.files.size} files to ${values.out} (${result.files.size - written.length} unchanged) in ${seconds}s.`,
    );
    return EXIT_OK;
  } catch (e) {
    return reportError(e, io);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true });
}
