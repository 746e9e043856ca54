/**
 * Turns the `master` option into a detector: a ready detector, a list of
 * masters, or a `zk://` URL. The ZooKeeper client is loaded only when used.
 */
import type { Logger } from "../logger.js";
import { parseMasterList } from "./endpoint.js";
import type { MasterDetector } from "./master-detector.js";
import { StaticMasterDetector } from "./static-detector.js";

/** Where the masters are: `host:port`, URLs, a comma-separated list, `zk://host:port/mesos`, or a detector. */
export type MasterSpec = string | readonly string[] | MasterDetector;

/** Options that shape the base URLs a detector hands out. */
export interface DetectorOptions {
  /** Scheme for masters given without one, and for ZooKeeper-detected masters (default http). */
  readonly scheme?: "http" | "https";
  readonly logger?: Logger;
}

/** Whether a value is a detector rather than an address. */
export function isMasterDetector(value: unknown): value is MasterDetector {
  return typeof (value as MasterDetector | undefined)?.leader === "function";
}

/** Builds the detector for a master spec; the caller closes it. */
export async function createMasterDetector(spec: MasterSpec, options: DetectorOptions = {}): Promise<MasterDetector> {
  if (isMasterDetector(spec)) return spec;
  if (typeof spec === "string" && spec.trim().startsWith("zk://")) {
    const { ZooKeeperMasterDetector } = await import("./zookeeper-detector.js");
    return new ZooKeeperMasterDetector(spec.trim(), {
      ...(options.scheme ? { scheme: options.scheme } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }
  return new StaticMasterDetector(parseMasterList(spec, options.scheme));
}
