/**
 * Master addresses as users write them (`host:port`, `http(s)://host:port`,
 * comma-separated lists) and the API URLs built from them.
 */
import { MesosTransportError } from "./errors.js";

/** Port of a Mesos master when none is given. */
export const DEFAULT_MASTER_PORT = 5050;

/**
 * Parses `host[:port]` (port 5050 by default), `http://host:port[/prefix]`, `https://...`, or a
 * comma-separated list of them, into base URLs (no trailing slash).
 */
export function parseMasterList(spec: string | readonly string[], defaultScheme: "http" | "https" = "http"): URL[] {
  const items = (typeof spec === "string" ? spec.split(",") : spec).map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw badMaster(String(spec), "no master given");
  return items.map((item) => parseMaster(item, defaultScheme));
}

/** Parses one master address into its base URL. */
export function parseMaster(item: string, defaultScheme: "http" | "https" = "http"): URL {
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(item);
  const withScheme = hasScheme ? item : `${defaultScheme}://${item}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badMaster(item, "not a host:port or URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw badMaster(item, `unsupported scheme ${url.protocol}`);
  if (url.username || url.password) throw badMaster(item, "credentials belong in options.credentials, not in the URL");
  // A bare host means a master on its default port; a URL keeps its scheme's default (a proxy, usually).
  const authority = item.split("/", 1)[0]!;
  if (!hasScheme && !/:\d+$/.test(authority)) url.port = String(DEFAULT_MASTER_PORT);
  url.pathname = url.pathname.replace(/\/+$/, "");
  url.search = "";
  url.hash = "";
  return url;
}

/** The URL of an API endpoint (`/api/v1/scheduler`) below a base URL, keeping the base's path prefix. */
export function endpointUrl(base: URL, apiPath: string): URL {
  const url = new URL(base.href);
  const prefix = url.pathname.replace(/\/+$/, "");
  url.pathname = prefix.endsWith(apiPath) ? prefix : prefix + apiPath;
  return url;
}

/**
 * Resolves a 307's `Location` against the URL that was asked. Mesos sends the
 * protocol-relative form `//leader:5050/master/api/v1/scheduler`, which takes
 * the scheme of the request.
 */
export function resolveRedirect(location: string | undefined, current: URL): URL {
  if (!location) {
    throw new MesosTransportError("ERR_MESOS_BAD_REDIRECT", `${current.host} answered 307 without a Location header.`);
  }
  try {
    const target = new URL(location, current);
    if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error(target.protocol);
    return target;
  } catch {
    throw new MesosTransportError(
      "ERR_MESOS_BAD_REDIRECT",
      `${current.host} redirected to ${JSON.stringify(location)}, which is not an HTTP URL.`,
    );
  }
}

/** The scheme, host and port of a URL: the key of a connection pool. */
export function originOf(url: URL): string {
  return url.origin;
}

function badMaster(item: string, why: string): MesosTransportError {
  return new MesosTransportError(
    "ERR_MESOS_BAD_MASTER",
    `Invalid master address ${JSON.stringify(item)}: ${why}. Use host:port, http(s)://host:port, a comma-separated list of them, or zk://host:port/path.`,
  );
}
