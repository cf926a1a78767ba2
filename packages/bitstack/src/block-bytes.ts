import { WcError } from "@wc/tensor";

/**
 * Bytes one residual block occupies: the packed signs (`ceil(rows * cols / 8)`) plus the two fp16
 * factors (`2 * k * (rows + cols)`). With `k = 16` a 4096 x 4096 block is 2,359,296 bytes, 1.125
 * bit per weight.
 * @param rows - output features `m`
 * @param cols - input features `n`
 * @param k - factor rank
 * @returns the block size in bytes
 * @throws {WcError} `E_RANGE` for a non-positive or non-integer size.
 * @example
 * blockBytes(4096, 4096, 16); // 2359296
 */
export function blockBytes(rows: number, cols: number, k: number): number {
  for (const [v, what] of [[rows, "rows"], [cols, "cols"], [k, "k"]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new WcError("E_RANGE", `blockBytes: ${what} must be a positive integer, got ${v}`);
  }
  return Math.ceil((rows * cols) / 8) + 2 * k * (rows + cols);
}
