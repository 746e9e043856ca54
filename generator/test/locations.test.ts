import { describe, expect, it } from "vitest";
import { indexDeclarations } from "../parse/locations.js";

const SOURCE = `syntax = "proto2";
package p.q;
import "google/protobuf/descriptor.proto";
option java_package = "x.y";
extend google.protobuf.FieldOptions {
  optional bool secret = 50000;
}
// An outer message.
message Outer {
  option (custom) = { a: 1 b: "}" };
  optional int32 package = 1 [default = 5, (secret) = true];
  reserved 2, 3;
  message Inner {
    map<string, Outer> children = 1;
  }
  oneof choice {
    string text = 4;
    Inner inner = 5;
  }
  enum Kind {
    KIND_UNKNOWN = 0;
    KIND_A = 1 [deprecated = true];
  }
}
enum Top { TOP_ZERO = 0; }
service S { rpc Do (Outer) returns (Outer) { option deprecated = true; } }
message After { optional int32 x = 1; }
`;

describe("indexDeclarations", () => {
  const sites = indexDeclarations(SOURCE, "p.q");
  const line = (name: string) => sites.get(name)?.line;

  it("finds messages, nested messages, enums and their values", () => {
    expect(line("p.q.Outer")).toBe(9);
    expect(line("p.q.Outer.Inner")).toBe(13);
    expect(line("p.q.Outer.Kind")).toBe(20);
    expect(line("p.q.Outer.Kind.KIND_A")).toBe(22);
    expect(line("p.q.Top")).toBe(25);
    expect(line("p.q.Top.TOP_ZERO")).toBe(25);
  });

  it("finds fields, also in oneofs and maps, and fields named like keywords", () => {
    expect(line("p.q.Outer.package")).toBe(11);
    expect(line("p.q.Outer.Inner.children")).toBe(14);
    expect(line("p.q.Outer.text")).toBe(17);
    expect(line("p.q.Outer.inner")).toBe(18);
  });

  it("is not confused by options, extensions, reserved ranges or services", () => {
    expect(line("p.q.After")).toBe(27);
    expect(line("p.q.After.x")).toBe(27);
    expect(sites.get("p.q.secret")).toBeUndefined();
    expect(sites.has("p.q.Outer.a")).toBe(false);
    expect(sites.has("p.q.Outer.default")).toBe(false);
  });
});
