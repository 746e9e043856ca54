/** What a command may touch of the process, injectable for tests. */
export interface Io {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
  readonly cwd?: string;
}

/** Success. */
export const EXIT_OK = 0;
/** The command ran and found a problem (generation error, stale bindings). */
export const EXIT_FAILURE = 1;
/** The command line is wrong. */
export const EXIT_USAGE = 2;
