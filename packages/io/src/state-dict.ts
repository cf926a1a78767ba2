import { WcError, sizeOf, tensor, type Shape, type Tensor } from "@wc/tensor";
import { DECODED_DTYPE, IO_DTYPE_SIZE, decodeBytes, defaultIoDType, encodeTensor, type IoDType } from "./dtypes";

/**
 * How a 2-D weight is laid out on disk: `"out_in"` is PyTorch `nn.Linear` (DESIGN's convention),
 * `"in_out"` is ONNX/Paddle `MatMul`; `undefined` when the format does not say.
 */
export type Layout = "out_in" | "in_out";

/** Options for {@link TensorEntry.fromTensor}. */
export interface EntryOptions {
  /** On-disk dtype to encode to; default: the tensor's own (float32 -> F32, float64 -> F64, int32 -> I32, uint8 -> U8). */
  dtype?: IoDType;
  /** Layout note carried to writers; default `undefined`. */
  layout?: Layout;
}

/**
 * One named tensor of a model file: its on-disk dtype and shape, its exact little-endian bytes,
 * and the decoded {@link Tensor} (built on first access and cached). Writers use `bytes`, so an
 * entry read from a file is written back bit for bit (NaN payloads, I64 beyond 2^53, FP8).
 *
 * The decoded tensor of an F32/F64/I32/U8 entry views `bytes` without a copy when aligned; do not
 * modify it in place: build a new entry with {@link TensorEntry.fromTensor} instead.
 */
export class TensorEntry {
  /** On-disk element type. */
  readonly dtype: IoDType;
  /** Extents, row-major (C order). */
  readonly shape: readonly number[];
  /** Exact little-endian bytes, `size(shape) * itemsize` long. */
  readonly bytes: Uint8Array;
  /** Layout of a 2-D weight where the format records it. */
  readonly layout: Layout | undefined;
  #tensor: Tensor | undefined;

  /**
   * @param dtype - on-disk dtype
   * @param shape - extents
   * @param bytes - little-endian data (kept, not copied)
   * @param layout - optional layout note
   * @throws {WcError} `E_FORMAT` when `bytes.byteLength` differs from `size(shape) * itemsize`.
   * @example
   * new TensorEntry("F32", [2], new Uint8Array(8));
   */
  constructor(dtype: IoDType, shape: Shape, bytes: Uint8Array, layout?: Layout) {
    const need = sizeOf(shape) * IO_DTYPE_SIZE[dtype];
    if (bytes.byteLength !== need) {
      throw new WcError("E_FORMAT", `TensorEntry: ${dtype} [${shape.join(", ")}] needs ${need} bytes, got ${bytes.byteLength}`);
    }
    this.dtype = dtype;
    this.shape = Object.freeze([...shape]);
    this.bytes = bytes;
    this.layout = layout;
  }

  /**
   * An entry holding `t` encoded as `options.dtype` (float -> F16/BF16 rounds to nearest even).
   * @throws {WcError} `E_RANGE` when values do not fit an integer dtype; `E_UNSUPPORTED` for FP8.
   * @example
   * TensorEntry.fromTensor(zeros([2, 2], { dtype: "float32" }), { dtype: "F16" });
   */
  static fromTensor(t: Tensor, options: EntryOptions = {}): TensorEntry {
    const dtype = options.dtype ?? defaultIoDType(t);
    const e = new TensorEntry(dtype, t.shape, encodeTensor(t, dtype), options.layout);
    return e;
  }

