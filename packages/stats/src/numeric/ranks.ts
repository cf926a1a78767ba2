import { toFiniteF64 } from "../internal/checks";
import { argsortF64 } from "../internal/argsort";

/**
 * Ranks with ties given their average rank, 1-based (SciPy `rankdata(x, method='average')`).
 * @param x - finite values.
 * @returns a new Float64Array of ranks in [1, n].
 * @throws {WcError} `E_RANGE` for NaN/Inf entries.
 * @example
 * rankAverage([10, 20, 20, 5]); // Float64Array [2, 3.5, 3.5, 1]
 */
export function rankAverage(x: ArrayLike<number>): Float64Array {
  const v = toFiniteF64(x, "rankAverage", "x");
  const n = v.length;
  const order = argsortF64(v);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const vi = v[order[i] as number] as number;
    while (j < n && v[order[j] as number] === vi) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) r[order[k] as number] = avg;
    i = j;
  }
  return r;
}
