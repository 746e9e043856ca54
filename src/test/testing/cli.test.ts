/**
 * The `mini-mesos` command: run as a real process (the TypeScript entry point
 * under tsx), it prints the master's URL first, serves a framework, and stops
 * cleanly on SIGTERM/SIGINT with nothing left running; bad command lines end
 * with a message and exit code 2, never a stack trace.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { SchedulerClient } from "../../scheduler/index.js";
import { launchOn, sleeper } from "../helpers/launch.js";
import { runCli, type CliIo } from "../../testing/cli-main.js";
import { parseCommandLine } from "../../testing/cli-options.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../testing/cli.ts", import.meta.url));
const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const dir = mkdtempSync(join(tmpdir(), "mini-mesos-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const children: ChildProcess[] = [];
const clients: SchedulerClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts the command; `lines(n)` resolves with the first n lines of stdout, `exit` with its exit code. */
function start(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: REPO, stdio: "pipe" });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = (n: number) =>
    new Promise<string[]>((resolve, reject) => {
      const check = (): void => {
        const all = stdout.split("\n");
        if (all.length > n) resolve(all.slice(0, n));
      };
      child.stdout.on("data", check);
      check();
      void exit.then(() => reject(new Error(`mini-mesos exited before printing ${n} lines; stderr: ${stderr}`)));
    });
  return { child, lines, exit, stderr: () => stderr, stdout: () => stdout };
}

