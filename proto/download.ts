import { EnvHttpProxyAgent, interceptors, request, type Dispatcher } from "undici";
import { envValue, type Environment } from "./cache.js";
import { LOCAL_PROTOS_HINT, ProtoResolveError } from "./errors.js";
import type { PinnedFile, VersionPin } from "./manifest.js";
import { sha256 } from "./proto-files.js";

/** Where files are downloaded from by default: raw files of the Apache Mesos GitHub repository. */
export const DEFAULT_MIRROR = "https://raw.githubusercontent.com/apache/mesos";

/** How long one file may take, from connecting to the last byte, unless `timeoutMs` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Settings for downloading the pinned files of one version. */
export interface DownloadSettings {
  /** Base URL laid out like the repository: `<mirror>/<tag>/include/<path>`. */
  mirror: string;
  /** Per-file limit in milliseconds, from connecting to the last byte. */
  timeoutMs: number;
  /** Consulted for HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  env: Environment;
}

// Socket-level failures that mean the host cannot be reached at all, as
// opposed to a server that answered badly: these get the "offline" error.
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The URL of one pinned file at a mirror: `<mirror>/<tag>/include/<path>`, as in the Mesos source tree. */
export function pinnedFileUrl(mirror: string, tag: string, file: string): string {
  return `${mirror.replace(/\/+$/, "")}/${encodeURIComponent(tag)}/include/${file}`;
}

/** Error codes carried by an error, its cause, or the attempts of an AggregateError (one per address). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== "object" || error === null || depth > 3) return [];
  const codes: string[] = [];
  if ("code" in error && typeof error.code === "string") codes.push(error.code);
  if ("cause" in error) codes.push(...errorCodes(error.cause, depth + 1));
  if (error instanceof AggregateError) {
    for (const inner of error.errors) codes.push(...errorCodes(inner, depth + 1));
  }
  return codes;
}

/** Turns a network failure into an error that says what failed and how to get by without the network. */
function downloadFailure(
  error: unknown,
  url: string,
  version: string,
  timedOut: boolean,
  timeoutMs: number,
): ProtoResolveError {
  if (timedOut) {
    return new ProtoResolveError(
      "ERR_PROTO_DOWNLOAD",
      `Downloading the Mesos ${version} protos timed out after ${timeoutMs} ms at ${url}. ` +
        `Retry with a longer timeout or another mirror (CMF_PROTO_MIRROR). ${LOCAL_PROTOS_HINT}`,
      { url, cause: error },
    );
  }
  const codes = errorCodes(error);
  const unreachable = codes.find((code) => UNREACHABLE_CODES.has(code));
  if (unreachable !== undefined) {
    return new ProtoResolveError(
      "ERR_PROTO_OFFLINE",
      `Could not reach ${url} (${unreachable}) to download the Mesos ${version} protos: ` +
        `you may be offline, or need HTTPS_PROXY or a mirror (CMF_PROTO_MIRROR). ${LOCAL_PROTOS_HINT}`,
      { url, cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ProtoResolveError(
    "ERR_PROTO_DOWNLOAD",
    `Downloading the Mesos ${version} protos failed at ${url}: ${reason}${codes.length > 0 ? ` (${codes[0]})` : ""}. ` +
      LOCAL_PROTOS_HINT,
    { url, cause: error },
  );
}

/** Fetches one pinned file and checks its sha256 before handing the bytes back. */
async function fetchPinnedFile(
  file: PinnedFile,
  version: string,
  pin: VersionPin,
  settings: DownloadSettings,
  dispatcher: Dispatcher,
  cancelled: AbortSignal,
): Promise<Uint8Array> {
  const url = pinnedFileUrl(settings.mirror, pin.tag, file.path);
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  let bytes: Uint8Array;
  try {
    const response = await request(url, {
      method: "GET",
      dispatcher,
      signal: AbortSignal.any([cancelled, deadline]),
      headers: { "user-agent": "create-mesos-framework-proto" },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new ProtoResolveError(
        "ERR_PROTO_DOWNLOAD",
        `Downloading the Mesos ${version} protos failed: ${url} answered HTTP ${response.statusCode}. ` +
          `Check that the mirror ${settings.mirror} serves tag ${pin.tag}. ${LOCAL_PROTOS_HINT}`,
        { url, file: file.path },
      );
    }
    bytes = new Uint8Array(await response.body.arrayBuffer());
  } catch (error) {
    if (error instanceof ProtoResolveError || cancelled.aborted) throw error;
    throw downloadFailure(error, url, version, deadline.aborted, settings.timeoutMs);
  }

  const actual = sha256(bytes);
  if (actual !== file.sha256) {
    throw new ProtoResolveError(
      "ERR_PROTO_HASH_MISMATCH",
      `${file.path} downloaded from ${url} does not match the pinned Mesos ${version} file: ` +
        `expected sha256 ${file.sha256}, got ${actual}. Nothing was cached. The mirror may serve ` +
        `other or tampered content. ${LOCAL_PROTOS_HINT}`,
      { url, file: file.path, expected: file.sha256, actual },
    );
  }
  return bytes;
}

/** A dispatcher that follows redirects and honours HTTP_PROXY, HTTPS_PROXY and NO_PROXY from `env`. */
function createDispatcher(env: Environment): Dispatcher {
  // Empty strings, not undefined, so undici never falls back to process.env
  // behind the caller's back when an explicit environment was passed in.
  return new EnvHttpProxyAgent({
    httpProxy: envValue(env, "HTTP_PROXY") ?? envValue(env, "http_proxy") ?? "",
    httpsProxy: envValue(env, "HTTPS_PROXY") ?? envValue(env, "https_proxy") ?? "",
    noProxy: envValue(env, "NO_PROXY") ?? envValue(env, "no_proxy") ?? "",
    connections: 4,
  }).compose(interceptors.redirect({ maxRedirections: 5 }));
}

/**
 * Downloads exactly the pinned files of a version and verifies every one
 * against its sha256; resolves to the bytes by path only when all of them
 * match, so nothing unverified ever reaches the disk.
 */
export async function downloadPinnedFiles(
  version: string,
  pin: VersionPin,
  settings: DownloadSettings,
): Promise<Map<string, Uint8Array>> {
  const protocol = URL.canParse(settings.mirror) ? new URL(settings.mirror).protocol : undefined;
  if (protocol !== "https:" && protocol !== "http:") {
    throw new ProtoResolveError(
      "ERR_PROTO_DOWNLOAD",
      `The proto mirror ${JSON.stringify(settings.mirror)} is not an http(s) URL. ${LOCAL_PROTOS_HINT}`,
      { url: settings.mirror },
    );
  }

  const dispatcher = createDispatcher(settings.env);
  // The first failure cancels the other downloads; its error is the one reported.
  const cancel = new AbortController();
  let firstError: unknown;
  try {
    const results = await Promise.allSettled(
      pin.files.map((file) =>
        fetchPinnedFile(file, version, pin, settings, dispatcher, cancel.signal).catch((error: unknown) => {
          if (!cancel.signal.aborted) {
            firstError = error;
            cancel.abort();
          }
          throw error;
        }),
      ),
    );
    if (firstError !== undefined) throw firstError;
    const contents = new Map<string, Uint8Array>();
    results.forEach((result, index) => {
      const file = pin.files[index];
      if (result.status === "fulfilled" && file !== undefined) contents.set(file.path, result.value);
    });
    return contents;
  } finally {
    // Destroy rather than close: keep-alive sockets would hold a CLI open for seconds.
    await dispatcher.destroy();
  }
}
