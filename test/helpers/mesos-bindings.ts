/**
 * Generates the bindings of a Mesos version from ../shared into a scratch
 * directory and imports them, so tests exercise exactly what users get.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate, writeOutput, type GeneratorConfig } from "@create-mesos-framework/generator";
import type { MessageType } from "@create-mesos-framework/runtime/codec";
import { protoRoot, v1Files } from "./shared.js";
import { scratchDir } from "./typecheck.js";

/** The codec objects of the generated modules, by module then export name. */
export interface MesosBindings {
  readonly dir: string;
  readonly mesos: Record<string, unknown>;
  readonly scheduler: Record<string, unknown>;
  readonly executor: Record<string, unknown>;
  /** A message codec by fully-qualified proto name, e.g. `mesos.v1.scheduler.Call`. */
  codec<T = Record<string, unknown>>(typeName: string): MessageType<T>;
  /** Removes the scratch directory. */
  dispose(): void;
}

/** Generates and imports the bindings of `version`. */
export async function loadMesosBindings(version: string, config: GeneratorConfig = {}): Promise<MesosBindings> {
  const dir = scratchDir(`bindings-${version}`);
  const { files, ir } = generate({ importPaths: [protoRoot(version)], files: v1Files(version), config });
  writeOutput(dir, files);
  const load = (rel: string) => import(pathToFileURL(path.join(dir, rel)).href) as Promise<Record<string, unknown>>;
  const modules = new Map<string, Record<string, unknown>>();
  for (const f of ir.files) modules.set(f.path, await load(f.path.replace(/\.proto$/, ".ts")));
  const byTypeName = new Map<string, MessageType<unknown>>();
  for (const mod of modules.values()) {
    for (const value of Object.values(mod)) {
      const candidate = value as Partial<MessageType<unknown>>;
      if (
        candidate &&
        typeof candidate === "object" &&
        typeof candidate.typeName === "string" &&
        "fromBinary" in candidate
      ) {
        byTypeName.set(candidate.typeName, candidate as MessageType<unknown>);
      }
    }
  }
  return {
    dir,
    mesos: modules.get("mesos/v1/mesos.proto")!,
    scheduler: modules.get("mesos/v1/scheduler/scheduler.proto")!,
    executor: modules.get("mesos/v1/executor/executor.proto")!,
    codec<T>(typeName: string): MessageType<T> {
      const c = byTypeName.get(typeName);
      if (!c) throw new Error(`no codec for ${typeName}`);
      return c as MessageType<T>;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
