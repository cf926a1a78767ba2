import { WcError, slice, type Tensor } from "@wc/tensor";
import { checkMatrix, squaredSingularValues } from "./esd";
import { resolveFarmsOptions, type FarmsOptions, type ResolvedFarmsOptions } from "./options";

/** The window geometry of the FARMS sampler for one matrix shape. */
export interface FarmsWindows {
  /** Window height (rows). */
  windowRows: number;
  /** Window width (columns). */
  windowCols: number;
  /** Top-left corners `[rowStart, colStart]`, row-major over the grid of starts. */
  starts: [number, number][];
}

/** Result of {@link farmsEsd}. */
export interface FarmsEsdResult {
  /** The pooled squared singular values of every window, ascending: the "average ESD". */
  eigs: Float64Array;
  /** Top-left corners `[rowStart, colStart]` of the windows, in the order they were read. */
  windows: [number, number][];
  /** Window height. */
  windowRows: number;
  /** Window width. */
  windowCols: number;
}

function starts(n: number, count: number, step: number, size: number, clampToEnd: boolean): number[] {
  const out: number[] = [];
  for (let a = 0; a < count; a++) out.push(clampToEnd ? Math.min(a * step, n - size) : a * step);
  return out;
}

/**
 * The window geometry of {@link farmsEsd} for a `rows x cols` matrix, without reading any data.
 *
 * `'fixedOps'` (`fixed_sampling`): `r = min(windowRows, rows, cols)`, `c = floor(r qRatio)`;
 * `rowStep = max(1, floor((rows - r) / (P - 1)))`, `nR = min(P, max(1, floor((rows - r) / rowStep) + 1))`
 * (same for columns), starts `min(a rowStep, rows - r)`.
 * `'stride'` (`matrix_size_dependent_sampling`): `r = windowRows`, `c = floor(windowRows qRatio)`,
 * `nR = max(1, floor((rows - r) / stepSize) + 1)`, starts `a stepSize`.
 * With `clampWindow` (default) a window larger than the matrix shrinks to it (what the code's
 * slicing does); without, it throws.
 *
 * @param rows - matrix rows (out features), >= 1.
 * @param cols - matrix columns (in features), >= 1.
 * @param options - {@link FarmsOptions}; defaults `{ windowRows: 100, qRatio: 1, mode: 'fixedOps',
 *   opsPerDim: 10, stepSize: 10, clampWindow: true }`.
 * @returns `{ windowRows, windowCols, starts }`.
 * @throws {WcError} `E_RANGE` for a non-positive size, a window of 0 columns, or (without
 *   `clampWindow`) a window that does not fit; option errors of {@link resolveFarmsOptions}.
 * @example
 * farmsWindows(256, 1024, { windowRows: 64 }).starts.length; // 100
 */
export function farmsWindows(rows: number, cols: number, options: FarmsOptions = {}): FarmsWindows {
  return windowsOf(rows, cols, resolveFarmsOptions(options, "farmsWindows"), "farmsWindows");
}

function windowsOf(rows: number, cols: number, o: ResolvedFarmsOptions, where: string): FarmsWindows {
  for (const [name, v] of [["rows", rows], ["cols", cols]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new WcError("E_RANGE", `${where}: ${name} must be an integer >= 1, got ${v}`);
  }
  let r: number;
  let c: number;
  if (o.mode === "fixedOps") {
    r = o.clampWindow ? Math.min(o.windowRows, rows, cols) : o.windowRows;
    c = Math.floor(r * o.qRatio);
  } else {
    r = o.windowRows;
    c = Math.floor(o.windowRows * o.qRatio);
    if (o.clampWindow) r = Math.min(r, rows);
  }
  if (o.clampWindow) c = Math.min(c, cols);
  if (c < 1) {
    throw new WcError("E_RANGE", `${where}: the window is ${r} x ${c} (windowRows * qRatio < 1); raise windowRows or qRatio`);
  }
  if (r > rows || c > cols) {
    throw new WcError(
      "E_RANGE",
      `${where}: a ${r} x ${c} window does not fit a ${rows} x ${cols} matrix; lower windowRows/qRatio or pass clampWindow: true`,
      { rows, cols, windowRows: r, windowCols: c },
    );
  }
  let rowStarts: number[];
  let colStarts: number[];
  if (o.mode === "fixedOps") {
    const P = o.opsPerDim;
    const rowStep = Math.max(1, Math.floor((rows - r) / (P - 1)));
    const colStep = Math.max(1, Math.floor((cols - c) / (P - 1)));
    const nR = Math.min(P, Math.max(1, Math.floor((rows - r) / rowStep) + 1));
    const nC = Math.min(P, Math.max(1, Math.floor((cols - c) / colStep) + 1));
    rowStarts = starts(rows, nR, rowStep, r, true);
    colStarts = starts(cols, nC, colStep, c, true);
  } else {
    const s = o.stepSize;
    rowStarts = starts(rows, Math.max(1, Math.floor((rows - r) / s) + 1), s, r, false);
    colStarts = starts(cols, Math.max(1, Math.floor((cols - c) / s) + 1), s, c, false);
  }
  const out: [number, number][] = [];
  for (const a of rowStarts) for (const b of colStarts) out.push([a, b]);
  return { windowRows: r, windowCols: c, starts: out };
}

/**
 * The FARMS averaged ESD of a weight matrix (spec section 3, step 5): the matrix (as stored,
 * rows = out features) is cut into many windows of ONE fixed shape ({@link farmsWindows}); the
 * squared singular values of all windows are pooled and sorted. The pooled list is the equal-weight
 * mixture of the window ESDs, so a power-law fit to it no longer depends on the matrix aspect ratio.
 *
 * @param W - `out x in` float matrix (any strides; not modified).
 * @param options - {@link FarmsOptions}; defaults `{ windowRows: 100, qRatio: 1, mode: 'fixedOps',
 *   opsPerDim: 10, stepSize: 10, clampWindow: true }`.
 * @returns `{ eigs, windows, windowRows, windowCols }`; `eigs` holds
 *   `windows.length * min(windowRows, windowCols)` values, ascending.
 * @throws {WcError} `E_SHAPE` unless 2-D; `E_DTYPE` for integers; `E_RANGE` for NaN/Inf, an empty
 *   matrix or a window that does not fit (without `clampWindow`); option errors.
 * @example
 * const { eigs, windows } = farmsEsd(randn(0, [256, 1024]), { windowRows: 64 });
 * // windows.length === 100, eigs.length === 6400
 */
export function farmsEsd(W: Tensor, options: FarmsOptions = {}): FarmsEsdResult {
  const o = resolveFarmsOptions(options, "farmsEsd");
  checkMatrix(W, "farmsEsd");
  const [rows, cols] = W.shape as [number, number];
  if (rows === 0 || cols === 0) {
    throw new WcError("E_RANGE", `farmsEsd: the matrix is empty (${rows} x ${cols}); there is nothing to sample`);
  }
  const g = windowsOf(rows, cols, o, "farmsEsd");
  const k = Math.min(g.windowRows, g.windowCols);
  const eigs = new Float64Array(g.starts.length * k);
  let at = 0;
  for (const [r0, c0] of g.starts) {
    at = squaredSingularValues(slice(W, [[r0, r0 + g.windowRows], [c0, c0 + g.windowCols]]), 1, eigs, at);
  }
  eigs.sort();
  return { eigs, windows: g.starts, windowRows: g.windowRows, windowCols: g.windowCols };
}
