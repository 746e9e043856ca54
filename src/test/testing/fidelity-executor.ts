/**
 * The custom executor of the `custom-executor-scheduler` fidelity replay, run
 * by a mini-mesos agent as a real process (`node --import tsx <this file>
 * <calls.jsonl> <out dir>`), so its container has a pid like the recorded
 * `/usr/bin/node /opt/framework/fixture-exec.mjs` had.
 *
 * It replays the recorded executor's calls (executor-api.calls.jsonl) as
 * templates, in the reactions the recording shows: SUBSCRIBE at start; a
 * task's first UPDATE when its LAUNCH arrives; a task's next UPDATE when the
 * previous one is ACKNOWLEDGED, except a TASK_KILLED update, which waits for
 * the KILL; the MESSAGE call when the scheduler's MESSAGE arrives; exit 0 on
 * SHUTDOWN. Ids come from the environment, each UPDATE gets a fresh uuid and
 * timestamp; key order and every other field are the template's.
 *
 * It writes the raw body of its SUBSCRIBE response to `<out dir>/events.recordio`
 * and every call with its response to `<out dir>/calls.jsonl`.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { RecordIODecoder } from "../../recordio/index.js";
import { post } from "./fidelity-replay.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON bodies, edited field by field
type Json = any;

const [callsFile, outDir] = process.argv.slice(2);
if (!callsFile || !outDir) throw new Error("usage: fidelity-executor.ts <calls.jsonl> <out dir>");
const templates = readFileSync(callsFile, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => (JSON.parse(line) as { body: Json }).body);

const frameworkId = process.env.MESOS_FRAMEWORK_ID!;
const executorId = process.env.MESOS_EXECUTOR_ID!;
const endpoint = new URL(`http://${process.env.MESOS_AGENT_ENDPOINT}/api/v1/executor`);
const eventsFile = join(outDir, "events.recordio");
const callsLog = join(outDir, "calls.jsonl");
writeFileSync(eventsFile, "");
writeFileSync(callsLog, "");

/** The recorded UPDATE calls of each task, in order. */
const updates = new Map<string, Json[]>();
for (const call of templates.filter((c) => c.type === "UPDATE")) {
  const taskId = call.update.status.task_id.value as string;
  updates.set(taskId, [...(updates.get(taskId) ?? []), call]);
}
const messages = templates.filter((c) => c.type === "MESSAGE");
/** The uuid of each task's last UPDATE, to recognise its ACKNOWLEDGED. */
const lastUuid = new Map<string, string>();

function fill(template: Json): Json {
  const call = structuredClone(template);
  call.framework_id.value = frameworkId;
  call.executor_id.value = executorId;
  const status = call.update?.status;
  if (status) {
    if (status.executor_id) status.executor_id.value = executorId;
    if ("uuid" in status) status.uuid = Buffer.from(randomUUID().replace(/-/g, ""), "hex").toString("base64");
    if ("timestamp" in status) status.timestamp = Date.now() / 1000;
  }
  return call;
}

function logCall(body: Json, response: IncomingMessage): void {
  const headers: Record<string, string> = {};
  for (let i = 0; i < response.rawHeaders.length; i += 2)
    headers[response.rawHeaders[i]!.toLowerCase()] = response.rawHeaders[i + 1]!;
  appendFileSync(callsLog, `${JSON.stringify({ body, response: { status: response.statusCode, headers } })}\n`);
}

/** Sends one call (JSON, its own connection) and logs the answer. */
async function send(call: Json): Promise<void> {
  const response = await post(endpoint, JSON.stringify(call), { "Content-Type": "application/json" });
  response.resume();
  logCall(call, response);
}

function nextUpdate(taskId: string): Json | undefined {
  return updates.get(taskId)?.shift();
}

async function sendUpdate(template: Json): Promise<void> {
  const call = fill(template);
  lastUuid.set(call.update.status.task_id.value, call.update.status.uuid);
  await send(call);
}

async function onEvent(event: Json): Promise<void> {
  switch (event.type) {
    case "LAUNCH": {
      const template = nextUpdate(event.launch.task.task_id.value);
      if (template) await sendUpdate(template);
      return;
    }
    case "ACKNOWLEDGED": {
      const taskId = event.acknowledged.task_id.value as string;
      if (lastUuid.get(taskId) !== event.acknowledged.uuid) return;
      const pending = updates.get(taskId)?.[0];
      if (pending && pending.update.status.state !== "TASK_KILLED") await sendUpdate(nextUpdate(taskId));
      return;
    }
    case "KILL": {
      const template = nextUpdate(event.kill.task_id.value);
      if (template) await sendUpdate(template);
      return;
    }
    case "MESSAGE": {
      const template = messages.shift();
      if (template) await send(fill(template));
      return;
    }
    case "SHUTDOWN":
      process.exit(0);
  }
}

async function main(): Promise<void> {
  const subscribe = templates.find((c) => c.type === "SUBSCRIBE");
  const call = fill(subscribe);
  const response = await post(endpoint, JSON.stringify(call), {
    "Content-Type": "application/json",
    Accept: "application/json",
  });
  logCall(call, response);
  const decoder = new RecordIODecoder();
  let work = Promise.resolve();
  for await (const chunk of response as AsyncIterable<Buffer>) {
    appendFileSync(eventsFile, chunk);
    for (const record of decoder.push(chunk)) {
      const event = JSON.parse(Buffer.from(record).toString("utf8")) as Json;
      // One reaction at a time, in the order the events came.
      work = work.then(() => onEvent(event));
    }
  }
  await work;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fidelity executor: ${String(error)}\n`);
    process.exit(1);
  },
);
