import { createHash } from "node:crypto";
import { readFile, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** The lower-case hex sha256 of some bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The sha256 of a file, or undefined when it cannot be read (missing, a directory, no permission). */
export async function sha256OfFile(file: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(file));
  } catch {
    return undefined;
  }
}

/** Whether a path exists and is a directory, following symbolic links. */
export async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a path exists and is a regular file, following symbolic links. */
export async function isFile(target: string): Promise<boolean> {
  try {
    return (await stat(target)).isFile();
  } catch {
    return false;
  }
}

/** Converts a relative path to the forward-slash form used in imports and in the manifest. */
export function toPosixPath(relative: string): string {
  return relative.split(path.sep).join("/");
}

/**
 * Lists the `.proto` files under `root/start`, recursively, as sorted forward-slash
 * paths relative to `root`; skips `node_modules` and hidden directories.
 */
export async function listProtoFiles(root: string, start = "."): Promise<string[]> {
  const found: string[] = [];
  // Symbolic links are followed (test layouts and install prefixes use them),
  // so real paths are remembered to stop a link cycle from recursing forever.
  const visited = new Set<string>();

  async function walk(relative: string): Promise<void> {
    const absolute = path.join(root, relative);
    const real = await realpath(absolute);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      const childPath = path.join(root, child);
      const directory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(childPath)));
      if (directory) {
        if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        await walk(child);
      } else if (entry.name.endsWith(".proto") && (await isFile(childPath))) {
        found.push(toPosixPath(path.normalize(child)));
      }
    }
  }

  await walk(start);
  return found.sort();
}
