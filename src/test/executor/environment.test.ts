import { execFileSync } from "node:child_process";
import path from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DurationError } from "../../executor/duration.js";
import {
  ExecutorEnvironmentError,
  readExecutorEnvironment,
  type ExecutorEnvironment,
} from "../../executor/environment.js";
import { FIXTURES } from "../../../test/helpers/shared.js";
import { readEnvFile } from "../helpers/env-file.js";

const COMMAND_TASK = readEnvFile(path.join(FIXTURES, "executor-env.command-task.txt"));
const CHECKPOINTED = readEnvFile(path.join(FIXTURES, "executor-env.custom-executor-checkpointed.txt"));
const TOKEN = "MESOS_EXECUTOR_AUTHENTICATION_TOKEN";
const SECRET = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.s1gn4tur3";

const MINIMAL = {
  MESOS_FRAMEWORK_ID: "fw-1",
  MESOS_EXECUTOR_ID: "exec-1",
  MESOS_AGENT_ENDPOINT: "10.0.0.13:5051",
};

/** The result with the URL as text, since `toEqual` sees no own properties on URL objects. */
function plain(environment: ExecutorEnvironment): Record<string, unknown> {
  return { ...environment, agentEndpoint: environment.agentEndpoint.href };
}

function envError(env: NodeJS.ProcessEnv, options?: { scheme?: "http" | "https" }): ExecutorEnvironmentError {
  try {
    readExecutorEnvironment(env, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ExecutorEnvironmentError);
    return error as ExecutorEnvironmentError;
  }
  throw new Error("expected an ExecutorEnvironmentError");
}

function endpoint(address: string, name = "MESOS_AGENT_ENDPOINT"): string {
  const env: NodeJS.ProcessEnv = { ...MINIMAL, MESOS_AGENT_ENDPOINT: undefined, [name]: address };
  return readExecutorEnvironment(env).agentEndpoint.href;
}

describe("recorded environments of a real agent", () => {
  it("reads the command task's environment (no checkpointing)", () => {
    const sandbox =
      "<work_dir>/slaves/d8c9d928-0cd3-4180-b3ed-703d22359cb3-S0/frameworks/d8c9d928-0cd3-4180-b3ed-703d22359cb3-0000" +
      "/executors/env-dump/runs/0ac29f12-1aa5-47d0-84fa-aeb01e073705";
    const env = { ...COMMAND_TASK };
    const read = readExecutorEnvironment(env);
    expect(plain(read)).toStrictEqual({
      frameworkId: "d8c9d928-0cd3-4180-b3ed-703d22359cb3-0000",
      executorId: "env-dump",
      agentId: "d8c9d928-0cd3-4180-b3ed-703d22359cb3-S0",
      agentEndpoint: "http://127.0.0.1:5051/",
      agentPid: "slave(1)@127.0.0.1:5051",
      directory: sandbox,
      sandbox,
      checkpoint: false,
      httpCommandExecutor: false,
      shutdownGracePeriodMs: 5000,
    });
    expect(read.agentEndpoint.pathname).toBe("/");
    expect(read.authenticationToken).toBeUndefined();
    expect(env).toStrictEqual(COMMAND_TASK);
  });

  it("reads the checkpointing custom executor's environment", () => {
    const sandbox =
      "<work_dir>/slaves/d8c9d928-0cd3-4180-b3ed-703d22359cb3-S0/frameworks/d8c9d928-0cd3-4180-b3ed-703d22359cb3-0002" +
      "/executors/custom-env/runs/da30ccce-def1-44a0-b04a-b3f68baf9ea1";
    expect(plain(readExecutorEnvironment({ ...CHECKPOINTED }))).toStrictEqual({
      frameworkId: "d8c9d928-0cd3-4180-b3ed-703d22359cb3-0002",
      executorId: "custom-env",
      agentId: "d8c9d928-0cd3-4180-b3ed-703d22359cb3-S0",
      agentEndpoint: "http://127.0.0.1:5051/",
      agentPid: "slave(1)@127.0.0.1:5051",
      directory: sandbox,
      sandbox,
      checkpoint: true,
      httpCommandExecutor: false,
      shutdownGracePeriodMs: 5000,
      recoveryTimeoutMs: 15 * 60_000,
      subscriptionBackoffMaxMs: 2000,
    });
  });

  it("reads the same endpoint from MESOS_SLAVE_PID alone", () => {
    for (const recorded of [COMMAND_TASK, CHECKPOINTED]) {
      const env = { ...recorded, MESOS_AGENT_ENDPOINT: undefined };
      expect(readExecutorEnvironment(env).agentEndpoint.href).toBe("http://127.0.0.1:5051/");
    }
  });

  it("uses https when asked", () => {
    expect(readExecutorEnvironment({ ...CHECKPOINTED }, { scheme: "https" }).agentEndpoint.href).toBe(
      "https://127.0.0.1:5051/",
    );
  });
});

