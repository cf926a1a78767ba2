import { Var } from "@wc/nn";
import { Rng, WcError, tensor, type FloatArray, type FloatDType } from "@wc/tensor";

/** Per-layer binary masks: 1 keeps a weight, 0 prunes it (one `Uint8Array` per prunable weight). */
export type Masks = Uint8Array[];

/** Options of {@link maskFromScores}. */
export interface MaskFromScoresOptions {
  /** Keep the highest scores (default, every method) or the lowest (the "inverted" sanity check). */
  keep?: "highest" | "lowest";
}

/**
 * The number of weights a global mask of density `density` keeps: `floor(density * d)`.
 * @param density - fraction in (0, 1]
 * @param d - number of prunable weights
 * @returns the count
 * @throws {WcError} `E_RANGE` for a density outside (0, 1] or one that keeps no weight.
 * @example
 * keepCount(0.01, 25856); // 258
 */
export function keepCount(density: number, d: number): number {
  checkDensity(density, "keepCount");
  const k = Math.floor(density * d + 1e-9);
  if (k < 1) throw new WcError("E_RANGE", `keepCount: density ${density} of ${d} weights keeps no weight; raise the density`);
  return k;
}

/** @internal */
export function checkDensity(density: number, where: string): void {
  if (!(typeof density === "number" && density > 0 && density <= 1)) {
    throw new WcError("E_RANGE", `${where}: density must be a number in (0, 1], got ${String(density)}`);
  }
}

/**
 * A global mask keeping exactly `floor(density * d)` weights with the highest (or lowest) scores
 * over all layers together. Ties are broken by position (earlier layer, then lower index, first).
 * @param scores - one score array per layer (not modified)
 * @param density - fraction of all weights to keep, in (0, 1]
 * @param options - see {@link MaskFromScoresOptions}
 * @returns new masks, one per layer
 * @throws {WcError} `E_RANGE` for a bad density or NaN scores; `E_ARGUMENT` for no scores.
 * @example
 * maskFromScores([Float64Array.of(3, 1), Float64Array.of(2, 0)], 0.5); // [[1, 0], [1, 0]]
 */
export function maskFromScores(scores: readonly ArrayLike<number>[], density: number, options: MaskFromScoresOptions = {}): Masks {
  if (scores.length === 0) throw new WcError("E_ARGUMENT", "maskFromScores: expected at least one score array, got none");
  const d = scores.reduce((s, a) => s + a.length, 0);
  return topKMask(scores, keepCount(density, d), (options.keep ?? "highest") === "highest" ? 1 : -1);
}

/**
 * Global top-k mask keeping exactly `k` entries (ties by position). @internal
 * @throws {WcError} `E_RANGE` for NaN scores or k outside [0, d].
 */
export function topKMask(scores: readonly ArrayLike<number>[], k: number, sign = 1): Masks {
  const d = scores.reduce((s, a) => s + a.length, 0);
  if (!Number.isInteger(k) || k < 0 || k > d) throw new WcError("E_RANGE", `topKMask: k must be an integer in [0, ${d}], got ${k}`);
  const flat = new Float64Array(d);
  const layerOf = new Int32Array(d);
  let o = 0;
  scores.forEach((a, l) => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (Number.isNaN(v)) throw new WcError("E_RANGE", `maskFromScores: layer ${l} score ${i} is NaN; scores must be numbers (Infinity is allowed)`);
      flat[o] = sign * v;
      layerOf[o++] = l;
    }
  });
  const order = Int32Array.from({ length: d }, (_, i) => i).sort((a, b) => flat[b]! - flat[a]! || a - b);
  const out = scores.map((a) => new Uint8Array(a.length));
  const starts: number[] = [];
  let s = 0;
  for (const a of scores) {
    starts.push(s);
    s += a.length;
  }
  for (let r = 0; r < k; r++) {
    const g = order[r]!;
    const l = layerOf[g]!;
    out[l]![g - starts[l]!] = 1;
  }
  return out;
}

/**
 * A uniformly random global mask keeping exactly `floor(density * d)` weights.
 * @param sizes - number of weights per layer
 * @param density - fraction kept, in (0, 1]
 * @param seed - seed or Rng
 * @returns new masks
 * @throws {WcError} `E_RANGE` for a bad density or sizes.
 * @example
 * randomMask([100, 50], 0.1, 0);
 */
