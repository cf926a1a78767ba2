import { WcError } from "@wc/tensor";
import type { BlockScores } from "./score-blocks";

/**
 * The global block order (official `sort_layers_and_bits_average`). NaN repair first, from the last
 * level down: at each level `maxP` is the maximum found by a left-to-right scan that starts from the
 * first entry (Python's `max` with NaN: a NaN first entry makes it NaN, then 0; later NaNs are
 * skipped); every NaN `ppl(l, b)` becomes `ppl(l, b + 1) + maxP`; a NaN at the last level is an error.
 * Then, level by level ascending, that level's linears sorted by perplexity ascending (stable) are
 * appended. So at any prefix every linear holds `b` or `b + 1` blocks.
 * @param scores - from `scoreBlocks` or `proxyScores` (not modified)
 * @returns linear names, length `L * (nIter - 1)`: the i-th entry gets its next block i-th
 * @throws {WcError} `E_RANGE` for a NaN at the last level; `E_FORMAT` when levels list different layers.
 * @example
 * sortBlocks(scores); // ["layer.0.mlp.up_proj", ...]
 */
export function sortBlocks(scores: BlockScores): string[] {
  const levels = scores.reducedPpl.map((l) => l.ppls.map((p) => ({ ...p })));
  const L = levels.length;
  for (let b = L - 1; b >= 0; b--) {
    const ppls = levels[b]!;
    let maxP = ppls.length > 0 ? ppls[0]!.ppl : 0;
    for (const p of ppls) if (p.ppl > maxP) maxP = p.ppl;
    if (Number.isNaN(maxP)) maxP = 0;
    ppls.forEach((p, idx) => {
      if (!Number.isNaN(p.ppl)) return;
      if (b === L - 1) throw new WcError("E_RANGE", `sortBlocks: "${p.layer}" has a NaN perplexity at the last level; nothing to repair it from`);
      const nxt = levels[b + 1]![idx];
      if (nxt === undefined || nxt.layer !== p.layer) throw new WcError("E_FORMAT", `sortBlocks: level ${b + 1} lists "${nxt?.layer}" where level ${b} lists "${p.layer}"`);
      p.ppl = nxt.ppl + maxP;
    });
  }
  const order: string[] = [];
  for (const ppls of levels) for (const p of [...ppls].sort((a, c) => a.ppl - c.ppl)) order.push(p.layer);
  return order;
}
