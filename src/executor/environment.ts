/**
 * The environment a Mesos agent gives an executor process (`MESOS_FRAMEWORK_ID`, `MESOS_AGENT_ENDPOINT`, ...),
 * read once at start-up into a typed object. Rules follow the official C++ executor library, except that a missing
 * shutdown grace period falls back to the agent's default instead of refusing to start.
 */
import { isIP } from "node:net";
import { parseDuration } from "./duration.js";

/** What the agent told this executor about itself, its framework and how to reach the agent. */
export interface ExecutorEnvironment {
  /** `MESOS_FRAMEWORK_ID`. */
  frameworkId: string;
  /** `MESOS_EXECUTOR_ID`; for a command executor, the task id. */
  executorId: string;
  /** `MESOS_SLAVE_ID`. */
  agentId?: string;
  /** Base URL of the agent, `http(s)://ip:port/`, from `MESOS_AGENT_ENDPOINT` or else `MESOS_SLAVE_PID`. */
  agentEndpoint: URL;
  /** `MESOS_SLAVE_PID` as given, e.g. `slave(1)@10.0.0.13:5051` (only checked when it supplies the endpoint). */
  agentPid?: string;
  /** `MESOS_DIRECTORY`: the sandbox as a path on the agent host. */
  directory?: string;
  /** `MESOS_SANDBOX`: the sandbox as seen inside the container. */
  sandbox?: string;
  /** `MESOS_CHECKPOINT=1`: the framework checkpoints, so the executor should survive agent restarts. */
  checkpoint: boolean;
  /** `MESOS_HTTP_COMMAND_EXECUTOR=1`: the agent runs with `--http_command_executor`. */
  httpCommandExecutor: boolean;
  /** `MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD`, 5000 when absent. */
  shutdownGracePeriodMs: number;
  /** `MESOS_RECOVERY_TIMEOUT`: how long to keep reconnecting after losing the agent (set when checkpointing). */
  recoveryTimeoutMs?: number;
  /** `MESOS_SUBSCRIPTION_BACKOFF_MAX`: upper bound of the random wait before each reconnection attempt. */
  subscriptionBackoffMaxMs?: number;
  /**
   * `MESOS_EXECUTOR_AUTHENTICATION_TOKEN`, the bearer token for agent calls. Non-enumerable, so logging, JSON and
   * object spread leave it out; read the property directly.
   */
  authenticationToken?: string;
  /** `MESOS_DOMAIN_SOCKET`: path of the agent's executor socket, with `--http_executor_domain_sockets`. */
  domainSocket?: string;
}

/** Stable codes of {@link ExecutorEnvironmentError}. */
export type ExecutorEnvironmentErrorCode =
  /** Required variables are not set: the process was not started by a Mesos agent. */
  | "ERR_EXECUTOR_ENV_MISSING"
  /** A variable is set to a value that cannot be used; the message names both. */
  | "ERR_EXECUTOR_ENV_INVALID";

/** The process environment does not describe an executor launched by a Mesos agent. */
export class ExecutorEnvironmentError extends Error {
  override readonly name = "ExecutorEnvironmentError";