describe("agent endpoint", () => {
  it("prefers MESOS_AGENT_ENDPOINT over MESOS_SLAVE_PID", () => {
    const env = { ...MINIMAL, MESOS_SLAVE_PID: "slave(1)@10.0.0.99:5099" };
    const read = readExecutorEnvironment(env);
    expect(read.agentEndpoint.href).toBe("http://10.0.0.13:5051/");
    expect(read.agentPid).toBe("slave(1)@10.0.0.99:5099");
  });

  it("accepts IPv6 addresses, bracketed or not, and hostnames", () => {
    expect(endpoint("[::1]:5051")).toBe("http://[::1]:5051/");
    expect(endpoint("[2001:db8::13]:5051")).toBe("http://[2001:db8::13]:5051/");
    expect(endpoint("::1:5051")).toBe("http://[::1]:5051/");
    expect(endpoint("slave(1)@[::1]:5051", "MESOS_SLAVE_PID")).toBe("http://[::1]:5051/");
    expect(endpoint("slave(1)@2001:db8::13:5051", "MESOS_SLAVE_PID")).toBe("http://[2001:db8::13]:5051/");
    expect(endpoint("localhost:5051")).toBe("http://localhost:5051/");
    expect(endpoint("agent-3.example.com:5051")).toBe("http://agent-3.example.com:5051/");
    expect(endpoint("10.0.0.13:80")).toBe("http://10.0.0.13/");
  });

  it.each([
    "10.0.0.13",
    "10.0.0.13:",
    ":5051",
    "10.0.0.13:0",
    "10.0.0.13:65536",
    "10.0.0.13:50x1",
    "10.0.0.13:-1",
    "http://10.0.0.13:5051",
    "10.0.0.13:5051/slave(1)",
    "999.0.0.13:5051",
    "[::1]5051",
    "[10.0.0.13]:5051",
    "[fe80::1%eth0]:5051",
    "under_score:5051",
    "slave(1)@10.0.0.13:5051",
  ])("rejects MESOS_AGENT_ENDPOINT=%s", (address) => {
    const error = envError({ ...MINIMAL, MESOS_AGENT_ENDPOINT: address });
    expect(error.code).toBe("ERR_EXECUTOR_ENV_INVALID");
    expect(error.variables).toEqual(["MESOS_AGENT_ENDPOINT"]);
    expect(error.message).toContain(`MESOS_AGENT_ENDPOINT is ${JSON.stringify(address)}`);
    expect(error.message).toContain("ip:port");
  });

  it.each(["10.0.0.13:5051", "@10.0.0.13:5051", "slave(1)@", "slave(1)@10.0.0.13", "slave(1)@10.0.0.13:0"])(
    "rejects MESOS_SLAVE_PID=%s when it supplies the endpoint",
    (pid) => {
      const error = envError({ ...MINIMAL, MESOS_AGENT_ENDPOINT: undefined, MESOS_SLAVE_PID: pid });
      expect(error.code).toBe("ERR_EXECUTOR_ENV_INVALID");
      expect(error.variables).toEqual(["MESOS_SLAVE_PID"]);
      expect(error.message).toContain(`MESOS_SLAVE_PID is ${JSON.stringify(pid)}`);
      expect(error.message).toContain("slave(1)@10.0.0.13:5051");
    },
  );
});

