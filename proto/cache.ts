import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LOCAL_PROTOS_HINT, ProtoResolveError } from "./errors.js";
import type { VersionPin } from "./manifest.js";
import { checkAgainstPin, type PinDifference } from "./pin-check.js";
import { isDirectory } from "./proto-files.js";

/** Environment variables, as in `process.env`. */
export type Environment = Record<string, string | undefined>;

/** What the cache holds for one version. */
export type CacheState =
  | { status: "absent"; root: string }
  | { status: "valid"; root: string }
  | { status: "corrupt"; root: string; differences: PinDifference[] };

/** A variable's value, or undefined when it is unset or empty (an empty variable means "not set"). */
export function envValue(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The cache directory: `$CMF_CACHE_DIR`, else `$XDG_CACHE_HOME/create-mesos-framework/protos`,
 * else `~/.cache/create-mesos-framework/protos`.
 */
export function defaultCacheDir(env: Environment): string {
  const explicit = envValue(env, "CMF_CACHE_DIR");
  if (explicit !== undefined) return path.resolve(explicit);
  // The XDG base directory spec says relative values are invalid and must be ignored.
  const xdg = envValue(env, "XDG_CACHE_HOME");
  const base =
    xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(envValue(env, "HOME") ?? os.homedir(), ".cache");
  return path.join(base, "create-mesos-framework", "protos");
}

/** The directory a version's files are cached in; it is their import root. */
export function cachedVersionRoot(cacheDir: string, version: string): string {
  return path.join(cacheDir, version);
}

/** Checks the cached files of a version against their pins, so a damaged cache is never used. */
export async function inspectCache(cacheDir: string, version: string, pin: VersionPin): Promise<CacheState> {
  const root = cachedVersionRoot(cacheDir, version);
  if (!(await isDirectory(root))) return { status: "absent", root };
  const differences = await checkAgainstPin(root, pin);
  return differences.length === 0 ? { status: "valid", root } : { status: "corrupt", root, differences };
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}

/** Moves `staging` to `destination`, replacing a previous copy, without ever exposing a partial directory. */
async function moveIntoPlace(staging: string, destination: string): Promise<void> {
  try {
    await rename(staging, destination);
    return;
  } catch (error) {
    if (!isErrnoException(error) || (error.code !== "ENOTEMPTY" && error.code !== "EEXIST")) {
      throw error;
    }
  }
  // A damaged copy is in the way: move it aside first, because rename cannot
  // replace a non-empty directory, then delete it once the new copy is in place.
  const stale = path.join(
    path.dirname(destination),
    `.${path.basename(destination)}.stale-${randomBytes(6).toString("hex")}`,
  );
  await rename(destination, stale);
  try {
    await rename(staging, destination);
  } catch (error) {
    // Another process stored its own verified copy in between; theirs is as good as ours.
    if (!isErrnoException(error) || (error.code !== "ENOTEMPTY" && error.code !== "EEXIST")) {
      throw error;
    }
  } finally {
    await rm(stale, { recursive: true, force: true });
  }
}

/**
 * Writes the verified files of a version into the cache atomically: they go to a
 * hidden staging directory next to the cache entry, which is then renamed into
 * place, so readers see either the old entry or the complete new one.
 * Returns the cached import root.
 */
export async function storeInCache(
  cacheDir: string,
  version: string,
  contents: ReadonlyMap<string, Uint8Array>,
): Promise<string> {
  const destination = cachedVersionRoot(cacheDir, version);
  let staging: string | undefined;
  try {
    await mkdir(cacheDir, { recursive: true });
    // Staging inside the cache directory keeps it on the same file system, which rename needs.
    staging = await mkdtemp(path.join(cacheDir, `.${version}.staging-`));
    for (const [file, bytes] of contents) {
      const target = path.join(staging, ...file.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    await moveIntoPlace(staging, destination);
    return destination;
  } catch (error) {
    const reason = isErrnoException(error) ? (error.code ?? error.message) : String(error);
    throw new ProtoResolveError(
      "ERR_PROTO_CACHE",
      `Could not write the Mesos ${version} protos into the cache at ${cacheDir} (${reason}). ` +
        `Set CMF_CACHE_DIR to a writable directory. ${LOCAL_PROTOS_HINT}`,
      { cause: error },
    );
  } finally {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
  }
}
