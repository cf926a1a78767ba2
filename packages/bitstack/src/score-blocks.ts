import { WcError } from "@wc/tensor";
import type { BitStackLinear } from "./types";

/** Perplexity of one linear raised from `level` to `level + 1` blocks (official `{layer, ppl}`). */
export interface LayerPpl {
  layer: string;
  ppl: number;
}

/** Importance scores (official `reduced_ppl_average.json`, with `bit` called `level`). */
export interface BlockScores {
  /** Perplexity with every linear at all its blocks. */
  originalPpl: number;
  /** For `level = 1..nIter-1`: every linear at `level` blocks except one raised to `level + 1`. */
  reducedPpl: { level: number; ppls: LayerPpl[] }[];
}

/** Options of {@link scoreBlocks}. */
export interface ScoreBlocksOptions {
  /** Called after every evaluation (for progress); `done` counts from 1 to `total`. */
  onStep?: (step: { level: number; layer: string; ppl: number; done: number; total: number }) => void;
}

/** Evaluates perplexity with the given per-linear block counts (linears not in the map use all blocks). */
export type PplEvaluator = (counts: Map<string, number>) => Promise<number> | number;

function checkLayers(layers: readonly (BitStackLinear | string)[], nIter: number): string[] {
  if (!Number.isInteger(nIter) || nIter < 2) throw new WcError("E_RANGE", `scoreBlocks: nIter must be an integer >= 2, got ${nIter}`);
  const names = layers.map((l) => (typeof l === "string" ? l : l.name));
  if (names.length === 0) throw new WcError("E_ARGUMENT", "scoreBlocks: expected at least one layer");
  if (new Set(names).size !== names.length) throw new WcError("E_ARGUMENT", "scoreBlocks: layer names must be unique");
  for (const l of layers) {
    if (typeof l !== "string" && l.blocks.length < nIter) throw new WcError("E_RANGE", `scoreBlocks: "${l.name}" has ${l.blocks.length} blocks; nIter is ${nIter}`);
  }
  return names;
}

/**
 * Importance scores by perplexity, as the official `--score_importance` (main.py): the original
 * perplexity (every linear at `nIter` blocks), then for each level `b = 1..nIter-1` every linear is
 * set to `b` blocks and, one linear at a time in the given order, raised to `b + 1` blocks and the
 * perplexity recorded. `(nIter - 1) * L` evaluations. The evaluator decides the data (official:
 * 32 windows of the calibration corpus drawn with seed + 1).
 * @param layers - the linears (or their names), in module order
 * @param nIter - blocks per linear
 * @param evalPpl - perplexity for a map name -> block count
 * @param options - {@link ScoreBlocksOptions}
 * @returns the scores
 * @throws {WcError} `E_RANGE` for `nIter < 2` or a linear with fewer blocks; `E_ARGUMENT` for no or duplicate names.
 * @example
 * const scores = await scoreBlocks(stack, 16, (counts) => perplexityWith(counts));
 */
export async function scoreBlocks(
  layers: readonly (BitStackLinear | string)[],
  nIter: number,
  evalPpl: PplEvaluator,
  options: ScoreBlocksOptions = {},
): Promise<BlockScores> {
  const names = checkLayers(layers, nIter);
  const counts = new Map(names.map((n) => [n, nIter]));
  const originalPpl = await evalPpl(new Map(counts));
  const reducedPpl: BlockScores["reducedPpl"] = [];
  const total = (nIter - 1) * names.length;
  let done = 0;
  for (let level = 1; level < nIter; level++) {
    for (const n of names) counts.set(n, level);
    const ppls: LayerPpl[] = [];
    for (const n of names) {
      counts.set(n, level + 1);
      const ppl = await evalPpl(new Map(counts));
      counts.set(n, level);
      ppls.push({ layer: n, ppl });
      options.onStep?.({ level, layer: n, ppl, done: ++done, total });
    }
    reducedPpl.push({ level, ppls });
  }
  return { originalPpl, reducedPpl };
}

/**
 * A weights-only fallback for {@link scoreBlocks} — NOT the paper's score, no forward pass: the
 * "perplexity" of raising linear `l` from `b` to `b + 1` blocks is replaced by
 * `-(||R_b||² - ||R_{b+1}||²) / bytesPerBlock`, the (negated) drop in squared Frobenius error of the
 * decomposed (activation-scaled, when scales were used) weight per byte, from the residual norms
 * the decomposition recorded. Lower = loaded earlier, as with perplexity, so {@link sortBlocks}
 * applies unchanged. `originalPpl` is NaN.
 * @param layers - decomposed linears that carry `residualNorms` (fresh from `decomposeMatrix`)
 * @param nIter - blocks per linear
 * @param bytesPerBlock - bytes of one block of each linear (see `blockBytes`)
 * @returns scores in the shape of {@link BlockScores}
 * @throws {WcError} `E_ARGUMENT` when a linear has no residual norms or no byte size; `E_RANGE` as {@link scoreBlocks}.
 * @example
 * const order = sortBlocks(proxyScores(stack, 16, bytes));
 */
export function proxyScores(layers: readonly BitStackLinear[], nIter: number, bytesPerBlock: Readonly<Record<string, number>>): BlockScores {
  checkLayers(layers, nIter);
  const reducedPpl: BlockScores["reducedPpl"] = [];
  for (let level = 1; level < nIter; level++) {
    reducedPpl.push({
      level,
      ppls: layers.map((l) => {
        const r = l.residualNorms;
        const bytes = bytesPerBlock[l.name];
        if (r === undefined || r.length <= level + 1) throw new WcError("E_ARGUMENT", `proxyScores: "${l.name}" carries no residual norms up to ${level + 1} blocks (decompose it again)`);
        if (bytes === undefined || !(bytes > 0)) throw new WcError("E_ARGUMENT", `proxyScores: no positive byte size for "${l.name}"`);
        return { layer: l.name, ppl: -(r[level]! ** 2 - r[level + 1]! ** 2) / bytes };
      }),
    });
  }
  return { originalPpl: Number.NaN, reducedPpl };
}
