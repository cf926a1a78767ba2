import { WcError } from "../errors";
import { hyp, type Mat } from "./dense";
import { permuteColumns, rotateColumns } from "./rotations";

/** Sweep limit of the tridiagonal QR iteration: at most `30 * n` implicit QR sweeps in total. */
export const TRIDIAG_SWEEPS_PER_VALUE = 30;

/**
 * Eigenvalues (ascending, in `d`) of the symmetric tridiagonal matrix with diagonal `d` (length
 * `n`) and off-diagonal `e` (length `n - 1`), by implicit QR with Wilkinson shifts (Golub & Van
 * Loan, algorithm 8.3.3). When `Z` (`p x n`) is given, every rotation is accumulated into its
 * columns, and they are permuted with the sorted values. `d` and `e` are overwritten.
 * @throws {WcError} `E_NOT_CONVERGED` after `30 n` sweeps.
 */
export function steqr(d: Float64Array, e: Float64Array, Z: Mat | null, where: string): void {
  const n = d.length;
  const eps = 2.220446049250313e-16;
  const cs = new Float64Array(Math.max(1, n));
  const ss = new Float64Array(Math.max(1, n));
  const limit = TRIDIAG_SWEEPS_PER_VALUE * Math.max(1, n);
  let sweeps = 0;
  let h = n - 1;
  while (h > 0) {
    if (Math.abs(e[h - 1]!) <= eps * (Math.abs(d[h - 1]!) + Math.abs(d[h]!)) || Math.abs(e[h - 1]!) < 1e-300) {
      e[h - 1] = 0;
      h--;
      continue;
    }
    let l = h - 1;
    while (l > 0) {
      const f = Math.abs(e[l - 1]!);
      if (f <= eps * (Math.abs(d[l - 1]!) + Math.abs(d[l]!)) || f < 1e-300) {
        e[l - 1] = 0;
        break;
      }
      l--;
    }
    if (++sweeps > limit) {
      throw new WcError("E_NOT_CONVERGED", `${where}: tridiagonal QR did not converge within ${limit} sweeps (30 per row); the input may be badly scaled`, {
        sweeps: limit,
      });
    }
    // Wilkinson shift from the trailing 2x2 block.
    const delta = (d[h - 1]! - d[h]!) / 2;
    const eh = e[h - 1]!;
    const den = delta + (delta >= 0 ? 1 : -1) * hyp(delta, eh);
    const mu = den === 0 ? d[h]! : d[h]! - (eh * eh) / den;
    let x = d[l]! - mu;
    let z = e[l]!;
    for (let k = l; k < h; k++) {
      const r = hyp(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : -z / r;
      if (k > l) e[k - 1] = r;
      const a = d[k]!;
      const b = d[k + 1]!;
      const f = e[k]!;
      const cc = c * c;
      const s2 = s * s;
      const csf = 2 * c * s * f;
      d[k] = cc * a - csf + s2 * b;
      d[k + 1] = s2 * a + csf + cc * b;
      const fn = c * s * (a - b) + (cc - s2) * f;
      e[k] = fn;
      x = fn;
      if (k + 1 < h) {
        z = -s * e[k + 1]!;
        e[k + 1] = c * e[k + 1]!;
      }
      cs[k - l] = c;
      ss[k - l] = s;
    }
    if (Z) rotateColumns(Z, l, h - l, cs, ss);
  }
  // Sort ascending.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[i]! - d[j]! || i - j);
  const sorted = order.map((i) => d[i]!);
  d.set(sorted);
  if (Z) permuteColumns(Z, order);
}
