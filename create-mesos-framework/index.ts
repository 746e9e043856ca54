/** Programmatic entry of the CLI (for tests and tools). */
export { main } from "./main.js";
export type { Io } from "./io.js";
export { VERSION } from "./version.js";
