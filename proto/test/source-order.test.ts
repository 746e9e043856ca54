import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveProtos } from "../index.js";
import { cleanUp, makeTemporaryDir, rejection, sharedVersionRoot } from "./helpers.js";

afterEach(cleanUp);

describe("source order", () => {
  it("prefers MESOS_PROTO_DIR to the cache and the download", async () => {
    const cacheDir = await makeTemporaryDir();
    const set = await resolveProtos({
      version: "1.11.0",
      cacheDir,
      // Nothing answers there: the test fails if resolution ever reaches for the download.
      mirror: "http://127.0.0.1:9",
      env: { MESOS_PROTO_DIR: sharedVersionRoot("1.11.0") },
    });
    expect(set).toMatchObject({
      root: sharedVersionRoot("1.11.0"),
      origin: "env",
      version: "1.11.0",
    });
  });

  it("prefers protoDir to MESOS_PROTO_DIR", async () => {
    const set = await resolveProtos({
      protoDir: sharedVersionRoot("1.10.0"),
      env: { MESOS_PROTO_DIR: sharedVersionRoot("1.9.0") },
    });
    expect(set).toMatchObject({ root: sharedVersionRoot("1.10.0"), origin: "proto-dir" });
  });

  it("treats an empty MESOS_PROTO_DIR as unset", async () => {
    const cacheDir = await makeTemporaryDir();
    const env = { MESOS_PROTO_DIR: "" };
    const error = await rejection(resolveProtos({ version: "1.11.0", cacheDir, offline: true, env }));
    expect(error.code).toBe("ERR_PROTO_OFFLINE");
  });
});

describe("resolution errors", () => {
  it("rejects an unknown version without a directory, listing the known versions and --proto-dir", async () => {
    const error = await rejection(resolveProtos({ version: "1.12.0", env: {} }));
    expect(error.code).toBe("ERR_PROTO_UNKNOWN_VERSION");
    expect(error.message).toContain("Mesos 1.12.0 is not a known version");
    expect(error.message).toContain("(known: 1.9.0, 1.10.0, 1.11.0)");
    expect(error.message).toContain("--proto-dir <dir>");
  });

  it("asks for a version or a directory when given neither", async () => {
    const error = await rejection(resolveProtos({ env: {} }));
    expect(error.code).toBe("ERR_PROTO_NO_VERSION");
    expect(error.message).toContain("--proto-dir <dir>");
  });

  it("fails with ERR_PROTO_DIR_NOT_FOUND for a missing directory, naming --proto-dir", async () => {
    const missing = path.join(await makeTemporaryDir(), "nope");
    const error = await rejection(resolveProtos({ protoDir: missing, env: {} }));
    expect(error.code).toBe("ERR_PROTO_DIR_NOT_FOUND");
    expect(error.message).toContain(`--proto-dir ${missing} does not exist`);
  });

  it("fails with ERR_PROTO_DIR_NOT_FOUND for a file in MESOS_PROTO_DIR, naming the variable", async () => {
    const file = path.join(await makeTemporaryDir(), "mesos.proto");
    await writeFile(file, "");
    const error = await rejection(resolveProtos({ env: { MESOS_PROTO_DIR: file } }));
    expect(error.code).toBe("ERR_PROTO_DIR_NOT_FOUND");
    expect(error.message).toContain(`MESOS_PROTO_DIR ${file} does not exist or is not a directory`);
  });

  it("fails with ERR_PROTO_NO_FILES for a directory without protos", async () => {
    const dir = await makeTemporaryDir();
    await writeFile(path.join(dir, "README.md"), "nothing here\n");
    await mkdir(path.join(dir, "node_modules"));
    await writeFile(path.join(dir, "node_modules", "ignored.proto"), "");
    const error = await rejection(resolveProtos({ protoDir: dir, version: "1.11.0", env: {} }));
    expect(error).toMatchObject({ name: "ProtoResolveError", code: "ERR_PROTO_NO_FILES" });
    expect(error.message).toContain(`${dir} holds no .proto files`);
  });
});
