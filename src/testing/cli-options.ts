/**
 * The command line of `mini-mesos`: flags parsed with `node:util`'s
 * `parseArgs`, every value checked before anything starts, so a typo ends
 * with a message and exit code 2 instead of a half-started cluster.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AgentSpec, MiniMesosOptions } from "./cluster.js";
import { AgentFlagError, parseAttributesFlag, parseResourcesFlag } from "./resources/index.js";

/** Help text of the command. */
export const HELP = `Usage: mini-mesos [options]

Runs an in-memory Mesos master and agents serving the real v1 HTTP APIs
(scheduler, executor, operator) on 127.0.0.1, for trying out and testing
frameworks. Prints the master's URL on the first line of stdout, then one
line per agent URL, and runs until SIGINT or SIGTERM.

Options:
  --agents <n>                 number of agents (default 1)
  --resources <resources>      each agent's resources, in the agent's --resources syntax
                               (default cpus:4;mem:4096;disk:10000;ports:[31000-32000])
  --attributes <attributes>    each agent's attributes, e.g. rack:r1;zone:z1
  --agent-config <file>        JSON array with one {"resources", "attributes", "hostname"}
                               object per agent (instead of the three options above)
  --seed <n>                   seed of ids, uuids and tie-breaks (default 1)
  --task-mode process|inline   run command tasks as processes (default), or simulate them:
                               true/exit 0 finish, false/exit <n> fail, sleep <s> sleeps,
                               anything else runs until killed
  --heartbeat-interval <s>     seconds between HEARTBEAT events (default 15)
  --credentials <file>         turn on framework authentication with the principals of a
                               Mesos credentials file: {"credentials": [{"principal", "secret"}]}
                               or one "principal secret" per line
  -h, --help                   show this help
  -v, --version                show the version

Exit codes: 0 stopped by a signal, 1 failed to run, 2 bad command line.
`;

/** Stable codes of {@link MiniMesosCliError}. */
export type MiniMesosCliErrorCode =
  /** An unknown flag, a missing or malformed value, or flags that exclude each other. */
  | "ERR_MINI_MESOS_USAGE"
  /** The `--agent-config` file cannot be read or is not an array of agent objects. */
  | "ERR_MINI_MESOS_AGENT_CONFIG"
  /** The `--credentials` file cannot be read or holds no principal and secret. */
  | "ERR_MINI_MESOS_CREDENTIALS";

/** A command line mini-mesos cannot run with; the message says why, for a person. */
export class MiniMesosCliError extends Error {
  override readonly name = "MiniMesosCliError";