export function randomMask(sizes: readonly number[], density: number, seed: number | Rng): Masks {
  for (const n of sizes) if (!Number.isInteger(n) || n < 0) throw new WcError("E_RANGE", `randomMask: layer sizes must be integers >= 0, got ${n}`);
  const rng = typeof seed === "number" ? new Rng(seed) : seed;
  const d = sizes.reduce((a, b) => a + b, 0);
  const k = keepCount(density, d);
  const perm = rng.permutation(d);
  const flat = new Uint8Array(d);
  for (let i = 0; i < k; i++) flat[perm[i]!] = 1;
  const out: Masks = [];
  let o = 0;
  for (const n of sizes) {
    out.push(flat.slice(o, o + n));
    o += n;
  }
  return out;
}

/**
 * Sanity check (a): permutes each layer's mask at random, keeping every layer's density.
 * @param masks - the ticket (not modified)
 * @param seed - seed or Rng
 * @returns new masks with the same per-layer counts
 * @example
 * shuffleLayerwise(ticket, 1);
 */
export function shuffleLayerwise(masks: readonly Uint8Array[], seed: number | Rng): Masks {
  const rng = typeof seed === "number" ? new Rng(seed) : seed;
  return masks.map((m) => {
    const perm = rng.permutation(m.length);
    const out = new Uint8Array(m.length);
    for (let i = 0; i < m.length; i++) out[perm[i]!] = m[i]!;
    return out;
  });
}

/**
 * Sanity check (b): the inverted ticket, keeping the same number of weights with the lowest scores.
 * @param scores - the method's scores (for CTS its final logits)
 * @param density - fraction kept
 * @returns new masks
 * @throws {WcError} as {@link maskFromScores}.
 * @example
 * invertScores(result.logits, 0.05);
 */
export function invertScores(scores: readonly ArrayLike<number>[], density: number): Masks {
  return maskFromScores(scores, density, { keep: "lowest" });
}

/** Fraction of kept weights, overall and per layer. */
export interface MaskDensity {
  overall: number;
  kept: number;
  total: number;
  perLayer: number[];
}

/**
 * Overall and per-layer density of masks.
 * @param masks - the masks
 * @returns kept counts and fractions
 * @example
 * maskDensity(ticket).overall;
 */
export function maskDensity(masks: readonly Uint8Array[]): MaskDensity {
  let kept = 0;
  let total = 0;
  const perLayer = masks.map((m) => {
    let c = 0;
    for (let i = 0; i < m.length; i++) c += m[i]!;
    kept += c;
    total += m.length;
    return m.length === 0 ? 0 : c / m.length;
  });
  return { overall: total === 0 ? 0 : kept / total, kept, total, perLayer };
}

/** Constant mask Vars of a dtype, shaped like the weights. @internal */
export function maskVars(masks: readonly Uint8Array[], shapes: readonly (readonly number[])[], dtype: FloatDType): Var[] {
  return masks.map((m, i) => {
    const a: FloatArray = dtype === "float32" ? new Float32Array(m.length) : new Float64Array(m.length);
    for (let j = 0; j < m.length; j++) a[j] = m[j]!;
    return new Var(tensor(a, [...shapes[i]!]));
  });
}

/**
 * Checks masks against layer sizes. @internal
 * @throws {WcError} `E_SHAPE` on a count or size mismatch; `E_RANGE` on values other than 0/1.
 */
export function checkMasks(masks: readonly Uint8Array[], sizes: readonly number[], where: string): void {
  if (masks.length !== sizes.length) throw new WcError("E_SHAPE", `${where}: expected ${sizes.length} masks (one per prunable weight), got ${masks.length}`);
  masks.forEach((m, i) => {
    if (!(m instanceof Uint8Array) || m.length !== sizes[i]) {
      throw new WcError("E_SHAPE", `${where}: mask ${i} must be a Uint8Array of ${sizes[i]} entries, got ${m instanceof Uint8Array ? m.length : typeof m}`);
    }
    for (let j = 0; j < m.length; j++) if (m[j]! > 1) throw new WcError("E_RANGE", `${where}: mask ${i} entry ${j} is ${m[j]}; masks hold 0 or 1`);
  });
}
