import type { GemmArgs } from "./contract";
import { gemmReference } from "./reference";

/**
 * Runs one GEMM with the fastest kernel available for its dtype and layout.
 * (Placeholder: the reference kernel, until the blocked TS and WASM kernels land.)
 */
export function gemm(args: GemmArgs): void {
  gemmReference(args);
}
