// pnpm --filter @wc/bitstack bench [-- --n 512 --skip-repro]
// 1. reproduction: perplexity vs memory on the tiny Llama fixture vs RTN group-128 (2/3/4 bits);
// 2. speed: one n x n decomposition (16 blocks, rank 16) vs the NumPy loop; budget lookup on a 7B-sized table.
import { reproduce } from "./reproduce";
import { decompositionSpeed, lookupSpeed } from "./speed";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
if (!process.argv.includes("--skip-repro")) {
  await reproduce({ nIter: Number(arg("niter") ?? 8), k: Number(arg("k") ?? 1), calib: 16, score: 8, evalWindows: 16, seqLen: 128 });
}
console.log("");
lookupSpeed();
decompositionSpeed(Number(arg("n") ?? 512), 16, 16);
