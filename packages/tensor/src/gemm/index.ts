export { matmul } from "./matmul";
export type { MatmulOptions } from "./matmul";
export { gemm } from "./dispatch";
export { gemmReference } from "./reference";
export type { GemmArgs, GemmKernel } from "./contract";
