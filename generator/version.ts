/** Version of the generator, recorded in generated files (changing it marks bindings stale). */
export const GENERATOR_VERSION = "0.1.0";
