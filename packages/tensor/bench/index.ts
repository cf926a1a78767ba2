// `pnpm --filter @wc/tensor bench [--json] [--only gemm|linalg] [--quick]`: GEMM and linear-algebra
// benchmarks side by side with NumPy/SciPy (via python3, when present) and JavaScript peers.
import { setFlagsFromString } from "node:v8";
import { wasmGemmVariant } from "../src/index";
import { runGemmBench } from "./gemm";
import { runLinalgBench } from "./linalg";

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const quick = argv.includes("--quick");
const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
// Node 20 keeps WebAssembly relaxed SIMD behind a flag (Node 22+ has it on): turn it on so the
// fused-multiply-add kernels can be timed too, then select the plain SIMD kernels, Node 20's
// default, for every row that does not name the relaxed variant.
setFlagsFromString("--experimental-wasm-relaxed-simd");
wasmGemmVariant({ relaxed: false });
const results: Record<string, unknown> = {};
if (!only || only === "gemm") results.gemm = await runGemmBench({ json, quick });
if (!only || only === "linalg") results.linalg = await runLinalgBench({ json, quick });
if (json) console.log(JSON.stringify(results, null, 2));
