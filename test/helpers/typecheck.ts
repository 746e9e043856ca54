/** Runs the TypeScript compiler (strict, no emit) over a directory, for tests of generated code. */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./shared.js";

const run = promisify(execFile);

/** A scratch directory inside the repository (so workspace packages resolve), cleaned by the caller. */
export function scratchDir(name: string): string {
  const dir = path.join(REPO_ROOT, "test/.generated", `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Type-checks every `.ts` file under `dir` with `tsc --strict --noEmit`; resolves to the compiler's output and exit code. */
export async function typecheck(dir: string): Promise<{ code: number; output: string }> {
  const config = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      customConditions: ["source"],
    },
    include: ["**/*.ts"],
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  try {
    const { stdout } = await run(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], {
      maxBuffer: 64 << 20,
    });
    return { code: 0, output: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}
