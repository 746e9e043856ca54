import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkConfig, generate, GeneratorError } from "@create-mesos-framework/generator";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes proto files into a fresh temp dir and returns it. */
function protoDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cmf-bad-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function failure(files: Record<string, string>, entry = Object.keys(files)[0]!): GeneratorError {
  const dir = protoDir(files);
  try {
    generate({ importPaths: [dir], files: [entry] });
  } catch (e) {
    expect(e).toBeInstanceOf(GeneratorError);
    return e as GeneratorError;
  }
  throw new Error("generation did not fail");
}

describe("bad input", () => {
  it("a syntax error names file:line:column and shows the line", () => {
    const e = failure({
      "a/bad.proto":
        'syntax = "proto2";\npackage a;\nmessage M {\n  optional int32 x = 1\n  optional int32 y = 2;\n}\n',
    });
    expect(e.code).toBe("ERR_PROTO_SYNTAX");
    expect(e.location).toBe("a/bad.proto:5:3");
    expect(e.message).toContain("a/bad.proto:5:3: syntax error: illegal token 'optional', ';' expected");
    expect(e.message).toContain("optional int32 y = 2;");
  });

  it("a missing import lists the search paths and the importing file", () => {
    const dir = protoDir({
      "main.proto": 'syntax = "proto2";\nimport "dep/missing.proto";\nmessage M { optional int32 x = 1; }\n',
    });
    const other = path.join(dir, "elsewhere");
    try {
      generate({ importPaths: [dir, other], files: ["main.proto"] });
      expect.unreachable();
    } catch (e) {
      const err = e as GeneratorError;
      expect(err.code).toBe("ERR_PROTO_IMPORT_NOT_FOUND");
      expect(err.message).toContain('main.proto: import "dep/missing.proto" not found; searched:');
      expect(err.message).toContain(`  ${dir}\n  ${other}`);
    }
  });

  it("an entry file that does not exist", () => {
    const dir = protoDir({});
    expect(() => generate({ importPaths: [dir], files: ["nope.proto"] })).toThrow(/cannot find nope\.proto; searched:/);
  });

  it("an undeclared type names the message and its line", () => {
    const e = failure({
      "t.proto": 'syntax = "proto2";\npackage t;\n\nmessage Holder {\n  optional Missing m = 1;\n}\n',
    });
    expect(e.code).toBe("ERR_PROTO_UNRESOLVED_TYPE");
    expect(e.message).toBe(
      "t.proto:4: type Missing used in message t.Holder is not declared in this file or its imports (is an import missing?)",
    );
  });

  it("a proto2 group is reported as unsupported with its line", () => {
    const e = failure({
      "g.proto":
        'syntax = "proto2";\npackage g;\nmessage M {\n  optional group Data = 1 {\n    optional int32 x = 1;\n  }\n}\n',
    });
    expect(e.code).toBe("ERR_PROTO_UNSUPPORTED");
    expect(e.message).toMatch(/^g\.proto:4: group field g\.M\.data is not supported/);
  });

  it("duplicate field numbers are refused", () => {
    const e = failure({ "d.proto": 'syntax = "proto2";\nmessage M { optional int32 a = 1; optional int32 b = 1; }\n' });
    expect(e.message).toContain("duplicate id 1");
  });

  it("config files are checked key by key", () => {
    expect(() => checkConfig({ int64: "long" })).toThrow(/"int64" must be "bigint" or "number"/);
    expect(() => checkConfig({ feilds: {} })).toThrow(/unknown key "feilds"/);
    expect(() => checkConfig({ fields: { "a.B.c": { int64: 5 } } })).toThrow(/"fields\.a\.B\.c\.int64" must be/);
    expect(() => checkConfig([])).toThrow(/expected a JSON object/);
    expect(checkConfig({ int64: "number", fields: { "a.B.c": { int64: "bigint" } } })).toEqual({
      int64: "number",
      fields: { "a.B.c": { int64: "bigint" } },
    });
  });
});
