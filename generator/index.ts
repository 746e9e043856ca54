/** The bindings generator: `.proto` files → typed TypeScript with exact codecs. */
export * from "./config.js";
export * from "./generate.js";
export * from "./output.js";
export * from "./parse/errors.js";
export { loadProtos, type LoadedProtos, type LoadedFile, type LoadOptions } from "./parse/load-protos.js";
export { buildIR } from "./ir/build-ir.js";
export type * from "./ir/types.js";
export { GENERATOR_VERSION } from "./version.js";
