/** Reads recorded process environments (`env` output, `NAME=value` a line) into plain objects for tests. */
import { readFileSync } from "node:fs";

/**
 * Parses `NAME=value` lines; blank lines and `#` comments are skipped, and the value is everything after the first
 * `=`, kept verbatim (no quotes or escapes: `env` prints raw values).
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const eq = line.indexOf("=");
    // A line without `=` would be a continuation of a multi-line value, which the recordings must not contain.
    if (eq <= 0) throw new Error(`line ${index + 1} is not NAME=value: ${JSON.stringify(line)}`);
    const name = line.slice(0, eq);
    if (name in env) throw new Error(`line ${index + 1} sets ${name} a second time`);
    env[name] = line.slice(eq + 1);
  });
  return env;
}

/** Reads and parses an environment file (see {@link parseEnvFile}). */
export function readEnvFile(path: string): Record<string, string> {
  return parseEnvFile(readFileSync(path, "utf8"));
}
