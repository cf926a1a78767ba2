#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { main } from "./main";

// WebAssembly relaxed SIMD gives @wc/tensor's GEMM fused multiply-adds (about 25% faster here). Node
// 22+ enables it by default; Node 20 keeps it behind a V8 flag, which an application may set before
// its first WebAssembly compile. WCRAFT_RELAXED_SIMD=0 keeps the plain SIMD kernels.
if (Number(process.versions.node.split(".")[0]) < 22 && process.env.WCRAFT_RELAXED_SIMD !== "0") {
  setFlagsFromString("--experimental-wasm-relaxed-simd");
}

process.on("SIGINT", () => {
  process.stderr.write("\nwcraft: interrupted; no partial output was written\n");
  process.exit(130);
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wcraft: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
