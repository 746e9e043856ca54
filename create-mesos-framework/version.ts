/** Version of the CLI package. */
export const VERSION = "0.1.0";
