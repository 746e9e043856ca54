/** Turns any error into a message on stderr and an exit code; stack traces only with DEBUG set. */
import { EXIT_FAILURE, type Io } from "./io.js";

/** Prints `error` for a person and returns the exit code. */
export function reportError(error: unknown, io: Io): number {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  const known = typeof code === "string" && /^ERR_/.test(code);
  io.stderr.write(`error${known ? ` [${code}]` : ""}: ${err.message}\n`);
  if (!known)
    io.stderr.write("This looks like a bug in create-mesos-framework; please report it with the command you ran.\n");
  if (io.env.DEBUG && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}
