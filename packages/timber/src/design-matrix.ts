import { WcError } from "@wc/tensor";

/** Column standardisation learnt on the training data and reused by `predict`. */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/**
 * Validates a feature matrix (n rows of P finite numbers) and returns it row-major.
 * @throws {WcError} `E_SHAPE` for ragged rows, P = 0 or a wrong row count; `E_RANGE` for NaN/Inf.
 */
export function toMatrix(X: readonly (readonly number[])[], where: string, P?: number, n?: number): { data: Float64Array; n: number; P: number } {
  if (!Array.isArray(X) || X.length === 0) throw new WcError("E_SHAPE", `${where}: X is empty; need at least one row`);
  if (n !== undefined && X.length !== n) throw new WcError("E_SHAPE", `${where}: X has ${X.length} rows, expected ${n} (one per specimen)`);
  const p = P ?? X[0]!.length;
  if (p === 0) throw new WcError("E_SHAPE", `${where}: X has no columns`);
  const data = new Float64Array(X.length * p);
  X.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== p) throw new WcError("E_SHAPE", `${where}: row ${i} of X has ${Array.isArray(row) ? row.length : "no"} columns, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) throw new WcError("E_RANGE", `${where}: X[${i}][${j}] = ${String(v)} is not a finite number`);
      data[i * p + j] = v;
    }
  });
  return { data, n: X.length, P: p };
}

/**
 * Fits the standardisation: mean/sd of the columns selected by `which` (default: every column that
 * is not a 0/1 indicator); other columns get mean 0, sd 1 (left as they are). Constant columns get sd 1.
 */
export function fitStandardizer(data: Float64Array, n: number, P: number, which?: readonly boolean[]): Standardizer {
  if (which && which.length !== P) throw new WcError("E_SHAPE", `fitReuseModel: standardize has ${which.length} entries, expected ${P}`);
  const mean = new Float64Array(P);
  const sd = new Float64Array(P).fill(1);
  for (let j = 0; j < P; j++) {
    let binary = true;
    for (let i = 0; i < n && binary; i++) {
      const v = data[i * P + j] as number;
      if (v !== 0 && v !== 1) binary = false;
    }
    if (!(which ? which[j] : !binary)) continue;
    let m = 0;
    for (let i = 0; i < n; i++) m += data[i * P + j] as number;
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += ((data[i * P + j] as number) - m) ** 2;
    s = n > 1 ? Math.sqrt(s / (n - 1)) : 0;
    mean[j] = m;
    sd[j] = s > 0 ? s : 1;
  }
  return { mean, sd };
}

/** Applies a {@link Standardizer} to a row-major matrix (returns a new array). */
export function applyStandardizer(data: Float64Array, n: number, P: number, s: Standardizer): Float64Array {
  const out = new Float64Array(n * P);
  for (let i = 0; i < n; i++) for (let j = 0; j < P; j++) out[i * P + j] = ((data[i * P + j] as number) - (s.mean[j] as number)) / (s.sd[j] as number);
  return out;
}
