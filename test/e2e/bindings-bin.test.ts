/**
 * End to end through the built packages, as a user gets them: the `create-mesos-framework`
 * bin generates bindings, `tsc` compiles them against the built runtime (no source
 * condition), and plain `node` decodes real Mesos bytes with the compiled output.
 */
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, protoRoot, REPO_ROOT } from "../helpers/shared.js";
import { scratchDir } from "../helpers/typecheck.js";

const run = promisify(execFile);
const node = process.execPath;
const BIN = path.join(REPO_ROOT, "create-mesos-framework/dist/cli.js");
let dir: string;

beforeAll(async () => {
  // tsc -b is incremental: cheap when CI has already built.
  await run(node, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-b"], { cwd: REPO_ROOT });
  dir = scratchDir("e2e-bin");
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the built create-mesos-framework bin", () => {
  it("generates bindings that compile and decode recorded Mesos traffic with plain node", async () => {
    const out = path.join(dir, "bindings");
    const gen = await run(node, [BIN, "bindings", "--proto-dir", protoRoot("1.11.0"), "--out", out]);
    expect(gen.stderr).toMatch(/Wrote 11 of 11 files/);

    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          outDir: "js",
          rootDir: ".",
          types: ["node"],
          skipLibCheck: true,
        },
        include: ["bindings/**/*.ts"],
      }),
    );
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
    await run(node, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")]);

    const script = `
      import { readFileSync } from "node:fs";
      import { Event } from "./js/bindings/mesos/v1/scheduler/scheduler.js";
      const data = readFileSync(${JSON.stringify(path.join(FIXTURES, "scheduler-stream.protobuf.recordio"))});
      const newline = data.indexOf(10);
      const length = Number(data.subarray(0, newline).toString());
      const event = Event.fromBinary(data.subarray(newline + 1, newline + 1 + length));
      process.stdout.write(event.type + " " + event.subscribed.heartbeat_interval_seconds + " " + Event.toJson(event).length);
    `;
    writeFileSync(path.join(dir, "decode.mjs"), script);
    const decoded = await run(node, [path.join(dir, "decode.mjs")], { cwd: dir });
    expect(decoded.stdout).toMatch(/^SUBSCRIBED 15 \d+$/);
  }, 180_000);

  /** Runs the bin expecting it to fail; resolves to its exit code and stderr. */
  async function failing(args: string[]): Promise<{ code: number; stderr: string }> {
    try {
      await run(node, [BIN, ...args]);
    } catch (e) {
      return e as { code: number; stderr: string };
    }
    throw new Error(`create-mesos-framework ${args.join(" ")} succeeded`);
  }

  it("fails cleanly, without a stack trace, on a bad flag and on a missing directory", async () => {
    const bad = await failing(["bindings", "--out"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: Option '--out <value>' argument missing/);
    const missing = await failing(["bindings", "--proto-dir", "/no/such/dir", "--out", path.join(dir, "x")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error \[ERR_PROTO_DIR_NOT_FOUND\]/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