describe("missing variables", () => {
  it("names every missing variable at once and says who should set them", () => {
    const error = envError({});
    expect(error.code).toBe("ERR_EXECUTOR_ENV_MISSING");
    expect(error.name).toBe("ExecutorEnvironmentError");
    expect(error.variables).toEqual([
      "MESOS_FRAMEWORK_ID",
      "MESOS_EXECUTOR_ID",
      "MESOS_AGENT_ENDPOINT",
      "MESOS_SLAVE_PID",
    ]);
    expect(error.message).toContain("MESOS_FRAMEWORK_ID, MESOS_EXECUTOR_ID, MESOS_AGENT_ENDPOINT (or MESOS_SLAVE_PID)");
    expect(error.message).toContain("must be started by a Mesos agent");
    expect(error.message).toContain(
      "MESOS_FRAMEWORK_ID=<framework id> MESOS_EXECUTOR_ID=<executor id> MESOS_AGENT_ENDPOINT=127.0.0.1:5051",
    );
  });

  it.each(Object.keys(MINIMAL))("requires %s", (name) => {
    for (const absent of [undefined, ""]) {
      const error = envError({ ...MINIMAL, [name]: absent });
      expect(error.code).toBe("ERR_EXECUTOR_ENV_MISSING");
      expect(error.message).toMatch(new RegExp(`^Missing executor environment: ${name}[ .]`));
    }
  });

  it("needs nothing beyond ids and an endpoint", () => {
    expect(plain(readExecutorEnvironment({ ...MINIMAL }))).toStrictEqual({
      frameworkId: "fw-1",
      executorId: "exec-1",
      agentEndpoint: "http://10.0.0.13:5051/",
      checkpoint: false,
      httpCommandExecutor: false,
      shutdownGracePeriodMs: 5000,
    });
  });
});

describe("checkpointing", () => {
  it("requires the recovery timeout and the backoff limit when MESOS_CHECKPOINT=1", () => {
    const error = envError({ ...MINIMAL, MESOS_CHECKPOINT: "1" });
    expect(error.code).toBe("ERR_EXECUTOR_ENV_MISSING");
    expect(error.variables).toEqual(["MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX"]);
    expect(error.message).toContain("MESOS_RECOVERY_TIMEOUT (required because MESOS_CHECKPOINT=1)");
    expect(error.message).toContain("MESOS_SUBSCRIPTION_BACKOFF_MAX (required because MESOS_CHECKPOINT=1)");
    expect(error.message).toContain("MESOS_RECOVERY_TIMEOUT=15mins MESOS_SUBSCRIPTION_BACKOFF_MAX=2secs");

    const one = envError({ ...CHECKPOINTED, MESOS_SUBSCRIPTION_BACKOFF_MAX: undefined });
    expect(one.variables).toEqual(["MESOS_SUBSCRIPTION_BACKOFF_MAX"]);
  });

  it("lists them together with the other missing variables", () => {
    const error = envError({ MESOS_CHECKPOINT: "1", MESOS_AGENT_ENDPOINT: "10.0.0.13:5051" });
    expect(error.variables).toEqual([
      "MESOS_FRAMEWORK_ID",
      "MESOS_EXECUTOR_ID",
      "MESOS_RECOVERY_TIMEOUT",
      "MESOS_SUBSCRIPTION_BACKOFF_MAX",
    ]);
  });

  it("does without them when the framework does not checkpoint", () => {
    for (const checkpoint of [undefined, "", "0"]) {
      const read = readExecutorEnvironment({ ...MINIMAL, MESOS_CHECKPOINT: checkpoint });
      expect(read.checkpoint).toBe(false);
      expect("recoveryTimeoutMs" in read).toBe(false);
      expect("subscriptionBackoffMaxMs" in read).toBe(false);
    }
  });

  it.each(["true", "yes", "2", " 1", "1 ", "01"])("rejects MESOS_CHECKPOINT=%j", (text) => {
    const error = envError({ ...CHECKPOINTED, MESOS_CHECKPOINT: text });
    expect(error.code).toBe("ERR_EXECUTOR_ENV_INVALID");
    expect(error.variables).toEqual(["MESOS_CHECKPOINT"]);
    expect(error.message).toBe(`MESOS_CHECKPOINT is ${JSON.stringify(text)}, but it must be 0 or 1`);
  });

  it("checks MESOS_HTTP_COMMAND_EXECUTOR the same way", () => {
    expect(readExecutorEnvironment({ ...MINIMAL, MESOS_HTTP_COMMAND_EXECUTOR: "1" }).httpCommandExecutor).toBe(true);
    const error = envError({ ...MINIMAL, MESOS_HTTP_COMMAND_EXECUTOR: "on" });
    expect(error.variables).toEqual(["MESOS_HTTP_COMMAND_EXECUTOR"]);
    expect(error.message).toContain('"on"');
  });
});

