import { Rng, WcError, type FloatDType, type FloatTensor } from "@wc/tensor";
import { allocFloat, wrap } from "../internal/alloc";

/** A labelled table: features `x [N, F]` and integer class labels `y [N]`. */
export interface Dataset {
  x: FloatTensor;
  y: Int32Array;
  /** Class names when the file names them. */
  classes?: string[];
}

/** Options of {@link parseLabeledCsv}. */
export interface ParseCsvOptions {
  /** Skip the first line (a header); default false. */
  header?: boolean;
  /** Feature dtype; default `"float32"`. */
  dtype?: FloatDType;
  /** Multiply every feature by this; default 1. */
  scale?: number;
}

/**
 * Parses comma-separated rows `f1, ..., fF, label` (label an integer class in the last column).
 * @param text - the file contents
 * @param options - see {@link ParseCsvOptions}
 * @returns the dataset (class names from a scikit-learn style header `N,F,name0,name1,...`)
 * @throws {WcError} `E_FORMAT` for ragged rows, non-numbers or non-integer labels.
 * @example
 * parseLabeledCsv("1,2,0\n3,4,1\n"); // x [2, 2], y [0, 1]
 */
export function parseLabeledCsv(text: string, options: ParseCsvOptions = {}): Dataset {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  let classes: string[] | undefined;
  if (options.header) {
    const h = lines.shift()?.split(",") ?? [];
    if (h.length > 2) classes = h.slice(2).map((s) => s.trim());
  }
  const n = lines.length;
  const f = n === 0 ? 0 : lines[0]!.split(",").length - 1;
  const x = allocFloat(options.dtype ?? "float32", n * f);
  const y = new Int32Array(n);
  const s = options.scale ?? 1;
  lines.forEach((line, i) => {
    const cells = line.split(",");
    if (cells.length !== f + 1) throw new WcError("E_FORMAT", `parseLabeledCsv: line ${i + 1} has ${cells.length} cells, expected ${f + 1}`);
    for (let j = 0; j < f; j++) {
      const v = Number(cells[j]);
      if (!Number.isFinite(v) || cells[j]!.trim() === "") throw new WcError("E_FORMAT", `parseLabeledCsv: line ${i + 1} cell ${j + 1} is "${cells[j]}", not a number`);
      x[i * f + j] = v * s;
    }
    const lab = Number(cells[f]);
    if (!Number.isInteger(lab)) throw new WcError("E_FORMAT", `parseLabeledCsv: line ${i + 1} label "${cells[f]}" is not an integer`);
    y[i] = lab;
  });
  return classes ? { x: wrap(x, [n, f]), y, classes } : { x: wrap(x, [n, f]), y };
}

/**
 * The rows `idx` of a dataset (copied).
 * @example
 * subset(ds, Int32Array.of(0, 5, 9));
 */
export function subset(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const [, f] = ds.x.shape as [number, number];
  const x = allocFloat(ds.x.data instanceof Float32Array ? "float32" : "float64", idx.length * f);
  const y = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    x.set(ds.x.data.subarray(r * f, (r + 1) * f), i * f);
    y[i] = ds.y[r]!;
  }
  return ds.classes ? { x: wrap(x, [idx.length, f]), y, classes: ds.classes } : { x: wrap(x, [idx.length, f]), y };
}

/**
 * A seeded random split into train and test parts (stratified per class, so each class keeps its share).
 * @param ds - the dataset
 * @param options - `testFraction` in (0, 1) (default 0.2), `seed` (default 0)
 * @returns `{ train, test }`
 * @throws {WcError} `E_RANGE` for a fraction outside (0, 1).
 * @example
 * const { train, test } = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
 */
export function trainTestSplit(ds: Dataset, options: { testFraction?: number; seed?: number } = {}): { train: Dataset; test: Dataset } {
  const frac = options.testFraction ?? 0.2;
  if (!(frac > 0 && frac < 1)) throw new WcError("E_RANGE", `trainTestSplit: testFraction must be in (0, 1), got ${frac}`);
  const perm = new Rng(options.seed ?? 0).permutation(ds.y.length);
  const byClass = new Map<number, number[]>();
  for (const i of perm) {
    const c = ds.y[i]!;
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    const k = Math.round(rows.length * frac);
    test.push(...rows.slice(0, k));
    train.push(...rows.slice(k));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: subset(ds, train), test: subset(ds, test) };
}

/**
 * Standardises features with the mean and standard deviation of `fit` (columns with zero spread
 * are only centred); returns new datasets.
 * @param fit - the data whose statistics are used (the training split)
 * @param others - further datasets transformed with the same statistics
 * @returns `[fit, ...others]` standardised
 * @example
 * const [tr, te] = standardize(train, test);
 */
export function standardize(fit: Dataset, ...others: Dataset[]): Dataset[] {
  const [n, f] = fit.x.shape as [number, number];
  const mu = new Float64Array(f);
  const sd = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mu[j]! += fit.x.data[i * f + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) sd[j]! += (fit.x.data[i * f + j]! - mu[j]!) ** 2 / n;
  for (let j = 0; j < f; j++) sd[j] = sd[j]! > 0 ? Math.sqrt(sd[j]!) : 1;
  return [fit, ...others].map((d) => {
    const x = d.x.data.slice() as FloatTensor["data"];
    for (let i = 0; i < x.length; i++) x[i] = (x[i]! - mu[i % f]!) / sd[i % f]!;
    return { ...d, x: wrap(x, d.x.shape) };
  });
}

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Rows per batch; default 32. */
  batchSize?: number;
  /** Reshuffle at the start of every pass; default true. */
  shuffle?: boolean;
  /** Seed of the shuffling stream (each pass continues it, so pass k is reproducible); default 0. */
  seed?: number;
  /** Drop a last batch smaller than `batchSize`; default false. */
  dropLast?: boolean;
}

/** One batch: features and labels. */
export interface Batch {
  x: FloatTensor;
  y: Int32Array;
}

/**
 * Iterates a dataset in (shuffled) batches; every `for..of` is one epoch.
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, seed: 1 });
 * for (const { x, y } of loader) { ... }
 */
export class DataLoader implements Iterable<Batch> {
  private readonly rng: Rng;
  readonly batchSize: number;
  /**
   * @param data - the dataset
   * @param options - see {@link DataLoaderOptions}
   * @throws {WcError} `E_RANGE` for a non-positive batch size.
   */
  constructor(
    readonly data: Dataset,
    private readonly options: DataLoaderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new WcError("E_RANGE", `DataLoader: batchSize must be a positive integer, got ${this.batchSize}`);
    this.rng = new Rng(options.seed ?? 0);
  }
  /** Number of batches per epoch. */
  get length(): number {
    const n = this.data.y.length;
    return this.options.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
  *[Symbol.iterator](): Iterator<Batch> {
    const n = this.data.y.length;
    const order = (this.options.shuffle ?? true) ? this.rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    for (let b = 0; b < this.length; b++) {
      const s = subset(this.data, order.subarray(b * this.batchSize, Math.min(n, (b + 1) * this.batchSize)));
      yield { x: s.x, y: s.y };
    }
  }
}
