/** Command dispatch of the CLI: `bindings`, `--help`, `--version`. */
import { runBindings, BINDINGS_HELP } from "./commands/bindings.js";
import { EXIT_USAGE, type Io } from "./io.js";
import { VERSION } from "./version.js";

const HELP = `create-mesos-framework ${VERSION}

Usage:
  create-mesos-framework bindings (--mesos <version> | --proto-dir <dir>) --out <dir> [options]
  create-mesos-framework --help | --version

Commands:
  bindings   Generate typed TypeScript bindings with exact protobuf and Mesos-JSON
             codecs from the Mesos .proto files (or any .proto files).

Run "create-mesos-framework bindings --help" for the options of a command.
`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(command === "help" && rest[0] === "bindings" ? BINDINGS_HELP : HELP);
    return 0;
  }
  if (command === "-v" || command === "--version") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === "bindings") return runBindings(rest, io);
  io.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
  return EXIT_USAGE;
}
