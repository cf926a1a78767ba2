export interface BenchOptions { json: boolean; quick: boolean }
/** GEMM benchmark (to be written). */
export async function runGemmBench(_o: BenchOptions): Promise<unknown> {
  return [];
}
