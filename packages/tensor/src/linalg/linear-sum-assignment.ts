import { tensor } from "../create";
import { WcError } from "../errors";
import type { Tensor } from "../types";
import { readMatrix } from "./dense";

/** Options of {@link linearSumAssignment}. */
export interface LinearSumAssignmentOptions {
  /** Maximise the total instead of minimising it; default false. */
  maximize?: boolean;
}

/** Result of {@link linearSumAssignment}: row `rows[i]` is assigned to column `cols[i]`. */
export interface LinearSumAssignmentResult {
  /** Assigned row indices, ascending (int32, length `min(m, n)`). */
  rows: Tensor<Int32Array>;
  /** The column assigned to each of `rows` (int32). */
  cols: Tensor<Int32Array>;
  /** Sum of the assigned costs (in the original sign). */
  total: number;
}

/**
 * Shortest augmenting path (Jonker-Volgenant style, as in Crouse 2016 / SciPy) on an `nr x nc`
 * row-major cost with `nr <= nc`. Returns `col4row`.
 */
function augment(c: Float64Array, nr: number, nc: number): Int32Array {
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const spc = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const SR = new Uint8Array(nr);
  const SC = new Uint8Array(nc);
  const remaining = new Int32Array(nc);
  // Square problems: column reduction (as Jonker-Volgenant), v_j = min_i c_ij, is a feasible dual
  // start that shortens the first augmenting paths. (Not for rectangular ones: columns that stay
  // unassigned must keep the largest potential, which the zero start guarantees.)
  if (nr === nc) {
    v.fill(Infinity);
    for (let i = 0; i < nr; i++) {
      const ri = i * nc;
      for (let j = 0; j < nc; j++) if (c[ri + j]! < v[j]!) v[j] = c[ri + j]!;
    }
  }
  for (let cur = 0; cur < nr; cur++) {
    let minVal = 0;
    let i = cur;
    let num = nc;
    for (let t = 0; t < nc; t++) remaining[t] = nc - t - 1;
    SR.fill(0);
    SC.fill(0);
    spc.fill(Infinity);
    let sink = -1;
    while (sink === -1) {
      let index = -1;
      let lowest = Infinity;
      SR[i] = 1;
      const ri = i * nc;
      const base = minVal - u[i]!;
      for (let t = 0; t < num; t++) {
        const j = remaining[t]!;
        const r = base + c[ri + j]! - v[j]!;
        let s = spc[j]!;
        if (r < s) {
          path[j] = i;
          spc[j] = r;
          s = r;
        }
        if (s < lowest || (s === lowest && row4col[j] === -1)) {
          lowest = s;
          index = t;
        }
      }
      minVal = lowest;
      if (index < 0 || minVal === Infinity) {
        throw new WcError("E_RANGE", "linearSumAssignment: no feasible assignment (cost matrix is infeasible)");
      }
      const j = remaining[index]!;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j]!;
      SC[j] = 1;
      remaining[index] = remaining[--num]!;
    }
    u[cur] += minVal;
    for (let r = 0; r < nr; r++) if (SR[r] && r !== cur) u[r] += minVal - spc[col4row[r]!]!;
    for (let j = 0; j < nc; j++) if (SC[j]) v[j] -= minVal - spc[j]!;
    let j = sink;
    for (;;) {
      const r = path[j]!;
      row4col[j] = r;
      const prev = col4row[r]!;
      col4row[r] = j;
      j = prev;
      if (r === cur) break;
    }
  }
  return col4row;
}

/**
 * Solves the linear sum assignment problem exactly (like `scipy.optimize.linear_sum_assignment`):
 * picks one column for each row (or one row for each column when `m > n`), no two sharing, so that
 * the total cost is minimal (or maximal). Shortest augmenting paths with dual potentials
 * (Jonker-Volgenant, in the rectangular form of Crouse 2016 that SciPy uses); `O(m^2 n)` for
 * `m <= n`. Ties are resolved deterministically; when several optimal assignments exist the one
 * returned may differ from SciPy's, but the total is the same.
 *
 * @param cost - `m x n` float matrix of finite costs (float32 or float64, any strides; not modified).
 * @param options - {@link LinearSumAssignmentOptions}; default `{ maximize: false }`.
 * @returns `{ rows, cols, total }` with `rows` ascending.
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf costs.
 * @example
 * const { cols, total } = linearSumAssignment(fromNested([[4, 1, 3], [2, 0, 5], [3, 2, 2]]));
 * // cols = [1, 0, 2], total = 5
 */
export function linearSumAssignment(cost: Tensor, options: LinearSumAssignmentOptions = {}): LinearSumAssignmentResult {
  const M = readMatrix(cost, "linearSumAssignment");
  const maximize = options.maximize ?? false;
  const { m, n } = M;
  const transposed = m > n;
  const nr = transposed ? n : m;
  const nc = transposed ? m : n;
  const c = new Float64Array(nr * nc);
  const sgn = maximize ? -1 : 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = sgn * M.d[i * n + j]!;
      if (transposed) c[j * nc + i] = x;
      else c[i * nc + j] = x;
    }
  }
  const col4row = nr === 0 ? new Int32Array(0) : augment(c, nr, nc);
  const rows = new Int32Array(nr);
  const cols = new Int32Array(nr);
  if (!transposed) {
    for (let i = 0; i < nr; i++) {
      rows[i] = i;
      cols[i] = col4row[i]!;
    }
  } else {
    // Rows of the transposed problem are original columns: sort pairs by original row.
    const order = Array.from({ length: nr }, (_, i) => i).sort((a, b) => col4row[a]! - col4row[b]!);
    order.forEach((j, t) => {
      rows[t] = col4row[j]!;
      cols[t] = j;
    });
  }
  let total = 0;
  for (let t = 0; t < nr; t++) total += M.d[rows[t]! * n + cols[t]!]!;
  return { rows: tensor(rows, [nr]), cols: tensor(cols, [nr]), total };
}