describe("durations", () => {
  it("falls back to the agent's default grace period of 5 s", () => {
    expect(readExecutorEnvironment({ ...MINIMAL }).shutdownGracePeriodMs).toBe(5000);
    expect(
      readExecutorEnvironment({ ...MINIMAL, MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: "" }).shutdownGracePeriodMs,
    ).toBe(5000);
  });

  it("reads what the agent writes for ExecutorInfo.shutdown_grace_period", () => {
    for (const [text, ms] of [
      ["0.5secs", 500],
      ["1500ms", 1500],
      ["90secs", 90_000],
      ["2mins", 120_000],
      ["0ns", 0],
    ] as const) {
      expect(
        readExecutorEnvironment({ ...MINIMAL, MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD: text }).shutdownGracePeriodMs,
      ).toBe(ms);
    }
  });

  it.each(["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "MESOS_RECOVERY_TIMEOUT", "MESOS_SUBSCRIPTION_BACKOFF_MAX"])(
    "rejects a malformed %s",
    (name) => {
      for (const text of ["5", "5 secs", "-1secs", "5s", "15251weeks"]) {
        const error = envError({ ...CHECKPOINTED, [name]: text });
        expect(error.code).toBe("ERR_EXECUTOR_ENV_INVALID");
        expect(error.variables).toEqual([name]);
        expect(error.message).toContain(`${name} is ${JSON.stringify(text)}`);
        expect(error.message).toContain("5secs");
        expect(error.cause).toBeInstanceOf(DurationError);
      }
    },
  );

  it("parses the checkpoint durations when present even without checkpointing", () => {
    const read = readExecutorEnvironment({ ...MINIMAL, MESOS_RECOVERY_TIMEOUT: "1hrs" });
    expect(read.recoveryTimeoutMs).toBe(3_600_000);
  });
});

describe("authentication token", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("is read, removed from the environment and kept out of logs and JSON", () => {
    const env: NodeJS.ProcessEnv = { ...CHECKPOINTED, [TOKEN]: SECRET, MESOS_DOMAIN_SOCKET: "/run/agent.sock" };
    const read = readExecutorEnvironment(env);
    expect(read.authenticationToken).toBe(SECRET);
    expect(read.domainSocket).toBe("/run/agent.sock");
    expect(TOKEN in env).toBe(false);
    expect(Object.keys(read)).not.toContain("authenticationToken");
    expect(inspect(read, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(read)).not.toContain(SECRET);
    expect(JSON.stringify({ ...read })).not.toContain(SECRET);
    expect(String(Object.entries(read))).not.toContain(SECRET);
  });

  it("is removed even when reading fails, and never appears in the error", () => {
    for (const env of [
      { [TOKEN]: SECRET } as NodeJS.ProcessEnv,
      { ...MINIMAL, MESOS_CHECKPOINT: "yes", [TOKEN]: SECRET },
      { ...MINIMAL, MESOS_AGENT_ENDPOINT: "nowhere", [TOKEN]: SECRET },
    ]) {
      const error = envError(env);
      expect(TOKEN in env).toBe(false);
      expect(error.message).not.toContain(SECRET);
      expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    }
  });

  it("counts as absent when empty", () => {
    const env: NodeJS.ProcessEnv = { ...MINIMAL, [TOKEN]: "" };
    const read = readExecutorEnvironment(env);
    expect("authenticationToken" in read).toBe(false);
    expect(TOKEN in env).toBe(false);
  });

  it("is not inherited by processes started after reading process.env", () => {
    for (const [name, value] of Object.entries(COMMAND_TASK)) vi.stubEnv(name, value);
    vi.stubEnv(TOKEN, SECRET);
    const read = readExecutorEnvironment();
    expect(read.authenticationToken).toBe(SECRET);
    expect(process.env[TOKEN]).toBeUndefined();
    const seen = execFileSync(process.execPath, ["-e", `process.stdout.write(String(process.env.${TOKEN}))`], {
      encoding: "utf8",
    });
    expect(seen).toBe("undefined");
  });
});
