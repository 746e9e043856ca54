import { appendFile, chmod, cp, mkdir, realpath, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveProtos } from "../index.js";
import { cleanUp, makeTemporaryDir, messageLog, pinnedHash, pinnedPaths, sharedVersionRoot } from "./helpers.js";

afterEach(cleanUp);

/** A writable copy of one version's import root, for tests that patch files. */
async function copyOfVersion(version: string): Promise<string> {
  const root = await makeTemporaryDir();
  const mesos = path.join(sharedVersionRoot(version), "mesos");
  await cp(mesos, path.join(root, "mesos"), { recursive: true });
  // The shared files are read-only and copies keep that mode; these tests edit them.
  for (const file of pinnedPaths(version)) await chmod(path.join(root, file), 0o644);
  return root;
}

describe("directory layouts", () => {
  it("takes a plain import root as it is, with no warning when it matches the pins", async () => {
    const log = messageLog();
    const root = sharedVersionRoot("1.11.0");
    const set = await resolveProtos({ protoDir: root, version: "1.11.0", env: {}, ...log });
    expect(set).toEqual({
      root,
      files: pinnedPaths("1.11.0"),
      origin: "proto-dir",
      version: "1.11.0",
    });
    expect(log.warnings).toEqual([]);
    expect(log.progress.join("\n")).toContain("--proto-dir");
  });

  it("finds include/mesos/v1 in a Mesos source checkout and keeps only the v1 files", async () => {
    const checkout = await makeTemporaryDir();
    await mkdir(path.join(checkout, "include"));
    const mesos = path.join(sharedVersionRoot("1.10.0"), "mesos");
    await symlink(mesos, path.join(checkout, "include", "mesos"));
    // Internal protos elsewhere in the tree are not part of the v1 API.
    await mkdir(path.join(checkout, "src", "messages"), { recursive: true });
    await writeFile(path.join(checkout, "src", "messages", "messages.proto"), "");
    const set = await resolveProtos({ protoDir: checkout, version: "1.10.0", env: {} });
    expect(set.root).toBe(path.join(checkout, "include"));
    expect(set.files).toEqual(pinnedPaths("1.10.0"));
  });

  it("accepts an install prefix such as /usr, and its include directory", async () => {
    const prefix = path.join(await makeTemporaryDir(), "usr");
    const include = path.join(prefix, "include");
    // Other packages' protos share the prefix and must not be picked up.
    await mkdir(path.join(include, "google", "protobuf"), { recursive: true });
    await writeFile(path.join(include, "google", "protobuf", "any.proto"), "");
    await symlink(path.join(sharedVersionRoot("1.9.0"), "mesos"), path.join(include, "mesos"));
    for (const dir of [prefix, include]) {
      const set = await resolveProtos({ protoDir: dir, version: "1.9.0", env: {} });
      expect(set.root, dir).toBe(include);
      expect(set.files, dir).toEqual(pinnedPaths("1.9.0"));
    }
  });

  it("accepts the mesos/v1 directory itself and the mesos directory above it", async () => {
    const root = sharedVersionRoot("1.11.0");
    for (const dir of [path.join(root, "mesos", "v1"), path.join(root, "mesos")]) {
      const set = await resolveProtos({ protoDir: dir, env: {} });
      expect(set, dir).toEqual({ root, files: pinnedPaths("1.11.0"), origin: "proto-dir" });
    }
  });

  it("recognises a mesos/v1 directory reached through a link with another name", async () => {
    const link = path.join(await makeTemporaryDir(), "my-protos");
    await symlink(path.join(sharedVersionRoot("1.9.0"), "mesos", "v1"), link);
    const set = await resolveProtos({ protoDir: link, env: {} });
    // The link is resolved to the real import root (compare real paths: ../shared may itself be a link).
    expect(await realpath(set.root)).toBe(await realpath(sharedVersionRoot("1.9.0")));
    expect(set.files).toEqual(pinnedPaths("1.9.0"));
  });

  it("takes any directory of non-Mesos protos, skipping node_modules and hidden directories", async () => {
    const dir = await makeTemporaryDir();
    await mkdir(path.join(dir, "api", "v2"), { recursive: true });
    await mkdir(path.join(dir, "node_modules", "dep"), { recursive: true });
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, "service.proto"), 'syntax = "proto3";\n');
    await writeFile(path.join(dir, "api", "v2", "types.proto"), 'syntax = "proto3";\n');
    await writeFile(path.join(dir, "node_modules", "dep", "dep.proto"), "");
    await writeFile(path.join(dir, ".git", "stray.proto"), "");
    await writeFile(path.join(dir, "README.md"), "not a proto\n");
    // A link back up the tree must not send the walk round in circles.
    await symlink(dir, path.join(dir, "api", "loop"));
    const log = messageLog();
    const set = await resolveProtos({ protoDir: dir, version: "1.11.0", env: {}, ...log });
    expect(set).toEqual({
      root: dir,
      files: ["api/v2/types.proto", "service.proto"],
      origin: "proto-dir",
      version: "1.11.0",
    });
    expect(log.warnings).toEqual([]);
  });
});

describe("directory checked against the pins of the version asked for", () => {
  it("warns, without failing, when the directory holds another release", async () => {
    const log = messageLog();
    const protoDir = sharedVersionRoot("1.9.0");
    const set = await resolveProtos({ protoDir, version: "1.11.0", env: {}, ...log });
    expect(set).toMatchObject({ root: protoDir, origin: "proto-dir", version: "1.11.0" });
    expect(log.warnings).toHaveLength(1);
    const [warning] = log.warnings;
    expect(warning).toContain("differ from the pinned Mesos 1.11.0 files");
    expect(warning).toContain(
      `changed mesos/v1/mesos.proto: expected sha256 ${pinnedHash("1.11.0", "mesos/v1/mesos.proto")}, ` +
        `found ${pinnedHash("1.9.0", "mesos/v1/mesos.proto")}`,
    );
    // quota.proto is the same in both releases.
    expect(warning).not.toContain("quota.proto");
  });

  it("reports patched, missing and extra files of a patched tree", async () => {
    const root = await copyOfVersion("1.11.0");
    await appendFile(path.join(root, "mesos/v1/scheduler/scheduler.proto"), "\n// patch\n");
    await rm(path.join(root, "mesos/v1/quota/quota.proto"));
    await writeFile(path.join(root, "mesos/v1/extra.proto"), 'syntax = "proto2";\n');
    const log = messageLog();
    const set = await resolveProtos({ protoDir: root, version: "1.11.0", env: {}, ...log });
    expect(set.files).toContain("mesos/v1/extra.proto");
    expect(set.files).not.toContain("mesos/v1/quota/quota.proto");
    const warning = log.warnings.join("\n");
    expect(warning).toContain("changed mesos/v1/scheduler/scheduler.proto");
    expect(warning).toContain("missing mesos/v1/quota/quota.proto");
    expect(warning).toContain("extra   mesos/v1/extra.proto");
  });

  it("works with an unknown version, recording the version as given", async () => {
    const log = messageLog();
    const set = await resolveProtos({
      protoDir: sharedVersionRoot("1.11.0"),
      version: "1.12.0-dev",
      env: {},
      ...log,
    });
    expect(set.version).toBe("1.12.0-dev");
    expect(set.files).toEqual(pinnedPaths("1.11.0"));
    expect(log.warnings).toEqual([]);
  });
});
