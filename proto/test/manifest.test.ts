import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { compareVersions, knownVersions, versionPin } from "@create-mesos-framework/proto";
import { listProtoFiles } from "../proto-files.js";
import { makeTemporaryDir, cleanUp, repoRoot, sharedVersionRoot } from "./helpers.js";

const run = promisify(execFile);
const manifestPath = path.join(repoRoot, "proto", "manifest.json");
const pinScript = path.join(repoRoot, "proto", "scripts", "pin-version.mjs");

function pinVersion(version: string, dir: string, manifest: string) {
  return run(process.execPath, [pinScript, version, dir, "--manifest", manifest]);
}

afterEach(cleanUp);

describe("manifest", () => {
  it("knows 1.9.0, 1.10.0 and 1.11.0, sorted by semver rather than as strings", () => {
    expect(knownVersions()).toEqual(["1.9.0", "1.10.0", "1.11.0"]);
    expect(compareVersions("1.9.0", "1.10.0")).toBeLessThan(0);
    expect(compareVersions("1.11.0", "1.11.0")).toBe(0);
    expect(compareVersions("2.0.0", "1.99.99")).toBeGreaterThan(0);
  });

  it("does not mistake object prototype names for versions", () => {
    expect(versionPin("constructor")).toBeUndefined();
    expect(versionPin("toString")).toBeUndefined();
  });

  it.each(["1.9.0", "1.10.0", "1.11.0"])(
    "pins exactly the v1 files of %s in the shared protos, with their sha256",
    async (version) => {
      const pin = versionPin(version);
      expect(pin?.tag).toBe(version);
      const root = sharedVersionRoot(version);
      const onDisk = await listProtoFiles(root, "mesos/v1");
      expect(pin?.files.map((file) => file.path)).toEqual(onDisk);
      for (const file of pin?.files ?? []) {
        const bytes = await readFile(path.join(root, file.path));
        expect(createHash("sha256").update(bytes).digest("hex"), file.path).toBe(file.sha256);
      }
    },
  );

  it("records different hashes where the releases differ", () => {
    const hashOf = (version: string, file: string) =>
      versionPin(version)?.files.find((entry) => entry.path === file)?.sha256;
    const mesosProto = ["1.9.0", "1.10.0", "1.11.0"].map((v) => hashOf(v, "mesos/v1/mesos.proto"));
    expect(new Set(mesosProto).size).toBe(3);
    expect(hashOf("1.9.0", "mesos/v1/quota/quota.proto")).toBe(hashOf("1.11.0", "mesos/v1/quota/quota.proto"));
  });
});

describe("scripts/pin-version.mjs", () => {
  it("rebuilds the committed manifest byte for byte, whatever order versions are pinned in", async () => {
    const committed = await readFile(manifestPath);
    for (const order of [
      ["1.9.0", "1.10.0", "1.11.0"],
      ["1.11.0", "1.9.0", "1.10.0"],
    ]) {
      const target = path.join(await makeTemporaryDir(), "manifest.json");
      for (const version of order) await pinVersion(version, sharedVersionRoot(version), target);
      expect((await readFile(target)).equals(committed), `order ${order.join(", ")}`).toBe(true);
    }
  });

  it("leaves the manifest byte-identical when a version is pinned again", async () => {
    const target = path.join(await makeTemporaryDir(), "manifest.json");
    await cp(manifestPath, target);
    const { stdout } = await pinVersion("1.10.0", sharedVersionRoot("1.10.0"), target);
    expect(stdout).toContain("pinned Mesos 1.10.0 (9 files)");
    expect((await readFile(target)).equals(await readFile(manifestPath))).toBe(true);
  });

  it("reads a Mesos source checkout (include/mesos/v1) as well as an import root", async () => {
    const checkout = await makeTemporaryDir();
    await cp(path.join(sharedVersionRoot("1.11.0"), "mesos"), path.join(checkout, "include", "mesos"), {
      recursive: true,
    });
    const target = path.join(await makeTemporaryDir(), "manifest.json");
    await pinVersion("1.11.0", checkout, target);
    const written = JSON.parse(await readFile(target, "utf8")) as {
      versions: Record<string, unknown>;
    };
    expect(written.versions["1.11.0"]).toEqual(versionPin("1.11.0"));
  });

  it("refuses a malformed version and a directory without Mesos protos, leaving the manifest alone", async () => {
    const dir = await makeTemporaryDir();
    const target = path.join(dir, "manifest.json");
    await writeFile(target, "{}\n");
    await expect(pinVersion("1.11", sharedVersionRoot("1.11.0"), target)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("not a version: 1.11"),
    });
    await expect(pinVersion("1.12.0", dir, target)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("holds neither mesos/v1 nor include/mesos/v1"),
    });
    expect(await readFile(target, "utf8")).toBe("{}\n");
  });
});
