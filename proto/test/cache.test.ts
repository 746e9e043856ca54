import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultCacheDir, resolveProtos } from "../index.js";
import { sha256 } from "../proto-files.js";
import { cacheEntries, cleanUp, makeTemporaryDir, messageLog, pinnedHash, rejection, startMirror } from "./helpers.js";

const VERSION = "1.11.0";

afterEach(cleanUp);

describe("cache", () => {
  it("lives in CMF_CACHE_DIR, else under XDG_CACHE_HOME, else under ~/.cache", () => {
    expect(defaultCacheDir({ CMF_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/c");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/x/create-mesos-framework/protos");
    // A relative XDG_CACHE_HOME is invalid by the spec and ignored; empty means unset.
    expect(defaultCacheDir({ XDG_CACHE_HOME: "rel", CMF_CACHE_DIR: "", HOME: "/h" })).toBe(
      "/h/.cache/create-mesos-framework/protos",
    );
  });

  it("never downloads when offline: fails on an empty cache, uses a filled one", async () => {
    const mirror = await startMirror();
    const cacheDir = await makeTemporaryDir();
    const options = { version: VERSION, mirror: mirror.url, cacheDir, env: {} };
    const error = await rejection(resolveProtos({ ...options, offline: true }));
    expect(error.code).toBe("ERR_PROTO_OFFLINE");
    expect(error.message).toContain(cacheDir);
    expect(error.message).toContain("--proto-dir <dir>");
    expect(mirror.requests).toEqual([]);

    await resolveProtos(options);
    const set = await resolveProtos({ ...options, offline: true });
    expect(set.origin).toBe("cache");
  });

  it("downloads again when a cached file was edited, warning about it", async () => {
    const mirror = await startMirror();
    const cacheDir = await makeTemporaryDir();
    const options = { version: VERSION, mirror: mirror.url, cacheDir, env: {} };
    const { root } = await resolveProtos(options);
    const edited = path.join(root, "mesos/v1/mesos.proto");
    await appendFile(edited, "\n// edited in the cache\n");

    // Offline, the damaged entry is not used either.
    const offlineLog = messageLog();
    const offline = await rejection(resolveProtos({ ...options, offline: true, ...offlineLog }));
    expect(offline.code).toBe("ERR_PROTO_OFFLINE");
    expect(offline.message).toContain("no intact copy");
    expect(offlineLog.warnings.join("\n")).toContain("changed mesos/v1/mesos.proto");

    mirror.requests.length = 0;
    const log = messageLog();
    const set = await resolveProtos({ ...options, ...log });
    expect(set.origin).toBe("download");
    expect(mirror.requests).toHaveLength(9);
    expect(log.warnings.join("\n")).toContain("will be downloaded again");
    expect(sha256(await readFile(edited))).toBe(pinnedHash(VERSION, "mesos/v1/mesos.proto"));
    // The damaged entry was swapped out whole, leaving nothing stale behind.
    expect(await cacheEntries(cacheDir)).toEqual([VERSION]);
    expect((await resolveProtos({ ...options, offline: true })).origin).toBe("cache");
  });

  it("downloads again when a cached file went missing", async () => {
    const mirror = await startMirror();
    const cacheDir = await makeTemporaryDir();
    const options = { version: VERSION, mirror: mirror.url, cacheDir, env: {} };
    const { root } = await resolveProtos(options);
    await rm(path.join(root, "mesos/v1/agent/agent.proto"));
    const log = messageLog();
    const set = await resolveProtos({ ...options, ...log });
    expect(set.origin).toBe("download");
    expect(log.warnings.join("\n")).toContain("missing mesos/v1/agent/agent.proto");
  });

  it("keeps a valid cache entry when a later download of the same version is refused", async () => {
    const cacheDir = await makeTemporaryDir();
    const good = await startMirror();
    const { root } = await resolveProtos({ version: VERSION, mirror: good.url, cacheDir, env: {} });
    await rm(path.join(root, "mesos/v1/agent/agent.proto"));
    const bad = await startMirror({ tamper: ["mesos/v1/agent/agent.proto"] });
    const error = await rejection(resolveProtos({ version: VERSION, mirror: bad.url, cacheDir, env: {} }));
    expect(error.code).toBe("ERR_PROTO_HASH_MISMATCH");
    // The damaged entry stays as it was: nothing from the refused download was written.
    expect(await cacheEntries(cacheDir)).toEqual([VERSION]);
    const mesosProto = await readFile(path.join(root, "mesos/v1/mesos.proto"));
    expect(sha256(mesosProto)).toBe(pinnedHash(VERSION, "mesos/v1/mesos.proto"));
  });

  it("reports a cache it cannot write to, naming CMF_CACHE_DIR", async () => {
    const mirror = await startMirror();
    // A cache path below a regular file fails with ENOTDIR, even for root.
    const blocker = path.join(await makeTemporaryDir(), "not-a-directory");
    await writeFile(blocker, "");
    const cacheDir = path.join(blocker, "cache");
    const error = await rejection(resolveProtos({ version: VERSION, mirror: mirror.url, cacheDir, env: {} }));
    expect(error.code).toBe("ERR_PROTO_CACHE");
    expect(error.message).toContain("ENOTDIR");
    expect(error.message).toContain("CMF_CACHE_DIR");
  });
});
