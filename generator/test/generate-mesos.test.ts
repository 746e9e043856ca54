import { rmSync, writeFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate, writeOutput } from "@create-mesos-framework/generator";
import { mesosVersions, protoRoot, v1Files } from "../../test/helpers/shared.js";
import { scratchDir, typecheck } from "../../test/helpers/typecheck.js";

const versions = mesosVersions();
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(version: string) {
  return generate({ importPaths: [protoRoot(version)], files: v1Files(version), label: `Mesos ${version}` });
}

describe.each(versions)("Mesos %s v1 protos", (version) => {
  const first = run(version);

  it("generates one module per proto file, plus google/protobuf imports and an index", () => {
    const expected = v1Files(version).map((f) => f.replace(/\.proto$/, ".ts"));
    for (const f of expected) expect(first.files.has(f), f).toBe(true);
    expect(first.files.has("index.ts")).toBe(true);
    expect(
      [...first.files.keys()].every(
        (f) => expected.includes(f) || f === "index.ts" || f.startsWith("google/protobuf/"),
      ),
    ).toBe(true);
  });

  it("is byte-identical across runs", () => {
    const second = run(version);
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [file, text] of first.files) expect(second.files.get(file), file).toBe(text);
  });

  it("turns Call and Event of the scheduler and executor APIs into discriminated unions", () => {
    const scheduler = first.files.get("mesos/v1/scheduler/scheduler.ts")!;
    expect(scheduler).toContain("export type Call = Call$Fields & (");
    expect(scheduler).toContain('| { type: "SUBSCRIBE"; subscribe: Call_Subscribe }');
    expect(scheduler).toContain('| { type: "TEARDOWN" }');
    expect(scheduler).toContain('| { type: "OFFERS"; offers: Event_Offers }');
    expect(scheduler).toContain("export interface Call$Facade<R>");
    expect(scheduler).toMatch(
      /acknowledgeOperationStatus\(acknowledge_operation_status: Call_AcknowledgeOperationStatus/,
    );
    const executor = first.files.get("mesos/v1/executor/executor.ts")!;
    expect(executor).toContain('| { type: "LAUNCH_GROUP"; launch_group: Event_LaunchGroup }');
    const mesos = first.files.get("mesos/v1/mesos.ts")!;
    expect(mesos).toContain('| { type: "LAUNCH"; launch: Offer_Operation_Launch }');
  });

  it("carries proto comments, defaults and source lines into TSDoc", () => {
    const mesos = first.files.get("mesos/v1/mesos.ts")!;
    expect(mesos).toMatch(/Proto: `message mesos\.v1\.FrameworkInfo` \(mesos\/v1\/mesos\.proto:\d+\)/);
    expect(mesos).toMatch(/@defaultValue 5\n/); // Filters.refuse_seconds
    expect(mesos).toMatch(/refuse_seconds\?: number;/);
    expect(mesos).toMatch(/\* @deprecated\n[^\n]*\*\/\n\s*role\?: string;/);
  });
});

describe("generated bindings type-check", () => {
  it("every version compiles with tsc --strict, and narrowing works as documented", async () => {
    const dir = scratchDir("typecheck-mesos");
    scratch.push(dir);
    for (const version of versions) writeOutput(path.join(dir, version), run(version).files);
    const usage = readFileSync(path.join(import.meta.dirname, "fixtures/usage.ts.txt"), "utf8");
    writeFileSync(path.join(dir, "usage.ts"), usage);
    const result = await typecheck(dir);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
