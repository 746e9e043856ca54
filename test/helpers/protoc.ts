/** Runs protoc (the reference implementation) on stdin/stdout, for oracle tests. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** True when protoc is installed. */
export function hasProtoc(): boolean {
  return spawnSync("protoc", ["--version"]).status === 0;
}

/** Runs `protoc <args>` with `input` on stdin; throws with protoc's message on failure. */
export function protoc(args: readonly string[], input: Uint8Array | string): Buffer {
  const r = spawnSync("protoc", args, { input, maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`protoc ${args.join(" ")} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Writes a wrapper `.proto` with `message Batch { repeated <type> items = 1; }` and returns its import dir. */
export function batchProto(importFile: string, typeName: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cmf-oracle-"));
  writeFileSync(
    path.join(dir, "cmf_oracle_batch.proto"),
    `syntax = "proto2";\npackage cmf_oracle;\nimport "${importFile}";\nmessage Batch { repeated ${typeName} items = 1; }\n`,
  );
  return dir;
}

/** Concatenates encoded messages as the items (field 1) of a Batch. */
export function encodeBatch(items: readonly Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  for (const item of items) {
    parts.push(0x0a);
    let n = item.length;
    while (n > 0x7f) {
      parts.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    parts.push(n);
    for (const b of item) parts.push(b);
  }
  return Uint8Array.from(parts);
}

/** Splits Batch bytes back into the items' encodings. */
export function decodeBatch(bytes: Uint8Array): Uint8Array[] {
  const items: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos++] !== 0x0a) throw new Error("not a Batch");
    let len = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[pos++]!;
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    items.push(bytes.subarray(pos, pos + len));
    pos += len;
  }
  return items;
}
