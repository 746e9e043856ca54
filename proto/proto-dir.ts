import { realpath } from "node:fs/promises";
import path from "node:path";
import { ProtoResolveError } from "./errors.js";
import { isDirectory, listProtoFiles } from "./proto-files.js";

/** The proto files found in a user-supplied directory. */
export interface DirectoryProtos {
  /** Absolute import root: imports such as `mesos/v1/mesos.proto` resolve against it. */
  root: string;
  /** Entry files relative to `root`, sorted, forward slashes. */
  files: string[];
  /** True when the files are Mesos v1 protos (found under `mesos/v1`), so pins apply. */
  isMesos: boolean;
}

/** Where the Mesos v1 import root would be for each directory layout a user may point at. */
function mesosRootCandidates(dir: string): string[] {
  const parent = path.dirname(dir);
  const candidates = [
    dir, // a plain import root: <dir>/mesos/v1
    path.join(dir, "include"), // a source checkout or an install prefix such as /usr
  ];
  if (path.basename(dir) === "v1" && path.basename(parent) === "mesos") {
    candidates.push(path.dirname(parent)); // the mesos/v1 directory itself
  }
  if (path.basename(dir) === "mesos") {
    candidates.push(parent); // the mesos directory, e.g. /usr/include/mesos
  }
  return candidates;
}

/**
 * Finds the proto files in a directory given by the user, whatever its layout:
 * an import root, a Mesos checkout, an install prefix, `mesos/v1` itself, or any
 * directory of non-Mesos `.proto` files. `sourceLabel` names where the directory
 * came from (`--proto-dir`, `MESOS_PROTO_DIR`) so errors point at the right knob.
 */
export async function findProtosInDirectory(dir: string, sourceLabel: string): Promise<DirectoryProtos> {
  const absolute = path.resolve(dir);
  if (!(await isDirectory(absolute))) {
    throw new ProtoResolveError(
      "ERR_PROTO_DIR_NOT_FOUND",
      `${sourceLabel} ${absolute} does not exist or is not a directory. ` +
        `Pass a Mesos source checkout, an install prefix such as /usr, or a directory of .proto files.`,
    );
  }

  // The layout is judged on both the given path and its real path, so a
  // symbolic link named differently from its target (…/v1 → elsewhere) still works.
  const real = await realpath(absolute);
  const candidates = [...mesosRootCandidates(absolute), ...mesosRootCandidates(real)];
  for (const root of new Set(candidates)) {
    if (!(await isDirectory(path.join(root, "mesos", "v1")))) continue;
    const files = await listProtoFiles(root, path.join("mesos", "v1"));
    if (files.length > 0) return { root, files, isMesos: true };
  }

  const files = await listProtoFiles(absolute);
  if (files.length === 0) {
    throw new ProtoResolveError(
      "ERR_PROTO_NO_FILES",
      `${sourceLabel} ${absolute} holds no .proto files: looked for mesos/v1, include/mesos/v1 ` +
        `and any .proto file below it (skipping node_modules and hidden directories). ` +
        `Point it at a Mesos source checkout, an install prefix such as /usr, or a directory of .proto files.`,
    );
  }
  return { root: absolute, files, isMesos: false };
}