  constructor(
    readonly code: ExecutorEnvironmentErrorCode,
    message: string,
    /** The variables at fault, e.g. `["MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID"]`. */
    readonly variables: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TOKEN = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";
const DEFAULT_SHUTDOWN_GRACE_PERIOD_MS = 5_000;

// Shown for a manual run, so that the message alone is enough to get going.
const EXAMPLES: Record<string, string> = {
  MESOS_FRAMEWORK_ID: "<framework id>",
  MESOS_EXECUTOR_ID: "<executor id>",
  MESOS_AGENT_ENDPOINT: "127.0.0.1:5051",
  MESOS_RECOVERY_TIMEOUT: "15mins",
  MESOS_SUBSCRIPTION_BACKOFF_MAX: "2secs",
};

/**
 * Reads the executor environment from `env` (default `process.env`) and removes the authentication token from it,
 * as the official library does, so that processes the executor starts do not inherit it; call it once.
 */
export function readExecutorEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  options?: { scheme?: "http" | "https" },
): ExecutorEnvironment {
  // Removed before anything can throw, so no failure path leaves the token behind for child processes.
  const token = value(env, TOKEN);
  delete env[TOKEN];

  const checkpointText = value(env, "MESOS_CHECKPOINT");
  const isAbsent = (name: string) => value(env, name) === undefined;
  const missing = ["MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID"].filter(isAbsent);
  const endpointText = value(env, "MESOS_AGENT_ENDPOINT");
  const pidText = value(env, "MESOS_SLAVE_PID");
  if (endpointText === undefined && pidText === undefined) missing.push("MESOS_AGENT_ENDPOINT");
  // Like the C++ library: a checkpointing executor cannot reconnect sensibly without these two.
  if (checkpointText === "1")
    missing.push(...["MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX"].filter(isAbsent));
  if (missing.length > 0) throw missingError(missing);

  const scheme = options?.scheme ?? "http";
  const result: ExecutorEnvironment = {
    frameworkId: value(env, "MESOS_FRAMEWORK_ID")!,
    executorId: value(env, "MESOS_EXECUTOR_ID")!,
    ...definedOnly({ agentId: value(env, "MESOS_SLAVE_ID") }),
    agentEndpoint:
      endpointText !== undefined
        ? endpointUrl(scheme, "MESOS_AGENT_ENDPOINT", endpointText, endpointText)
        : endpointUrl(scheme, "MESOS_SLAVE_PID", pidText!, pidAddress(pidText!)),
    ...definedOnly({
      agentPid: pidText,
      directory: value(env, "MESOS_DIRECTORY"),
      sandbox: value(env, "MESOS_SANDBOX"),
    }),
    checkpoint: flag("MESOS_CHECKPOINT", checkpointText),
    httpCommandExecutor: flag("MESOS_HTTP_COMMAND_EXECUTOR", value(env, "MESOS_HTTP_COMMAND_EXECUTOR")),
    shutdownGracePeriodMs: duration(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD") ?? DEFAULT_SHUTDOWN_GRACE_PERIOD_MS,
    ...definedOnly({
      recoveryTimeoutMs: duration(env, "MESOS_RECOVERY_TIMEOUT"),
      subscriptionBackoffMaxMs: duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX"),
      domainSocket: value(env, "MESOS_DOMAIN_SOCKET"),
    }),
  };
  if (token !== undefined) Object.defineProperty(result, "authenticationToken", { value: token, enumerable: false });
  return result;
}

/** The fields that have a value, so absent ones stay out of the object instead of showing up as `undefined`. */
function definedOnly<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A variable's value; set-but-empty counts as absent, as `FOO= ./executor` usually means "unset". */
function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = env[name];
  return text === undefined || text === "" ? undefined : text;
}

function missingError(missing: string[]): ExecutorEnvironmentError {
  const described = missing.map((name) =>
    name === "MESOS_AGENT_ENDPOINT"
      ? "MESOS_AGENT_ENDPOINT (or MESOS_SLAVE_PID)"
      : name === "MESOS_RECOVERY_TIMEOUT" || name === "MESOS_SUBSCRIPTION_BACKOFF_MAX"
        ? `${name} (required because MESOS_CHECKPOINT=1)`
        : name,
  );
  const example = missing.map((name) => `${name}=${EXAMPLES[name]}`).join(" ");
  const variables = missing.flatMap((name) => (name === "MESOS_AGENT_ENDPOINT" ? [name, "MESOS_SLAVE_PID"] : [name]));
  return new ExecutorEnvironmentError(
    "ERR_EXECUTOR_ENV_MISSING",
    `Missing executor environment: ${described.join(", ")}. This program is a Mesos executor and must be started ` +
      `by a Mesos agent, which sets these variables; to run it by hand, set them yourself, e.g. ${example}`,
    variables,
  );
}

function invalid(name: string, text: string, expected: string, cause?: unknown): ExecutorEnvironmentError {
  return new ExecutorEnvironmentError(
    "ERR_EXECUTOR_ENV_INVALID",
    `${name} is ${JSON.stringify(text)}, but ${expected}`,
    [name],
    cause === undefined ? undefined : { cause },
  );
}

function flag(name: string, text: string | undefined): boolean {
  if (text === undefined || text === "0") return false;
  if (text === "1") return true;
  throw invalid(name, text, "it must be 0 or 1");
}

function duration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = value(env, name);
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (error) {
    throw invalid(name, text, "it must be a duration such as 5secs, 1500ms or 15mins", error);
  }
}

/** The `ip:port` part of a libprocess pid such as `slave(1)@10.0.0.13:5051`, or undefined if malformed. */
function pidAddress(pid: string): string | undefined {
  const at = pid.indexOf("@");
  return at > 0 ? pid.slice(at + 1) : undefined;
}

const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function endpointUrl(scheme: string, name: string, text: string, address: string | undefined): URL {
  const expected =
    name === "MESOS_SLAVE_PID"
      ? "it must be a libprocess pid such as slave(1)@10.0.0.13:5051"
      : "it must be ip:port such as 10.0.0.13:5051 or [::1]:5051";
  const hostPort = address === undefined ? undefined : splitHostPort(address);
  if (hostPort === undefined) throw invalid(name, text, expected);
  const host = isIP(hostPort.host) === 6 ? `[${hostPort.host}]` : hostPort.host;
  try {
    return new URL(`${scheme}://${host}:${hostPort.port}/`);
  } catch (error) {
    throw invalid(name, text, expected, error);
  }
}

function splitHostPort(address: string): { host: string; port: number } | undefined {
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]+)\]:([^:]*)$/.exec(address);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
    if (isIP(host) !== 6) return undefined;
  } else {
    // The port is always last, so even an unbracketed IPv6 address splits unambiguously at the final colon.
    const colon = address.lastIndexOf(":");
    if (colon <= 0) return undefined;
    host = address.slice(0, colon);
    portText = address.slice(colon + 1);
    const isAddress = isIP(host) !== 0;
    // All-numeric names that are not IPv4 (`999.1.1.1`) are typos, not hostnames.
    const isHostname =
      !/^[\d.]+$/.test(host) && host.length <= 253 && host.split(".").every((label) => HOSTNAME_LABEL.test(label));
    if (!isAddress && !isHostname) return undefined;
  }
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}