  constructor(
    readonly code: MiniMesosCliErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "run"; readonly options: MiniMesosOptions };

const OPTIONS = {
  agents: { type: "string" },
  resources: { type: "string" },
  attributes: { type: "string" },
  "agent-config": { type: "string" },
  seed: { type: "string" },
  "task-mode": { type: "string" },
  "heartbeat-interval": { type: "string" },
  credentials: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const MAX_AGENTS = 1000;
const AGENT_KEYS = new Set(["resources", "attributes", "hostname"]);

/** Parses `argv` (without node and the script); throws {@link MiniMesosCliError} for anything it cannot run with. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    // parseArgs' own messages name the flag and say what is wrong with it.
    throw usage((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const options: { -readonly [K in keyof MiniMesosOptions]: MiniMesosOptions[K] } = {
    agents: agentsOf(values),
    // Protocol misuse is the framework author's to see in tests; an interactive cluster keeps running.
    strict: false,
  };
  if (values.seed !== undefined) options.seed = wholeNumber("--seed", values.seed, 2 ** 32 - 1);
  if (values["task-mode"] !== undefined) {
    const mode = values["task-mode"];
    if (mode !== "process" && mode !== "inline")
      throw usage(`--task-mode must be "process" or "inline", not "${mode}"`);
    options.taskMode = mode;
  }
  if (values["heartbeat-interval"] !== undefined) {
    const text = values["heartbeat-interval"];
    const seconds = Number(text);
    if (text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
      throw usage(`--heartbeat-interval must be a positive number of seconds, not "${text}"`);
    }
    options.heartbeatIntervalSeconds = seconds;
  }
  if (values.credentials !== undefined) options.credentials = readCredentials(values.credentials);
  return { kind: "run", options };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
}

function agentsOf(values: ReturnType<typeof parse>["values"]): number | AgentSpec[] {
  const file = values["agent-config"];
  if (file !== undefined) {
    const clash = (["agents", "resources", "attributes"] as const).filter((name) => values[name] !== undefined);
    if (clash.length > 0) {
      throw usage(
        `--agent-config describes every agent; it cannot be combined with ${clash.map((n) => `--${n}`).join(", ")}`,
      );
    }
    return readAgentConfig(file);
  }
  const count = values.agents === undefined ? 1 : wholeNumber("--agents", values.agents, MAX_AGENTS);
  const spec: { -readonly [K in keyof AgentSpec]: AgentSpec[K] } = {};
  if (values.resources !== undefined) spec.resources = checkFlag("--resources", values.resources, "resources");
  if (values.attributes !== undefined) spec.attributes = checkFlag("--attributes", values.attributes, "attributes");
  return Object.keys(spec).length === 0 ? count : Array.from({ length: count }, () => ({ ...spec }));
}

/** Parses a flag value now, so that a bad one is a usage error rather than a failure while the cluster starts. */
function checkFlag(where: string, text: string, flag: "resources" | "attributes"): string {
  try {
    if (flag === "resources") parseResourcesFlag(text);
    else parseAttributesFlag(text);
  } catch (error) {
    if (error instanceof AgentFlagError) throw usage(`${where}: ${error.message}`);
    throw error;
  }
  return text;
}

function readAgentConfig(file: string): AgentSpec[] {
  const fail = (why: string): never => {
    throw new MiniMesosCliError("ERR_MINI_MESOS_AGENT_CONFIG", `--agent-config ${file}: ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return fail(error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message);
  }
  if (!Array.isArray(parsed)) return fail('expected a JSON array of {"resources", "attributes", "hostname"} objects');
  if (parsed.length > MAX_AGENTS) return fail(`at most ${MAX_AGENTS} agents`);
  return parsed.map((entry: unknown, index) => {
    const where = `agent ${index}`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return fail(`${where} is not an object`);
    const spec: { -readonly [K in keyof AgentSpec]: AgentSpec[K] } = {};
    for (const [key, value] of Object.entries(entry)) {
      if (!AGENT_KEYS.has(key))
        return fail(`${where} has an unknown key "${key}" (known: resources, attributes, hostname)`);
      if (typeof value !== "string") return fail(`${where}: "${key}" must be a string`);
      if (key === "hostname") spec.hostname = value;
      else {
        try {
          spec[key as "resources" | "attributes"] = checkFlag(
            `${where} ${key}`,
            value,
            key as "resources" | "attributes",
          );
        } catch (error) {
          return fail((error as Error).message);
        }
      }
    }
    return spec;
  });
}

/** The principals of a Mesos credentials file: JSON `{"credentials": [...]}` or `principal secret` lines. */
function readCredentials(file: string): { principal: string; secret: string }[] {
  const fail = (why: string): never => {
    throw new MiniMesosCliError("ERR_MINI_MESOS_CREDENTIALS", `--credentials ${file}: ${why}`);
  };
  let text = "";
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    fail((error as Error).message);
  }
  let credentials: { principal: string; secret: string }[];
  if (text.startsWith("{")) {
    let parsed: { credentials?: unknown };
    try {
      parsed = JSON.parse(text) as { credentials?: unknown };
    } catch (error) {
      return fail(`not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(parsed.credentials) ? (parsed.credentials as unknown[]) : [];
    credentials = list.map((entry, index) => {
      const { principal, secret } = (entry ?? {}) as { principal?: unknown; secret?: unknown };
      if (typeof principal !== "string" || typeof secret !== "string") {
        return fail(`credential ${index} needs "principal" and "secret" strings`);
      }
      return { principal, secret };
    });
  } else {
    credentials = text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line, index) => {
        const parts = line.split(/\s+/);
        if (parts.length !== 2) return fail(`line ${index + 1} is not "principal secret"`);
        return { principal: parts[0]!, secret: parts[1]! };
      });
  }
  if (credentials.length === 0) return fail("no credentials in it");
  return credentials;
}

function wholeNumber(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw usage(`${flag} must be a whole number from 0 to ${max}, not "${text}"`);
  return Number(text);
}

function usage(message: string): MiniMesosCliError {
  return new MiniMesosCliError("ERR_MINI_MESOS_USAGE", message);
}
