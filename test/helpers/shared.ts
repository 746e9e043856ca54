/** Paths of the read-only references beside the repository (../shared), for tests. */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** ../shared, next to the repository. */
export const SHARED = path.resolve(REPO_ROOT, "../shared");
/** Real bytes recorded from a Mesos cluster. */
export const FIXTURES = path.join(SHARED, "fixtures/real-mesos-1.12.0-dev");

/** Mesos versions whose protos are in ../shared/mesos-proto, oldest first. */
export function mesosVersions(): string[] {
  return readdirSync(path.join(SHARED, "mesos-proto"))
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/** The import root of a version's protos. */
export function protoRoot(version: string): string {
  return path.join(SHARED, "mesos-proto", version);
}

/** Every `.proto` file of a version, relative to its import root. */
export function v1Files(version: string): string[] {
  const root = protoRoot(version);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".proto")) out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  walk(root);
  return out;
}
