import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { ProtoResolveError, versionPin } from "../index.js";

/** The monorepo root. */
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The read-only reference protos, one import root per Mesos version. */
export const sharedProtos = path.resolve(repoRoot, "../shared/mesos-proto");

/** The import root of the reference protos of one version. */
export function sharedVersionRoot(version: string): string {
  return path.join(sharedProtos, version);
}

const temporaryDirs: string[] = [];

/** A fresh directory under the OS temp dir, removed by `cleanUp`. */
export async function makeTemporaryDir(prefix = "cmf-proto-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

const runningMirrors: TestMirror[] = [];

/** Stops every mirror started by `startMirror` and removes every directory made by `makeTemporaryDir`; for afterEach. */
export async function cleanUp(): Promise<void> {
  await Promise.all(runningMirrors.splice(0).map((mirror) => mirror.close()));
  const dirs = temporaryDirs.splice(0);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The pinned file paths of a version, as the resolver lists them. */
export function pinnedPaths(version: string): string[] {
  return versionPin(version)?.files.map((file) => file.path) ?? [];
}

/** The pinned sha256 of one file of a version. */
export function pinnedHash(version: string, file: string): string | undefined {
  return versionPin(version)?.files.find((entry) => entry.path === file)?.sha256;
}

/** Entries of a cache directory, hidden staging directories included; none when it does not exist. */
export async function cacheEntries(cacheDir: string): Promise<string[]> {
  return readdir(cacheDir).catch(() => []);
}

/** Awaits a promise that must reject with a ProtoResolveError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<ProtoResolveError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProtoResolveError);
  return error as ProtoResolveError;
}

/** How a test mirror misbehaves. */
export interface MirrorBehaviour {
  /** Files (paths like `mesos/v1/mesos.proto`) served with an extra line appended. */
  tamper?: string[];
  /** Files answered with 404 Not Found. */
  missing?: string[];
  /** Accept connections but never answer. */
  hang?: boolean;
  /** Answer every request under `/moved/...` with a redirect to the same path without that prefix. */
  redirectMoved?: boolean;
}

/** A local mirror of the Mesos repository's raw-file layout, serving the shared protos. */
export interface TestMirror {
  /** Base URL to pass as `mirror`. */
  url: string;
  /** Paths requested so far, in arrival order. */
  requests: string[];
  /** Stops the server, dropping open connections (idempotent). */
  close(): Promise<void>;
}

/** The text a tampered file is served with appended. */
export const TAMPER_SUFFIX = "\n// tampered by the test mirror\n";

/**
 * Starts an HTTP server on 127.0.0.1, port 0, serving `<tag>/include/<path>`
 * from the shared protos (tags equal versions in Apache Mesos). `cleanUp` stops it.
 */
export async function startMirror(behaviour: MirrorBehaviour = {}): Promise<TestMirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    if (behaviour.hang === true) return;
    if (behaviour.redirectMoved === true && url.startsWith("/moved/")) {
      res.writeHead(302, { location: url.slice("/moved".length) }).end();
      return;
    }
    const match = /^\/([^/]+)\/include\/(mesos\/v1\/[\w/]+\.proto)$/.exec(url);
    const tag = match?.[1];
    const file = match?.[2];
    if (tag === undefined || file === undefined || behaviour.missing?.includes(file) === true) {
      res.writeHead(404, { "content-type": "text/plain" }).end("404: Not Found");
      return;
    }
    readFile(path.join(sharedVersionRoot(decodeURIComponent(tag)), file)).then(
      (bytes) => {
        const body =
          behaviour.tamper?.includes(file) === true ? Buffer.concat([bytes, Buffer.from(TAMPER_SUFFIX)]) : bytes;
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(body);
      },
      () => res.writeHead(404).end("404: Not Found"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const mirror: TestMirror = {
    url: `http://127.0.0.1:${port}`,
    requests,
    // Idempotent, so a test may stop its mirror early and cleanUp may stop it again.
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
  runningMirrors.push(mirror);
  return mirror;
}

/** A 127.0.0.1 port that nothing listens on: bound, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Collects the warnings and progress messages a resolve reports. */
export function messageLog(): {
  warnings: string[];
  progress: string[];
  onWarning: (message: string) => void;
  onProgress: (message: string) => void;
} {
  const warnings: string[] = [];
  const progress: string[] = [];
  return {
    warnings,
    progress,
    onWarning: (message) => warnings.push(message),
    onProgress: (message) => progress.push(message),
  };
}
