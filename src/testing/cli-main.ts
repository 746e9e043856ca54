/**
 * What `mini-mesos` does once Node is known to be recent enough: parse the
 * command line, start the cluster, print where it listens (master first, so
 * scripts can read one line), and stop it cleanly when told to.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMiniMesos, type MiniMesos } from "./cluster.js";
import { HELP, MiniMesosCliError, parseCommandLine } from "./cli-options.js";

/** Success (stopped by a signal). */
export const EXIT_OK = 0;
/** The cluster could not start or stop. */
export const EXIT_FAILURE = 1;
/** The command line is wrong. */
export const EXIT_USAGE = 2;

/** What the command may touch of the process, injectable for tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the name of the signal that asks the cluster to stop. */
  readonly stopRequested: Promise<string>;
}

/** Runs `mini-mesos` with `argv` (without node and the script); resolves to the exit code once stopped. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof MiniMesosCliError)) return reportError(error, io);
    io.stderr.write(`error [${error.code}]: ${error.message}\n\nRun "mini-mesos --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (command.kind === "help") {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (command.kind === "version") {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  let cluster: MiniMesos;
  try {
    cluster = await startMiniMesos(command.options);
  } catch (error) {
    return reportError(error, io);
  }
  // The master first, alone on its line: scripts read one line to learn where to point a framework.
  io.stdout.write(`${cluster.masterUrl.origin}\n`);
  for (const agent of cluster.agents) io.stdout.write(`${agent.url.origin}\n`);
  io.stderr.write(
    `mini-mesos ${packageVersion()}: master ${cluster.master.id} with ${cluster.agents.length} agent(s); ` +
      "the operator API is at /api/v1. Stop with Ctrl-C.\n",
  );
  const signal = await io.stopRequested;
  io.stderr.write(`mini-mesos: ${signal}, stopping.\n`);
  try {
    await cluster.close();
  } catch (error) {
    return reportError(error, io);
  }
  return EXIT_OK;
}

/** Prints an error for a person: the message and its stable code; the stack only with DEBUG set. */
function reportError(error: unknown, io: CliIo): number {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  const known = typeof code === "string" && /^ERR_/.test(code);
  io.stderr.write(`error${known ? ` [${code}]` : ""}: ${err.message}\n`);
  if (!known) io.stderr.write("This looks like a bug in mini-mesos; please report it with the command you ran.\n");
  if (io.env.DEBUG && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}

/** The runtime package's version, found from here in the sources (src/testing) and in the build (src/dist/testing). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@create-mesos-framework/runtime" && pkg.version) return pkg.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
  }
  return "unknown";
}
