/**
 * One residual block `B = S ⊙ (u vt)`: a packed sign matrix and a rank-`k` factorisation of the
 * magnitudes (official `qweight_i`, `u_i`, `vt_i`).
 */
export interface AvdBlock {
  /** Packed signs, `ceil(rows * cols / 8)` bytes, row-major, first element in the MSB (see `packSigns`). */
  signs: Uint8Array;
  /** `rows x k` left factor, row-major: fp16 bit patterns (`Uint16Array`) or exact float64 values. */
  u: Uint16Array | Float64Array;
  /** `k x cols` right factor, row-major: fp16 bit patterns (`Uint16Array`) or exact float64 values. */
  vt: Uint16Array | Float64Array;
}

/** A linear weight (`rows x cols`, PyTorch `out x in`) as a stack of residual blocks. */
export interface BitStackLinear {
  /** The module prefix, e.g. `"model.layers.0.self_attn.q_proj"`. */
  name: string;
  rows: number;
  cols: number;
  /** Rank of each block's magnitude factorisation. */
  k: number;
  /** Blocks in residual order (block 0 first). */
  blocks: AvdBlock[];
  /** Bias as fp16 bit patterns, when the linear has one. */
  bias?: Uint16Array;
  /** Column scales `s` when they were NOT folded into the previous op (reconstruction divides by them). */
  colScale?: Float32Array;
  /**
   * `||R_t||_F` of the (scaled) weight for `t = 0..blocks.length` as computed during decomposition
   * (float64 factors, before fp16 rounding); absent on stacks read back from a file.
   */
  residualNorms?: number[];
}
