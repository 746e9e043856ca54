/** The `index.ts` of generated bindings: one namespace export per proto file. */
import type { FileIR } from "../ir/types.js";
import { modulePath } from "./naming.js";

/** Emits `index.ts`, exporting each module under its file's base name (or its path where base names clash). */
export function emitIndex(files: readonly FileIR[], banner: string): string {
  const base = (f: FileIR): string =>
    f.path
      .split("/")
      .pop()!
      .replace(/\.proto$/, "")
      .replace(/[^A-Za-z0-9_]/g, "_");
  const counts = new Map<string, number>();
  for (const f of files) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
  const lines = [`// ${banner}`, "// Do not edit: regenerate instead.", ""];
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = counts.get(base(f))! > 1 ? f.path.replace(/\.proto$/, "").replace(/[^A-Za-z0-9_]/g, "_") : base(f);
    lines.push(`export * as ${name} from "./${modulePath(f.path).replace(/\.ts$/, ".js")}";`);
  }
  return lines.join("\n") + "\n";
}
