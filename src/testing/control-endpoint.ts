/**
 * The HTTP control endpoint of mini-mesos, for frameworks written in other
 * languages: faults, virtual time, state and the session log, under
 * `/mini-mesos/` on the leading master's port.
 *
 *   POST /mini-mesos/faults/<name>   JSON body with the fault's arguments
 *   POST /mini-mesos/advance         {"ms": 60000}  (virtual clock only)
 *   GET  /mini-mesos/state           masters, agents, violations
 *   GET  /mini-mesos/log             the session log as JSON lines
 */
import type { MiniMesos } from "./cluster.js";
import type { Request, Response } from "./http/server.js";
import { formatSessionLog } from "./session-log.js";

/** Path prefix of the control endpoint. */
export const CONTROL_PREFIX = "/mini-mesos/";

type FaultArgs = Record<string, unknown>;

const FAULTS: Readonly<Record<string, (cluster: MiniMesos, args: FaultArgs) => void | Promise<void>>> = {
  "drop-subscriptions": (c, a) => c.faults.dropSubscriptions(optionalString(a, "frameworkId")),
  "stall-subscriptions": (c, a) => c.faults.stallSubscriptions(a.stalled !== false, optionalString(a, "frameworkId")),
  "partition-agent": (c, a) =>
    c.faults.partitionAgent(requiredString(a, "agentId"), optionalNumber(a, "unreachableAfterMs")),
  "heal-agent": (c, a) => c.faults.healAgent(requiredString(a, "agentId")),
  "lose-agent": (c, a) => c.faults.loseAgent(requiredString(a, "agentId")),
  "restart-agent": (c, a) => c.faults.restartAgent(requiredString(a, "agentId"), optionalNumber(a, "recoveryMs")),
  "failover-master": (c, a) => c.faults.failoverMaster(optionalNumber(a, "electionMs")),
  "delay-status-updates": (c, a) => c.faults.delayStatusUpdates(optionalNumber(a, "ms") ?? 0),
  "duplicate-status-updates": (c, a) => c.faults.duplicateStatusUpdates(a.on !== false),
  "reorder-status-updates": (c, a) => c.faults.reorderStatusUpdates(a.on !== false),
  "slow-acknowledgements": (c, a) => c.faults.slowAcknowledgements(optionalNumber(a, "ms") ?? 0),
};

/** Answers a request below {@link CONTROL_PREFIX}. */
export async function handleControl(cluster: MiniMesos, request: Request): Promise<Response> {
  const path = request.path.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  try {
    if (request.method === "GET" && path === "state") {
      return json({
        masters: cluster.masterUrls.map((u) => u.href),
        leader: cluster.masterUrl.href,
        agents: cluster.agents.map((a) => ({ id: a.id, url: a.url.href })),
        frameworks: [...cluster.master.frameworks.values()].map((f) => ({ id: f.id, connected: f.connected })),
        violations: cluster.violations,
      });
    }
    if (request.method === "GET" && path === "log") {
      return { status: 200, headers: { "Content-Type": "application/x-ndjson" }, body: formatSessionLog(cluster.log) };
    }
    if (request.method !== "POST") return text(405, `mini-mesos control: use POST for ${request.path}`);
    const args = parseArgs(request.body);
    if (path === "advance") {
      await cluster.advance(requiredNumber(args, "ms"));
      return json({ ok: true });
    }
    const fault = path.startsWith("faults/") ? FAULTS[path.slice("faults/".length)] : undefined;
    if (!fault) {
      return text(
        404,
        `mini-mesos control: unknown command ${request.path}; faults: ${Object.keys(FAULTS).join(", ")}`,
      );
    }
    await fault(cluster, args);
    return json({ ok: true });
  } catch (error) {
    return text(400, `mini-mesos control: ${(error as Error).message}`);
  }
}

function parseArgs(body: Buffer): FaultArgs {
  const text = body.toString("utf8").trim();
  if (text === "") return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error("the body must be a JSON object");
  return parsed as FaultArgs;
}

function requiredString(args: FaultArgs, name: string): string {
  const value = args[name];
  if (typeof value !== "string" || value === "") throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

function optionalString(args: FaultArgs, name: string): string | undefined {
  return args[name] === undefined ? undefined : requiredString(args, name);
}

function requiredNumber(args: FaultArgs, name: string): number {
  const value = args[name];
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new Error(`"${name}" must be a number >= 0`);
  return value;
}

function optionalNumber(args: FaultArgs, name: string): number | undefined {
  return args[name] === undefined ? undefined : requiredNumber(args, name);
}

function json(value: unknown): Response {
  return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) };
}

function text(status: number, body: string): Response {
  return { status, body };
}
