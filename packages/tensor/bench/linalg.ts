import type { BenchOptions } from "./gemm";
/** Linear-algebra benchmark (to be written). */
export async function runLinalgBench(_o: BenchOptions): Promise<unknown> {
  return [];
}
