/**
 * Record and replay: a cluster's log (every call received and event sent)
 * saved as JSON lines in the Mesos JSON mapping, and read back as typed
 * entries, so a session can serve as a fixture for later tests.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { executor, scheduler } from "../generated/mesos-1.11.0/index.js";
import type { LogEntry } from "./cluster.js";

/** One saved line: the entry's kind and ids, and the message as Mesos JSON text. */
interface SavedLine {
  readonly kind: LogEntry["kind"];
  readonly frameworkId?: string;
  readonly agentId?: string;
  readonly message: unknown;
}

/** The log as JSON lines (one entry a line, messages in the Mesos JSON mapping). */
export function formatSessionLog(log: readonly LogEntry[]): string {
  return log
    .map((entry) => {
      const message =
        entry.kind === "event"
          ? scheduler.Event.toJson(entry.event)
          : entry.kind === "call"
            ? scheduler.Call.toJson(entry.call)
            : executor.Call.toJson(entry.call);
      const head = JSON.stringify({
        kind: entry.kind,
        ...(entry.kind === "executor-call" ? { agentId: entry.agentId } : { frameworkId: entry.frameworkId }),
      });
      // Splice the Mesos JSON in as is: re-serialising with JSON.stringify would lose int64 exactness.
      return `${head.slice(0, -1)},"message":${message}}`;
    })
    .join("\n");
}

/** Saves the log to a file (see {@link formatSessionLog}). */
export function saveSessionLog(path: string, log: readonly LogEntry[]): void {
  writeFileSync(path, `${formatSessionLog(log)}\n`);
}

/** Reads a saved log back into typed entries. */
export function parseSessionLog(text: string): LogEntry[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const start = line.indexOf(',"message":');
      if (start < 0) throw new Error(`session log line ${index + 1} has no "message"`);
      const head = JSON.parse(`${line.slice(0, start)}}`) as SavedLine;
      const message = line.slice(start + ',"message":'.length, -1);
      if (head.kind === "event")
        return { kind: "event", frameworkId: head.frameworkId!, event: scheduler.Event.fromJson(message) };
      if (head.kind === "call")
        return { kind: "call", frameworkId: head.frameworkId, call: scheduler.Call.fromJson(message) };
      return { kind: "executor-call", agentId: head.agentId!, call: executor.Call.fromJson(message) };
    });
}

/** Loads a saved log. */
export function loadSessionLog(path: string): LogEntry[] {
  return parseSessionLog(readFileSync(path, "utf8"));
}
