/**
 * Where the framework ID is kept between runs. A scheduler that restarts must
 * re-subscribe with its old ID to get its tasks back, so the ID is saved
 * before any event after SUBSCRIBED is handled.
 */
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** Keeps the framework ID; `clear()` when Mesos removed the framework. */
export interface FrameworkIdStore {
  load(): Promise<string | undefined>;
  save(frameworkId: string): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps the ID in memory only: a restarted scheduler registers as a new framework. */
export class MemoryFrameworkIdStore implements FrameworkIdStore {
  constructor(private frameworkId?: string) {}

  async load(): Promise<string | undefined> {
    return this.frameworkId;
  }

  async save(frameworkId: string): Promise<void> {
    this.frameworkId = frameworkId;
  }

  async clear(): Promise<void> {
    this.frameworkId = undefined;
  }
}

/** Keeps the ID in a file, written atomically (temporary file, fsync, rename) so a crash never leaves half an ID. */
export class FileFrameworkIdStore implements FrameworkIdStore {
  constructor(readonly path: string) {}

  async load(): Promise<string | undefined> {
    try {
      const text = (await readFile(this.path, "utf8")).trim();
      return text === "" ? undefined : text;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async save(frameworkId: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, "w", 0o644);
    try {
      await handle.writeFile(`${frameworkId}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
