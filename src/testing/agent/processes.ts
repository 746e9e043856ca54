/**
 * Child processes of mini-mesos agents: command tasks and custom executors
 * run as real processes (`sh -c <value>`) in their own process group, in a
 * sandbox directory, with the environment a Mesos agent gives them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:os";

/** A started process; `kill` signals its whole process group. */
export interface RunningProcess {
  readonly pid: number | undefined;
  /** Resolves with the wait status Mesos reports (exit code << 8, or the signal number) and a description. */
  readonly exited: Promise<ProcessExit>;
  kill(signal?: NodeJS.Signals): void;
}

/** How a process ended. */
export interface ProcessExit {
  /** The raw wait status: `code << 8` for an exit, the signal number for a signal (e.g. 256 for exit code 1). */
  readonly waitStatus: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** `Command exited with status <n>` or `Command terminated with signal <name>`, as the command executor says. */
  readonly message: string;
}

/**
 * Starts `sh -c <command>` in `cwd` with exactly `env` (plus PATH and HOME so
 * shells work). Output goes to `stdout` and `stderr` files in the sandbox, as
 * on a Mesos agent.
 */
export function startProcess(command: string, env: Record<string, string>, cwd: string): RunningProcess {
  const stdout = openSync(join(cwd, "stdout"), "a");
  const stderr = openSync(join(cwd, "stderr"), "a");
  let child: ChildProcess;
  try {
    child = spawn("/bin/sh", ["-c", command], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? cwd, ...env },
      detached: true,
      stdio: ["ignore", stdout, stderr],
    });
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("error", () => resolve(describeExit(127, null)));
    child.once("exit", (code, signal) => resolve(describeExit(code, signal)));
  });
  return {
    pid: child.pid,
    exited,
    kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    },
  };
}

/** The wait status and message for an exit, as the Mesos command executor reports it. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): ProcessExit {
  if (signal) {
    const number = constants.signals[signal] ?? 0;
    return { waitStatus: number, code, signal, message: `Command terminated with signal ${signalName(signal)}` };
  }
  const exitCode = code ?? 0;
  return { waitStatus: exitCode << 8, code: exitCode, signal: null, message: `Command exited with status ${exitCode}` };
}

// strsignal() texts for the signals a task usually dies of.
const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGTERM: "Terminated",
  SIGKILL: "Killed",
  SIGINT: "Interrupt",
  SIGHUP: "Hangup",
  SIGSEGV: "Segmentation fault",
  SIGABRT: "Aborted",
};

function signalName(signal: NodeJS.Signals): string {
  return SIGNAL_NAMES[signal] ?? signal;
}
