import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "@create-mesos-framework/generator";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function gen(files: Record<string, string>, entries = Object.keys(files), config = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cmf-gen-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return generate({ importPaths: [dir], files: entries, config });
}

describe("protos that are not Mesos", () => {
  it("proto3 with maps, oneofs, optional, open enums and well-known types", () => {
    const { files, ir } = gen({
      "shop/v1/shop.proto": `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
// An order.
message Order {
  string id = 1;
  map<string, int64> quantities = 2;
  map<int32, Item> items = 3;
  oneof payment { string card = 4; Voucher voucher = 5; }
  optional uint64 discount = 6;
  Status status = 7;
  google.protobuf.Timestamp created = 8;
  repeated double weights = 9;
  message Voucher { bytes code = 1; }
}
message Item { string name = 1; }
enum Status { STATUS_UNSPECIFIED = 0; STATUS_OPEN = 1; }
`,
    });
    const shop = files.get("shop/v1/shop.ts")!;
    expect(files.has("google/protobuf/timestamp.ts")).toBe(true);
    expect(shop).toContain("quantities?: Record<string, bigint>;");
    expect(shop).toContain("items?: Record<string, Item>;");
    expect(shop).toContain("| { card: string; voucher?: undefined }");
    expect(shop).toContain("| { voucher: Order_Voucher; card?: undefined }");
    expect(shop).toContain("discount?: bigint;");
    expect(shop).toContain("status?: Status | number;");
    expect(shop).toContain("created?: $google_protobuf_timestamp.Timestamp;");
    expect(shop).toContain('import type * as $google_protobuf_timestamp from "../../google/protobuf/timestamp.js";');
    const order = ir.files.find((f) => f.path === "shop/v1/shop.proto")!.messages[0]!;
    expect(order.fields.find((f) => f.name === "id")!.implicit).toBe(true);
    expect(order.fields.find((f) => f.name === "discount")!.implicit).toBe(false);
    expect(order.fields.find((f) => f.name === "weights")!.packed).toBe(true);
    expect(order.oneofs.map((o) => o.name)).toEqual(["payment"]);
  });

  it("custom options from another project's extension of descriptor.proto are accepted and not emitted", () => {
    const { files } = gen(
      {
        "opts/opts.proto": `syntax = "proto2";
package opts;
import "google/protobuf/descriptor.proto";
extend google.protobuf.FieldOptions { optional bool sensitive = 50000; }
extend google.protobuf.MessageOptions { optional string table = 50001; }
`,
        "app/app.proto": `syntax = "proto2";
package app;
import "opts/opts.proto";
message User {
  option (opts.table) = "users";
  required string name = 1 [(opts.sensitive) = true];
  optional int64 id = 2 [default = 9007199254740993];
}
`,
      },
      ["app/app.proto"],
    );
    expect([...files.keys()].sort()).toEqual(["app/app.ts", "index.ts"]);
    expect(files.get("app/app.ts")).toContain('"default":"9007199254740993"');
    expect(files.get("app/app.ts")).toContain("@defaultValue 9007199254740993n");
  });

  it("int64 representation: global option and per-field overrides", () => {
    const proto = {
      "r.proto":
        'syntax = "proto2";\npackage r;\nmessage Range { required uint64 begin = 1; required uint64 end = 2; optional int64 big = 3; }\n',
    };
    const numbers = gen(proto, undefined, { int64: "number" }).files.get("r.ts")!;
    expect(numbers).toContain("begin: number;");
    expect(numbers).toContain('"int64":"number"');
    const mixed = gen(proto, undefined, {
      fields: { "r.Range.begin": { int64: "number" }, "r.Range.end": { int64: "number" } },
    }).files.get("r.ts")!;
    expect(mixed).toContain("begin: number;");
    expect(mixed).toContain("end: number;");
    expect(mixed).toContain("big?: bigint;");
  });

  it("names that clash with TypeScript keywords or each other get a $ suffix", () => {
    const { files } = gen({
      "n.proto":
        'syntax = "proto2";\npackage n;\nmessage string { optional int32 x = 1; }\nmessage A { message B { optional int32 y = 1; } }\nmessage A_B { optional A.B inner = 1; }\n',
    });
    const text = files.get("n.ts")!;
    expect(text).toContain("export interface string$ {");
    expect(text).toContain("export interface A_B {");
    expect(text).toContain("export interface A_B$ {");
    expect(text).toContain("inner?: A_B$;"); // the top-level A_B keeps its name; nested A.B yields
  });

  it("a union-pattern message can be kept plain through the config", () => {
    const proto = {
      "u.proto":
        'syntax = "proto2";\npackage u;\nmessage Box { enum Type { UNKNOWN = 0; A = 1; B = 2; } optional Type type = 1; optional Pa a = 2; optional Pb b = 3; }\nmessage Pa {}\nmessage Pb {}\n',
    };
    expect(gen(proto).files.get("u.ts")).toContain("export type Box = Box$Fields & (");
    expect(gen(proto, undefined, { plainMessages: ["u.Box"] }).files.get("u.ts")).toContain("export interface Box {");
  });
});
