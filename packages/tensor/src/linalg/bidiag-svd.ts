import { WcError } from "../errors";
import { hyp, type Mat } from "./dense";
import { permuteColumns, rotateColumns, rotatePair } from "./rotations";

/** Sweep limit of the bidiagonal QR iteration: at most `30 * n` implicit-shift sweeps in total. */
export const BIDIAG_SWEEPS_PER_VALUE = 30;

/**
 * SVD of the upper bidiagonal matrix `B` (diagonal `d`, superdiagonal `e`) by the Golub-Kahan
 * implicit-shift QR iteration (Golub & Van Loan, algorithm 8.6.2) with relative deflation
 * (`|e_i| <= eps (|d_i| + |d_i+1|)`) and explicit chasing of (near-)zero diagonal entries. Rotations
 * are accumulated into the columns of `U` (left vectors) and `V` (right vectors) when given, so
 * `B = U diag(d) V^T` on return, with `d` non-negative and descending (columns permuted to match).
 * @throws {WcError} `E_NOT_CONVERGED` after `30 n` sweeps.
 */
export function bdsqr(d: Float64Array, e: Float64Array, U: Mat | null, V: Mat | null, where: string): void {
  const n = d.length;
  const eps = 2.220446049250313e-16;
  const cs = new Float64Array(Math.max(1, n));
  const ss = new Float64Array(Math.max(1, n));
  const cs2 = new Float64Array(Math.max(1, n));
  const ss2 = new Float64Array(Math.max(1, n));
  let bnorm = 0;
  for (let i = 0; i < n; i++) bnorm = Math.max(bnorm, Math.abs(d[i]!), i < n - 1 ? Math.abs(e[i]!) : 0);
  const small = eps * bnorm;
  const tiny = 1e-300;
  const limit = BIDIAG_SWEEPS_PER_VALUE * Math.max(1, n);
  let sweeps = 0;
  let h = n - 1;
  while (h > 0) {
    const eh = Math.abs(e[h - 1]!);
    if (eh <= eps * (Math.abs(d[h - 1]!) + Math.abs(d[h]!)) || eh <= tiny) {
      e[h - 1] = 0;
      h--;
      continue;
    }
    let l = h - 1;
    while (l > 0) {
      const f = Math.abs(e[l - 1]!);
      if (f <= eps * (Math.abs(d[l - 1]!) + Math.abs(d[l]!)) || f <= tiny) {
        e[l - 1] = 0;
        break;
      }
      l--;
    }
    if (++sweeps > limit) {
      throw new WcError("E_NOT_CONVERGED", `${where}: bidiagonal QR did not converge within ${limit} sweeps (30 per singular value)`, {
        sweeps: limit,
      });
    }
    // A negligible diagonal entry: rotate its superdiagonal neighbour away and split.
    let zk = -1;
    for (let k = l; k <= h; k++) {
      if (Math.abs(d[k]!) <= small) {
        zk = k;
        break;
      }
    }
    if (zk >= 0) {
      d[zk] = 0;
      if (zk < h) {
        // Left rotations of rows (j, zk), j = zk+1 .. h, chase e[zk] to the right.
        let f = e[zk]!;
        e[zk] = 0;
        for (let j = zk + 1; j <= h; j++) {
          const r = hyp(d[j]!, f);
          const c = d[j]! / r;
          const s = f / r;
          d[j] = r;
          if (U) rotatePair(U, j, zk, c, s);
          if (j < h) {
            f = -s * e[j]!;
            e[j] = c * e[j]!;
          }
        }
      } else {
        // d[h] = 0: right rotations of columns (j, h), j = h-1 .. l, chase e[h-1] upwards.
        let f = e[h - 1]!;
        e[h - 1] = 0;
        for (let j = h - 1; j >= l; j--) {
          const r = hyp(d[j]!, f);
          const c = d[j]! / r;
          const s = f / r;
          d[j] = r;
          if (V) rotatePair(V, j, h, c, s);
          if (j > l) {
            f = -s * e[j - 1]!;
            e[j - 1] = c * e[j - 1]!;
          }
        }
      }
      continue;
    }
    // Wilkinson shift from the trailing 2x2 block of B^T B.
    const dm = d[h - 1]!;
    const em = e[h - 1]!;
    const tmm = dm * dm + (h - 1 > l ? e[h - 2]! * e[h - 2]! : 0);
    const tmn = dm * em;
    const tnn = d[h]! * d[h]! + em * em;
    const delta = (tmm - tnn) / 2;
    const den = delta + (delta >= 0 ? 1 : -1) * hyp(delta, tmn);
    const mu = den === 0 ? tnn : tnn - (tmn * tmn) / den;
    let y = d[l]! * d[l]! - mu;
    let z = d[l]! * e[l]!;
    for (let k = l; k < h; k++) {
      // Right rotation of columns k, k+1.
      let r = hyp(y, z);
      let c = r === 0 ? 1 : y / r;
      let s = r === 0 ? 0 : -z / r;
      if (k > l) e[k - 1] = r;
      const dk = d[k]!;
      const ek = e[k]!;
      d[k] = c * dk - s * ek;
      e[k] = s * dk + c * ek;
      const bulge = -s * d[k + 1]!;
      d[k + 1] = c * d[k + 1]!;
      cs[k - l] = c;
      ss[k - l] = s;
      // Left rotation of rows k, k+1.
      y = d[k]!;
      z = bulge;
      r = hyp(y, z);
      c = r === 0 ? 1 : y / r;
      s = r === 0 ? 0 : -z / r;
      d[k] = r;
      const ek2 = e[k]!;
      e[k] = c * ek2 - s * d[k + 1]!;
      d[k + 1] = s * ek2 + c * d[k + 1]!;
      if (k + 1 < h) {
        z = -s * e[k + 1]!;
        e[k + 1] = c * e[k + 1]!;
      }
      y = e[k]!;
      cs2[k - l] = c;
      ss2[k - l] = s;
    }
    if (V) rotateColumns(V, l, h - l, cs, ss);
    if (U) rotateColumns(U, l, h - l, cs2, ss2);
  }
  for (let i = 0; i < n; i++) {
    if (d[i]! < 0) {
      d[i] = -d[i]!;
      if (V) for (let r = 0; r < V.m; r++) V.d[r * V.n + i] = -V.d[r * V.n + i]!;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]! || i - j);
  const sorted = order.map((i) => d[i]!);
  d.set(sorted);
  if (U) permuteColumns(U, order);
  if (V) permuteColumns(V, order);
}
