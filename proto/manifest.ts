import manifestJson from "./manifest.json" with { type: "json" };

/** One pinned proto file: its path relative to the import root and the sha256 of its bytes. */
export interface PinnedFile {
  /** Forward-slash path relative to the import root, e.g. `mesos/v1/scheduler/scheduler.proto`. */
  path: string;
  /** Lower-case hex sha256 of the file as published at the version's tag. */
  sha256: string;
}

/** What the manifest records for one Mesos version. */
export interface VersionPin {
  /** The git tag of the release in the Apache Mesos repository. */
  tag: string;
  /** The v1 proto files of the release, sorted by path. */
  files: PinnedFile[];
}

/** The shape of `manifest.json`, written by `scripts/pin-version.mjs`. */
export interface ProtoManifest {
  comment: string;
  versions: Record<string, VersionPin>;
}

// The JSON import is typed from the file itself; this assignment checks it
// against the declared shape at compile time.
const manifest: ProtoManifest = manifestJson;

/** Compares two major.minor.patch versions numerically, so "1.9.0" sorts before "1.10.0". */
export function compareVersions(a: string, b: string): number {
  const partsA = a.split(".").map(Number);
  const partsB = b.split(".").map(Number);
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The Mesos versions whose proto files are pinned in the manifest, oldest first. */
export function knownVersions(): string[] {
  return Object.keys(manifest.versions).sort(compareVersions);
}

/** The pin of a known version, or undefined when the manifest does not list it. */
export function versionPin(version: string): VersionPin | undefined {
  // Object.hasOwn keeps names such as "constructor" from reaching the prototype.
  return Object.hasOwn(manifest.versions, version) ? manifest.versions[version] : undefined;
}