  /** The decoded tensor (see `DECODED_DTYPE`), built once on first access. */
  get tensor(): Tensor {
    if (this.#tensor === undefined) this.#tensor = tensor(decodeBytes(this.dtype, this.bytes), this.shape);
    return this.#tensor;
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** The dtype `tensor` decodes to. */
  get decodedDType(): string {
    return DECODED_DTYPE[this.dtype];
  }
}

/** Options for {@link StateDict.convert}. */
export interface ConvertOptions {
  /** Only entries whose name matches are converted; default: all floating-point entries. */
  pattern?: RegExp | string;
}

const FLOAT_DTYPES: ReadonlySet<IoDType> = new Set(["F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2"]);

function matcher(pattern: RegExp | string): (name: string) => boolean {
  if (typeof pattern === "string") {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return (n) => re.test(n);
  }
  return (n) => {
    pattern.lastIndex = 0;
    return pattern.test(n);
  };
}

/**
 * An ordered, immutable map from tensor names to {@link TensorEntry}s, plus string metadata of
 * the file (safetensors `__metadata__`, ONNX producer, GGUF key-values as text). Methods that
 * change something return a new StateDict.
 * @example
 * const sd = new StateDict([["w", TensorEntry.fromTensor(zeros([2, 3], { dtype: "float32" }))]]);
 * sd.tensor("w").shape; // [2, 3]
 */
export class StateDict implements Iterable<[string, TensorEntry]> {
  readonly #entries: ReadonlyMap<string, TensorEntry>;
  /** File-level string metadata. */
  readonly metadata: Readonly<Record<string, string>>;

  /**
   * @param entries - name/entry pairs in order
   * @param metadata - file-level metadata; default `{}`
   * @throws {WcError} `E_ARGUMENT` on a duplicate name.
   */
  constructor(entries: Iterable<readonly [string, TensorEntry]> = [], metadata: Record<string, string> = {}) {
    const m = new Map<string, TensorEntry>();
    for (const [k, v] of entries) {
      if (m.has(k)) throw new WcError("E_ARGUMENT", `StateDict: duplicate tensor name "${k}"`, { name: k });
      m.set(k, v);
    }
    this.#entries = m;
    this.metadata = Object.freeze({ ...metadata });
  }

  /**
   * A StateDict of tensors, each stored as its own dtype unless `dtype` says otherwise.
   * @example
   * StateDict.fromTensors({ w: zeros([2, 2], { dtype: "float32" }) }, { dtype: "F16" });
   */
  static fromTensors(tensors: Record<string, Tensor>, options: EntryOptions = {}): StateDict {
    return new StateDict(Object.entries(tensors).map(([k, t]) => [k, TensorEntry.fromTensor(t, options)] as const));
  }

  /** Number of tensors. */
  get size(): number {
    return this.#entries.size;
  }

  /** Tensor names in order. */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /** True when `name` is present. */
  has(name: string): boolean {
    return this.#entries.has(name);
  }

  /** The entry called `name`, or `undefined`. */
  get(name: string): TensorEntry | undefined {
    return this.#entries.get(name);
  }

  /**
   * The decoded tensor called `name`.
   * @throws {WcError} `E_ARGUMENT` when absent.
   */
  tensor(name: string): Tensor {
    const e = this.#entries.get(name);
    if (e === undefined) {
      throw new WcError("E_ARGUMENT", `StateDict: no tensor "${name}" (${this.size} tensors; see names())`, { name });
    }
    return e.tensor;
  }

  /** Name/entry pairs in order. */
  [Symbol.iterator](): Iterator<[string, TensorEntry]> {
    return this.#entries[Symbol.iterator]();
  }

  /** Total number of elements over all tensors. */
  numel(): number {
    let n = 0;
    for (const e of this.#entries.values()) n += e.size;
    return n;
  }

  /**
   * A new StateDict with `name` set (replaced in place if present, else appended). A Tensor is
   * encoded as `options.dtype`, default the replaced entry's dtype (else the tensor's own).
   * @throws {WcError} as {@link TensorEntry.fromTensor}.
   */
  with(name: string, value: Tensor | TensorEntry, options: EntryOptions = {}): StateDict {
    const old = this.#entries.get(name);
    const entry =
      value instanceof TensorEntry
        ? value
        : TensorEntry.fromTensor(value, { dtype: options.dtype ?? old?.dtype, layout: options.layout ?? old?.layout });
    const m = new Map(this.#entries);
    m.set(name, entry);
    return new StateDict(m, this.metadata);
  }

  /** A new StateDict without the given names. */
  without(...names: string[]): StateDict {
    const drop = new Set(names);
    return new StateDict([...this.#entries].filter(([k]) => !drop.has(k)), this.metadata);
  }

  /**
   * The entries whose names match `pattern`: a RegExp, or a glob string where `*` is any run of
   * characters and `?` one character (the whole name must match).
   * @example
   * sd.select("*.weight");
   */
  select(pattern: RegExp | string): StateDict {
    const f = matcher(pattern);
    return new StateDict([...this.#entries].filter(([k]) => f(k)), this.metadata);
  }

  /** A new StateDict with replaced metadata. */
  withMetadata(metadata: Record<string, string>): StateDict {
    return new StateDict(this.#entries, metadata);
  }

  /**
   * Floating-point entries converted to another float dtype (F16/BF16 round to nearest even).
   * Integer and bool entries are kept as they are.
   * @throws {WcError} `E_DTYPE` when `dtype` is not a float dtype; `E_UNSUPPORTED` for FP8.
   * @example
   * sd.convert("BF16", { pattern: "*.weight" });
   */
  convert(dtype: IoDType, options: ConvertOptions = {}): StateDict {
    if (!FLOAT_DTYPES.has(dtype)) throw new WcError("E_DTYPE", `convert: expected a float dtype, got ${dtype}`);
    const f = options.pattern === undefined ? () => true : matcher(options.pattern);
    const out: [string, TensorEntry][] = [];
    for (const [k, e] of this.#entries) {
      if (e.dtype === dtype || !FLOAT_DTYPES.has(e.dtype) || !f(k)) out.push([k, e]);
      else out.push([k, TensorEntry.fromTensor(e.tensor, { dtype, layout: e.layout })]);
    }
    return new StateDict(out, this.metadata);
  }

  /** A plain object of decoded tensors. */
  toTensors(): Record<string, Tensor> {
    const o: Record<string, Tensor> = {};
    for (const [k, e] of this.#entries) o[k] = e.tensor;
    return o;
  }
}
