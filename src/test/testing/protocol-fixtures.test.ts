// Every scheduler and executor request of shared/fixtures/real-mesos-1.12.0-dev/errors.json, fed through
// mini-mesos' admission functions: status, headers (but `date`) and body must equal what the real cluster
// answered. The cluster state the recording implies (README of the fixtures) is modelled below.
//
// Not checked: the three operator API entries (`POST /api/v1`; validation of `master::Call` and the
// GET_STATE / GET_AGENTS answers are outside these functions), and the `resulting_events` of the three
// ACCEPTs (offer and task validation happen after the 202, which is checked).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { admitExecutorRequest, admitSchedulerRequest, emptyResponse } from "../../testing/protocol/index.js";
import type {
  ExecutorEndpointState,
  ProtocolRequest,
  ProtocolResponse,
  SchedulerEndpointState,
} from "../../testing/protocol/index.js";

interface FixtureEntry {
  name: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string };
  resulting_events?: unknown[];
}

const FIXTURES = new URL("../../../../shared/fixtures/real-mesos-1.12.0-dev/", import.meta.url).pathname;
const entries = JSON.parse(readFileSync(`${FIXTURES}errors.json`, "utf8")) as FixtureEntry[];

const MASTER_ID = "f3c3b837-46d6-4c80-a030-01e51a8db8fd";
/** The recording replaced the valid stream id of every request by this placeholder. */
const STREAM_ID = "<stream id>";

/** Recording 2: framework -0004 (the error cases) is subscribed over HTTP. */
const master: SchedulerEndpointState = {
  frameworks: {
    framework: (id) => (id === `${MASTER_ID}-0004` ? { connection: "http", streamId: STREAM_ID } : undefined),
  },
};

/** Agent S0: -0002's custom executor was launched but never subscribed; -0004's command executor `sleeper` runs. */
const executors: Record<string, Record<string, { registering: boolean }>> = {
  [`${MASTER_ID}-0002`]: { "fixture-executor": { registering: true } },
  [`${MASTER_ID}-0004`]: { sleeper: { registering: false } },
};
const agent: ExecutorEndpointState = {
  hasFramework: (id) => id in executors,
  executor: (framework, executor) => executors[framework]?.[executor],
};

const SKIPPED = ["operator call with an unknown type", "operator GET_STATE", "operator GET_AGENTS"];

function answer(entry: FixtureEntry): ProtocolResponse {
  const request: ProtocolRequest = {
    method: entry.request.method,
    target: entry.request.path,
    headers: entry.request.headers,
    body: entry.request.body,
  };
  const admission =
    entry.request.path === "/api/v1/scheduler"
      ? admitSchedulerRequest(request, master)
      : admitExecutorRequest(request, agent);
  // Dispatched calls are answered 202 with an empty body (1.5); none of these SUBSCRIBEs is accepted.
  if (admission.kind === "call") return emptyResponse(202);
  if (admission.kind === "subscribe") throw new Error(`${entry.name}: unexpected subscription`);
  return admission.response;
}

const lowercased = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(headers)
      .map(([name, value]) => [name.toLowerCase(), value])
      .filter(([name]) => name !== "date"),
  );

const checked = entries.filter((entry) => !SKIPPED.some((prefix) => entry.name.startsWith(prefix)));

describe("errors.json of a real Mesos cluster", () => {
  it("skips only the operator API entries", () => {
    expect(entries.length - checked.length).toBe(SKIPPED.length);
    expect(checked.every((entry) => /^\/api\/v1\/(scheduler|executor)$/.test(entry.request.path))).toBe(true);
    expect(checked).toHaveLength(16);
  });

  for (const entry of checked) {
    it(entry.name, () => {
      const response = answer(entry);
      expect({ status: response.status, headers: lowercased(response.headers), body: response.body }).toEqual({
        status: entry.response.status,
        headers: lowercased(entry.response.headers),
        body: entry.response.body,
      });
    });
  }
});
