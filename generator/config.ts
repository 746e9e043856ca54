/**
 * Generator settings: how 64-bit integers are represented, per-field
 * overrides, and which union-pattern messages stay plain — all without editing
 * the `.proto` files. Read from a JSON file with `--config`.
 */
import { readFileSync } from "node:fs";
import type { Int64Mode } from "@create-mesos-framework/runtime/codec/schema";
import { GeneratorError } from "./parse/errors.js";

/** Settings of one generation run. */
export interface GeneratorConfig {
  /** Representation of int64/uint64 fields; default `bigint` (exact). */
  readonly int64?: Int64Mode;
  /** Per-field settings, keyed by fully-qualified field name, e.g. `mesos.v1.Value.Range.begin`. */
  readonly fields?: Readonly<Record<string, { readonly int64?: Int64Mode }>>;
  /** Union-pattern messages (fully-qualified names) to emit as plain interfaces. */
  readonly plainMessages?: readonly string[];
  /** Module specifier of the codec runtime imported by generated files. */
  readonly runtimeImport?: string;
}

/** The codec runtime generated files import by default. */
export const DEFAULT_RUNTIME_IMPORT = "@create-mesos-framework/runtime/codec";

/** Reads and checks a JSON config file. */
export function readConfigFile(file: string): GeneratorConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new GeneratorError("ERR_GENERATOR_CONFIG", `cannot read config file: ${(e as Error).message}`, file);
  }
  return checkConfig(raw, file);
}

/** Checks the shape of a config object, with errors that name the bad key. */
export function checkConfig(raw: unknown, where = "config"): GeneratorConfig {
  const fail = (what: string): never => {
    throw new GeneratorError("ERR_GENERATOR_CONFIG", what, where);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail("expected a JSON object");
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!["$schema", "int64", "fields", "plainMessages", "runtimeImport"].includes(key)) {
      fail(`unknown key "${key}" (expected int64, fields, plainMessages, runtimeImport)`);
    }
  }
  checkInt64(config.int64, "int64", fail);
  if (config.fields !== undefined) {
    if (typeof config.fields !== "object" || config.fields === null || Array.isArray(config.fields)) {
      fail(`"fields" must be an object keyed by field name`);
    }
    for (const [name, setting] of Object.entries(config.fields as Record<string, unknown>)) {
      if (typeof setting !== "object" || setting === null)
        fail(`"fields.${name}" must be an object like {"int64": "number"}`);
      checkInt64((setting as Record<string, unknown>).int64, `fields.${name}.int64`, fail);
    }
  }
  if (config.plainMessages !== undefined) {
    if (!Array.isArray(config.plainMessages) || config.plainMessages.some((m) => typeof m !== "string")) {
      fail(`"plainMessages" must be an array of message names`);
    }
  }
  if (config.runtimeImport !== undefined && typeof config.runtimeImport !== "string")
    fail(`"runtimeImport" must be a string`);
  return config as GeneratorConfig;
}

function checkInt64(value: unknown, key: string, fail: (what: string) => never): void {
  if (value !== undefined && value !== "bigint" && value !== "number") fail(`"${key}" must be "bigint" or "number"`);
}
