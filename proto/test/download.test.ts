import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pinnedFileUrl, resolveProtos } from "../index.js";
import { sha256 } from "../proto-files.js";
import {
  cacheEntries,
  cleanUp,
  makeTemporaryDir,
  messageLog,
  pinnedHash,
  pinnedPaths,
  rejection,
  sharedVersionRoot,
  startMirror,
  TAMPER_SUFFIX,
  unusedPort,
} from "./helpers.js";

const VERSION = "1.11.0";

afterEach(cleanUp);

describe("download from a mirror", () => {
  it("downloads the pinned files into the cache, then uses the cache without the server", async () => {
    const mirror = await startMirror();
    const cacheDir = await makeTemporaryDir();
    const log = messageLog();
    const options = { version: VERSION, mirror: mirror.url, cacheDir, env: {} };
    const first = await resolveProtos({ ...options, ...log });
    expect(first).toEqual({
      root: path.join(cacheDir, VERSION),
      files: pinnedPaths(VERSION),
      origin: "download",
      version: VERSION,
    });
    const expectedRequests = pinnedPaths(VERSION).map((file) => `/${VERSION}/include/${file}`);
    expect([...mirror.requests].sort()).toEqual(expectedRequests.sort());
    for (const file of pinnedPaths(VERSION)) {
      const cached = await readFile(path.join(first.root, file));
      const original = await readFile(path.join(sharedVersionRoot(VERSION), file));
      expect(cached.equals(original), file).toBe(true);
    }
    // No staging directory is left behind next to the entry.
    expect(await cacheEntries(cacheDir)).toEqual([VERSION]);
    expect(log.warnings).toEqual([]);
    expect(log.progress.join("\n")).toContain(`Downloading 9 Mesos ${VERSION} proto files from ${mirror.url}`);

    await mirror.close();
    const second = await resolveProtos(options);
    expect(second).toEqual({ ...first, origin: "cache" });
  });

  it("takes the mirror from CMF_PROTO_MIRROR and the cache from CMF_CACHE_DIR", async () => {
    const mirror = await startMirror();
    const cacheDir = await makeTemporaryDir();
    const set = await resolveProtos({
      version: "1.9.0",
      env: { CMF_PROTO_MIRROR: `${mirror.url}/`, CMF_CACHE_DIR: cacheDir },
    });
    expect(set).toMatchObject({ root: path.join(cacheDir, "1.9.0"), origin: "download" });
    expect(mirror.requests).toHaveLength(9);
  });

  it("follows redirects from the mirror", async () => {
    const mirror = await startMirror({ redirectMoved: true });
    const cacheDir = await makeTemporaryDir();
    const set = await resolveProtos({
      version: VERSION,
      mirror: `${mirror.url}/moved`,
      cacheDir,
      env: {},
    });
    expect(set.origin).toBe("download");
    expect(mirror.requests.filter((url) => url.startsWith("/moved/"))).toHaveLength(9);
  });

  it("refuses a tampered file with the expected and actual sha256, and caches nothing", async () => {
    const tampered = "mesos/v1/scheduler/scheduler.proto";
    const mirror = await startMirror({ tamper: [tampered] });
    const cacheDir = await makeTemporaryDir();
    const error = await rejection(resolveProtos({ version: VERSION, mirror: mirror.url, cacheDir, env: {} }));
    const expected = pinnedHash(VERSION, tampered);
    const original = await readFile(path.join(sharedVersionRoot(VERSION), tampered));
    const actual = sha256(Buffer.concat([original, Buffer.from(TAMPER_SUFFIX)]));
    const url = pinnedFileUrl(mirror.url, VERSION, tampered);
    expect(error).toMatchObject({
      code: "ERR_PROTO_HASH_MISMATCH",
      file: tampered,
      expected,
      actual,
      url,
    });
    expect(error.message).toContain(`${tampered} downloaded from ${url}`);
    expect(error.message).toContain(`expected sha256 ${expected}, got ${actual}`);
    expect(error.message).toContain("--proto-dir <dir>");
    expect(error.message).toContain("MESOS_PROTO_DIR");
    expect(await cacheEntries(cacheDir)).toEqual([]);
  });

  it("reports an HTTP 404 with the URL that failed, and caches nothing", async () => {
    const missing = "mesos/v1/quota/quota.proto";
    const mirror = await startMirror({ missing: [missing] });
    const cacheDir = await makeTemporaryDir();
    const error = await rejection(resolveProtos({ version: VERSION, mirror: mirror.url, cacheDir, env: {} }));
    const url = pinnedFileUrl(mirror.url, VERSION, missing);
    expect(error).toMatchObject({ code: "ERR_PROTO_DOWNLOAD", url });
    expect(error.message).toContain(`${url} answered HTTP 404`);
    expect(error.message).toContain("--proto-dir <dir>");
    expect(await cacheEntries(cacheDir)).toEqual([]);
  });

  it("gives up on a server that never answers once timeoutMs has passed", async () => {
    const mirror = await startMirror({ hang: true });
    const cacheDir = await makeTemporaryDir();
    const started = Date.now();
    const error = await rejection(
      resolveProtos({ version: VERSION, mirror: mirror.url, cacheDir, timeoutMs: 300, env: {} }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(mirror.requests.length).toBeGreaterThan(0);
    expect(error.code).toBe("ERR_PROTO_DOWNLOAD");
    expect(error.message).toContain("timed out after 300 ms");
    expect(error.message).toContain(`${mirror.url}/${VERSION}/include/mesos/v1/`);
    expect(error.message).toContain("--proto-dir <dir>");
    expect(await cacheEntries(cacheDir)).toEqual([]);
  });

  it("reports a refused connection as offline, naming --proto-dir and the URL", async () => {
    const base = `http://127.0.0.1:${await unusedPort()}`;
    const cacheDir = await makeTemporaryDir();
    const error = await rejection(resolveProtos({ version: VERSION, mirror: base, cacheDir, env: {} }));
    expect(error.code).toBe("ERR_PROTO_OFFLINE");
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain(`${base}/${VERSION}/include/mesos/v1/`);
    expect(error.message).toContain("--proto-dir <dir>");
    expect(error.message).toContain("MESOS_PROTO_DIR");
    expect(await cacheEntries(cacheDir)).toEqual([]);
  });

  it("rejects a mirror that is not an http(s) URL", async () => {
    const cacheDir = await makeTemporaryDir();
    const mirror = "ftp://mirror.example/mesos";
    const error = await rejection(resolveProtos({ version: VERSION, mirror, cacheDir, env: {} }));
    expect(error).toMatchObject({ code: "ERR_PROTO_DOWNLOAD", url: mirror });
  });
});
