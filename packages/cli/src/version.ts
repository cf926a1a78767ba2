/** The @wc/cli version (kept in step with package.json by the build's define; fallback for tests). */
export const VERSION: string = typeof __WC_CLI_VERSION__ === "string" ? __WC_CLI_VERSION__ : "0.0.0-dev";
declare const __WC_CLI_VERSION__: string | undefined;
