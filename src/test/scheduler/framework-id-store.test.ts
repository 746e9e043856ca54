import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileFrameworkIdStore, MemoryFrameworkIdStore } from "../../scheduler/framework-id-store.js";

describe("framework ID stores", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("memory: keeps, replaces and clears", async () => {
    const store = new MemoryFrameworkIdStore("f-0");
    expect(await store.load()).toBe("f-0");
    await store.save("f-1");
    expect(await store.load()).toBe("f-1");
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  it("file: survives a new instance, writes atomically and leaves no temporary file", async () => {
    dir = await mkdtemp(join(tmpdir(), "fwid-"));
    const path = join(dir, "state", "framework-id");
    expect(await new FileFrameworkIdStore(path).load()).toBeUndefined();
    await new FileFrameworkIdStore(path).save("5e2c-0001");
    expect(await readFile(path, "utf8")).toBe("5e2c-0001\n");
    expect(await new FileFrameworkIdStore(path).load()).toBe("5e2c-0001");
    expect(await readdir(join(dir, "state"))).toEqual(["framework-id"]);
    await new FileFrameworkIdStore(path).clear();
    expect(await new FileFrameworkIdStore(path).load()).toBeUndefined();
    await new FileFrameworkIdStore(path).clear();
  });
});
