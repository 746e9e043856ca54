import path from "node:path";
import type { VersionPin } from "./manifest.js";
import { sha256OfFile } from "./proto-files.js";

/** One way a set of proto files departs from a version's pins. */
export type PinDifference =
  | { kind: "missing"; file: string; expected: string }
  | { kind: "changed"; file: string; expected: string; actual: string }
  | { kind: "extra"; file: string };

/**
 * Compares the pinned files of a version with the files under `root`.
 * `presentFiles` lists what the directory holds, to report files the pins do
 * not know; leave it out to check only the pinned files (as the cache does).
 */
export async function checkAgainstPin(
  root: string,
  pin: VersionPin,
  presentFiles?: readonly string[],
): Promise<PinDifference[]> {
  const differences: PinDifference[] = [];
  for (const { path: file, sha256: expected } of pin.files) {
    const actual = await sha256OfFile(path.join(root, ...file.split("/")));
    if (actual === undefined) differences.push({ kind: "missing", file, expected });
    else if (actual !== expected) differences.push({ kind: "changed", file, expected, actual });
  }
  if (presentFiles !== undefined) {
    const pinned = new Set(pin.files.map((file) => file.path));
    for (const file of presentFiles) {
      if (!pinned.has(file)) differences.push({ kind: "extra", file });
    }
  }
  return differences;
}

/** Renders differences one per line, for warnings and error messages. */
export function describeDifferences(differences: readonly PinDifference[]): string {
  return differences
    .map((difference) => {
      switch (difference.kind) {
        case "missing":
          return `  missing ${difference.file}`;
        case "changed":
          return (
            `  changed ${difference.file}: expected sha256 ${difference.expected}, ` + `found ${difference.actual}`
          );
        case "extra":
          return `  extra   ${difference.file} (not part of the pinned release)`;
      }
    })
    .join("\n");
}