/** Whether a process with this id still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const FRAMEWORK: mesos.FrameworkInfo = {
  user: "test",
  name: "cli-test",
  roles: ["*"],
  capabilities: [{ type: "MULTI_ROLE" }],
};

describe("mini-mesos as a process", () => {
  it("prints the master's URL first, then the agents', serves a framework, and stops on SIGTERM with nothing left running", async () => {
    const pidFile = join(dir, "task.pid");
    const run = start(["--agents", "2", "--seed", "7", "--heartbeat-interval", "1"]);
    const [masterUrl, ...agentUrls] = await run.lines(3);
    expect(masterUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(agentUrls).toHaveLength(2);
    for (const url of agentUrls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A failover timeout keeps the framework (and its task) after the loop below closes the client.
    const framework = { ...FRAMEWORK, failover_timeout: 600 };
    const client = new SchedulerClient({ master: masterUrl!, framework, encoding: "json" });
    clients.push(client);
    let heartbeat: number | undefined;
    const agentsOffered = new Set<string>();
    for await (const event of client.subscribe()) {
      if (event.type === "SUBSCRIBED") heartbeat = event.subscribed.heartbeat_interval_seconds;
      if (event.type !== "OFFERS") continue;
      for (const offer of event.offers.offers ?? []) agentsOffered.add(offer.agent_id.value);
      if (agentsOffered.size < 2) continue;
      // A real process (task mode "process" is the default) that must not outlive mini-mesos.
      const offer = event.offers.offers![0]!;
      await launchOn(client, offer, [sleeper(`echo $$ > ${pidFile}; exec sleep 1000`)]);
      break;
    }
    expect(heartbeat).toBe(1);
    await until(() => readFileSafe(pidFile).trim() !== "", "the task's pid");
    const taskPid = Number(readFileSafe(pidFile));
    expect(alive(taskPid)).toBe(true);

    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain("SIGTERM, stopping.");
    expect(run.stderr()).not.toMatch(/^\s+at /m);
    expect(alive(run.child.pid!)).toBe(false);
    await until(() => !alive(taskPid), "the task process to go away", 3000);
    await expect(fetch(new URL("/api/v1", masterUrl))).rejects.toThrow();
  });

  it("stops on SIGINT (Ctrl-C) with exit code 0", async () => {
    const run = start(["--agents", "0", "--task-mode", "inline"]);
    const [masterUrl] = await run.lines(1);
    const health = await fetch(new URL("/api/v1", masterUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"type":"GET_HEALTH"}',
    });
    expect(await health.text()).toBe('{"type":"GET_HEALTH","get_health":{"healthy":true}}');
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe(`${masterUrl}\n`);
  });

  it("exits with 2 and a one-line reason on a bad flag", async () => {
    const run = start(["--agents", "two"]);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toBe(
      'error [ERR_MINI_MESOS_USAGE]: --agents must be a whole number from 0 to 1000, not "two"\n\nRun "mini-mesos --help" for usage.\n',
    );
    expect(run.stdout()).toBe("");
  });

  it("prints its version", async () => {
    const run = start(["--version"]);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe(`${VERSION}\n`);
  });
});

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Runs the command in-process up to the point where it would start a cluster. */
async function commandLine(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    stopRequested: Promise.resolve("SIGTERM"),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("mini-mesos command line", () => {
  it.each([
    [["--bogus"], "Unknown option '--bogus'"],
    [["leftover"], "Unexpected argument 'leftover'"],
    [["--agents", "1001"], '--agents must be a whole number from 0 to 1000, not "1001"'],
    [["--seed", "-1"], "Option '--seed' argument is ambiguous"],
    [["--seed", "1.5"], '--seed must be a whole number from 0 to 4294967295, not "1.5"'],
    [["--task-mode", "threads"], '--task-mode must be "process" or "inline", not "threads"'],
    [["--heartbeat-interval", "0"], '--heartbeat-interval must be a positive number of seconds, not "0"'],
    [["--resources", "cpus:x"], "--resources: Bad value for resources: value 'x' of 'cpus' is text in 'cpus:x'"],
    [["--attributes", "rack"], "--attributes: "],
    [
      ["--agents", "2", "--agent-config", "x.json"],
      "--agent-config describes every agent; it cannot be combined with --agents",
    ],
  ])("%j is refused with exit code 2", async (args, message) => {
    const r = await commandLine(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [ERR_MINI_MESOS_USAGE]: ${message}`);
    expect(r.stderr).toContain('Run "mini-mesos --help" for usage.');
    expect(r.stdout).toBe("");
  });

  it.each([
    ["missing.json", undefined, /^--agent-config .*missing\.json: ENOENT/],
    ["not-json.json", "{", /: not valid JSON \(/],
    ["object.json", '{"resources":"cpus:1"}', /: expected a JSON array of/],
    ["unknown-key.json", '[{"cpu":"1"}]', /: agent 0 has an unknown key "cpu"/],
    ["bad-resources.json", '[{},{"resources":"cpus:-1"}]', /: agent 1 resources: Bad value for resources/],
  ])("a bad --agent-config file (%s) is refused with exit code 2", async (name, content, message) => {
    const path = content === undefined ? join(dir, name) : file(name, content);
    const r = await commandLine(["--agent-config", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[ERR_MINI_MESOS_AGENT_CONFIG\]: /);
    expect(r.stderr.split("\n")[0]!.replace(/^error \[[A-Z_]+\]: /, "")).toMatch(message);
  });

  it.each([
    ["empty.txt", "", "no credentials in it"],
    ["three-words.txt", "p s extra\n", 'line 1 is not "principal secret"'],
    ["bad-entry.json", '{"credentials":[{"principal":"p"}]}', 'credential 0 needs "principal" and "secret" strings'],
  ])("a bad --credentials file (%s) is refused with exit code 2", async (name, content, message) => {
    const r = await commandLine(["--credentials", file(name, content)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error [ERR_MINI_MESOS_CREDENTIALS]: --credentials ${join(dir, name)}: ${message}`);
  });

  it("turns flags into cluster options (strict mode off: protocol misuse does not stop an interactive cluster)", () => {
    const credentials = file(
      "creds.json",
      '{"credentials":[{"principal":"a","secret":"x"},{"principal":"b","secret":"y"}]}',
    );
    expect(
      parseCommandLine([
        "--agents=2",
        "--resources",
        "cpus:1;mem:64",
        "--attributes",
        "rack:r1",
        "--seed",
        "9",
        "--task-mode",
        "inline",
        "--heartbeat-interval",
        "0.5",
        "--credentials",
        credentials,
      ]),
    ).toEqual({
      kind: "run",
      options: {
        agents: [
          { resources: "cpus:1;mem:64", attributes: "rack:r1" },
          { resources: "cpus:1;mem:64", attributes: "rack:r1" },
        ],
        strict: false,
        seed: 9,
        taskMode: "inline",
        heartbeatIntervalSeconds: 0.5,
        credentials: [
          { principal: "a", secret: "x" },
          { principal: "b", secret: "y" },
        ],
      },
    });
    expect(parseCommandLine([])).toEqual({ kind: "run", options: { agents: 1, strict: false } });
    const config = file("agents.json", '[{"resources":"cpus:2","hostname":"a1"},{"attributes":"zone:z2"}]');
    expect(parseCommandLine(["--agent-config", config])).toMatchObject({
      options: { agents: [{ resources: "cpus:2", hostname: "a1" }, { attributes: "zone:z2" }] },
    });
    const lines = file("creds.txt", "a x\n\nb y\n");
    expect(parseCommandLine(["--credentials", lines])).toMatchObject({
      options: { credentials: [{ principal: "a" }, { principal: "b" }] },
    });
  });

  it("--help prints the usage and exits 0", async () => {
    const r = await commandLine(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mini-mesos \[options\]/);
    expect(r.stdout).toContain("--agent-config <file>");
  });
});
