// Reproduction of DIMAP's claims at CPU scale. Run: pnpm --filter @wc/dimap bench [-- --epochs 1 --seeds 3 --ratios 0.3,0.5,0.7,0.8,0.9 --skip-swin-t --only-dense]
// (about 15 minutes on a shared 2-core VM with the defaults; --epochs 0 skips fine-tuning, under a minute).
import { runDigitsSwin } from "./digits-swin";
import { runSwinT } from "./swin-t";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
console.log("# @wc/dimap reproduction (Node", process.version, ")");
if (!process.argv.includes("--skip-swin-t")) runSwinT();
const ri = process.argv.indexOf("--ratios");
const ratios = ri >= 0 ? process.argv[ri + 1]!.split(",").map(Number) : [0.3, 0.5, 0.7, 0.8, 0.9];
await runDigitsSwin({ epochs: arg("epochs", 1), seeds: arg("seeds", 3), ratios, onlyDense: process.argv.includes("--only-dense") });
