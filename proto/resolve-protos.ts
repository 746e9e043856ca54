import path from "node:path";
import { defaultCacheDir, envValue, inspectCache, storeInCache, type Environment } from "./cache.js";
import { DEFAULT_MIRROR, DEFAULT_TIMEOUT_MS, downloadPinnedFiles } from "./download.js";
import { LOCAL_PROTOS_HINT, ProtoResolveError } from "./errors.js";
import { knownVersions, versionPin, type VersionPin } from "./manifest.js";
import { checkAgainstPin, describeDifferences } from "./pin-check.js";
import { findProtosInDirectory } from "./proto-dir.js";

/** What to resolve and where to look; every field is optional. */
export interface ResolveOptions {
  /** Mesos version, e.g. "1.11.0"; required unless a directory is given. */
  version?: string;
  /** A directory given on the command line (`--proto-dir`); wins over everything else. */
  protoDir?: string;
  /** Environment variables; defaults to `process.env`. Reads MESOS_PROTO_DIR, CMF_CACHE_DIR, XDG_CACHE_HOME, CMF_PROTO_MIRROR and the proxy variables. */
  env?: Record<string, string | undefined>;
  /** Cache directory; default `$CMF_CACHE_DIR`, `$XDG_CACHE_HOME/create-mesos-framework/protos` or `~/.cache/create-mesos-framework/protos`. */
  cacheDir?: string;
  /** Base URL laid out like the Mesos repository (`<mirror>/<tag>/include/<path>`); default `$CMF_PROTO_MIRROR` or raw GitHub. */
  mirror?: string;
  /** Never download; fail when neither a directory nor a valid cache entry is available. */
  offline?: boolean;
  /** Per-file download timeout in milliseconds, from connecting to the last byte; default 30 s. */
  timeoutMs?: number;
  /** Receives one-line status messages (cache hit, download start). */
  onProgress?: (message: string) => void;
  /** Receives warnings that do not stop resolution (patched protos, a damaged cache entry). */
  onWarning?: (message: string) => void;
}

/** Where a resolved set of protos came from. */
export type ProtoOrigin = "proto-dir" | "env" | "cache" | "download";

/** A resolved set of `.proto` files, ready to hand to a parser. */
export interface ProtoSet {
  /** Absolute import root: the directory holding `mesos/v1/...`, or the plain directory given. */
  root: string;
  /** Entry files relative to `root`, sorted, forward slashes. */
  files: string[];
  /** Which source supplied the files. */
  origin: ProtoOrigin;
  /** The Mesos version, when one was asked for (recorded as given, even if unknown). */
  version?: string;
}

function unknownVersionError(version: string): ProtoResolveError {
  return new ProtoResolveError(
    "ERR_PROTO_UNKNOWN_VERSION",
    `Mesos ${version} is not a known version (known: ${knownVersions().join(", ")}). ` +
      `For another version, pass its protos with --proto-dir <dir> or MESOS_PROTO_DIR=<dir> ` +
      `(a Mesos source checkout or an install prefix such as /usr).`,
  );
}

async function resolveFromDirectory(
  dir: string,
  origin: "proto-dir" | "env",
  options: ResolveOptions,
): Promise<ProtoSet> {
  const label = origin === "proto-dir" ? "--proto-dir" : "MESOS_PROTO_DIR";
  const found = await findProtosInDirectory(dir, label);
  const { version } = options;
  const pin = version === undefined ? undefined : versionPin(version);
  if (pin !== undefined && found.isMesos) {
    const differences = await checkAgainstPin(found.root, pin, found.files);
    if (differences.length > 0) {
      options.onWarning?.(
        `The protos in ${found.root} differ from the pinned Mesos ${version} files; ` +
          `using them as they are (patched protos are fine):\n${describeDifferences(differences)}`,
      );
    }
  }
  options.onProgress?.(`Using ${found.files.length} proto files from ${found.root} (${label})`);
  return {
    root: found.root,
    files: found.files,
    origin,
    ...(version === undefined ? {} : { version }),
  };
}

async function resolvePinned(
  version: string,
  pin: VersionPin,
  options: ResolveOptions,
  env: Environment,
): Promise<ProtoSet> {
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir(env));
  const files = pin.files.map((file) => file.path).sort();
  const cached = await inspectCache(cacheDir, version, pin);
  if (cached.status === "valid") {
    options.onProgress?.(`Using cached Mesos ${version} protos from ${cached.root}`);
    return { root: cached.root, files, origin: "cache", version };
  }
  if (cached.status === "corrupt") {
    options.onWarning?.(
      `The cached Mesos ${version} protos in ${cached.root} do not match their pins and will be ` +
        `${options.offline === true ? "ignored" : "downloaded again"}:\n${describeDifferences(cached.differences)}`,
    );
  }
  if (options.offline === true) {
    throw new ProtoResolveError(
      "ERR_PROTO_OFFLINE",
      `Offline, and the cache at ${cacheDir} holds no ${cached.status === "corrupt" ? "intact " : ""}` +
        `copy of the Mesos ${version} protos. Run once with network access to fill the cache. ` +
        LOCAL_PROTOS_HINT,
    );
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const mirror = options.mirror ?? envValue(env, "CMF_PROTO_MIRROR") ?? DEFAULT_MIRROR;
  options.onProgress?.(`Downloading ${files.length} Mesos ${version} proto files from ${mirror} (tag ${pin.tag})`);
  const contents = await downloadPinnedFiles(version, pin, {
    mirror,
    timeoutMs,
    env,
  });
  const root = await storeInCache(cacheDir, version, contents);
  options.onProgress?.(`Cached Mesos ${version} protos in ${root}`);
  return { root, files, origin: "download", version };
}

/**
 * Resolves the `.proto` files to build from, trying in order: `protoDir`,
 * `MESOS_PROTO_DIR`, the cache (for a known version, hash-checked), then a
 * hash-checked download of the version's pinned files into the cache.
 */
export async function resolveProtos(options: ResolveOptions = {}): Promise<ProtoSet> {
  const env = options.env ?? process.env;
  // An empty value counts as unset, as with an empty environment variable.
  const protoDir = options.protoDir === "" ? undefined : options.protoDir;
  if (protoDir !== undefined) return resolveFromDirectory(protoDir, "proto-dir", options);
  const envDir = envValue(env, "MESOS_PROTO_DIR");
  if (envDir !== undefined) return resolveFromDirectory(envDir, "env", options);

  const { version } = options;
  if (version === undefined || version === "") {
    throw new ProtoResolveError(
      "ERR_PROTO_NO_VERSION",
      `No Mesos version and no proto directory given. Name a version ` +
        `(known: ${knownVersions().join(", ")}) or pass --proto-dir <dir> or MESOS_PROTO_DIR=<dir>.`,
    );
  }
  const pin = versionPin(version);
  if (pin === undefined) throw unknownVersionError(version);
  return resolvePinned(version, pin, options, env);
}
