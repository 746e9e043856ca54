/**
 * The logging interface of the runtime: the shape of pino's `(fields, message)`
 * calls, so a pino logger (or anything alike) can be passed as is. Secrets are
 * never handed to a logger.
 */

/** Structured logger; `fields` is a flat object of values that serialise to JSON. */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = (): void => {};

/** A logger that drops everything (the default). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A logger writing one JSON line per entry to stderr, at `info` and above unless `debug` is set. */
export function consoleLogger(options: { debug?: boolean } = {}): Logger {
  const write =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      process.stderr.write(`${JSON.stringify({ level, time: Date.now(), msg: message, ...fields }, jsonSafe)}\n`);
    };
  return {
    debug: options.debug ? write("debug") : ignore,
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}
