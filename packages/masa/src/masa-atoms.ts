import { Rng, WcError, tensor, type FloatDType, type Matrix } from "@wc/tensor";
import { MLP, Module, linear, matmul, noGrad, reshape, slice, type Var } from "@wc/nn";
import { checkPositiveInt } from "./internal";
import type { Dictionary } from "./types";

/** How the trained form parameterises the `L x S` coefficients. */
export type CoeffParam = "direct" | "mlp";

/** Options of {@link MasaAtoms} / {@link initMasa}. */
export interface MasaAtomsOptions {
  /** Number of atoms; default `max(1, round(L / 3))` (paper: S = L/3). */
  S?: number;
  /**
   * `"mlp"` (default, paper §Experimental setup): per-layer embeddings `e_l` mapped to `c_l` by a shared
   * 3-layer GELU MLP; `"direct"`: the `L x S` table is itself the parameter.
   */
  coeffParam?: CoeffParam;
  /** Embedding size of `e_l` (mlp); default 64 (ours: the paper's appendix was not available). */
  embDim?: number;
  /** Hidden width of the coefficient MLP; default 64 (ours). */
  hidden?: number;
  /** Parameter dtype; default `"float32"`. */
  dtype?: FloatDType;
  /** Generator for the initial values; default `new Rng(seed)`. */
  rng?: Rng;
  /** Seed when `rng` is absent; default 0. */
  seed?: number;
}

/**
 * The trained MASA form of one projection type (paper Eqs. 1-3): `S` shared atoms (parameter
 * `atoms`, `S x (out·in)`, each initialised like `nn.Linear`: U(±1/sqrt(in))) and per-layer mixing
 * coefficients, so layer `l`'s weight is `Ŵ_l = Σ_s c_ls D_s` (rebuilt on the fly by {@link MasaAtoms.weight},
 * differentiable in atoms and coefficients). Coefficients are either direct parameters (init
 * N(0, 1/S)) or produced by a shared MLP from per-layer embeddings, its last layer rescaled so the
 * initial coefficients have variance exactly 1/S (so `Ŵ_l` starts at `nn.Linear`'s scale).
 * @example
 * const q = new MasaAtoms(12, 768, 768, { S: 4 }); const w3 = q.weight(3); // Var [768, 768]
 */
export class MasaAtoms extends Module {
  readonly S: number;
  readonly coeffParam: CoeffParam;
  /** `S x (out·in)` atoms. */
  readonly atoms: Var;
  /** `L x S` coefficients (direct form), else null. */
  readonly coeffs: Var | null;
  /** `L x embDim` layer embeddings (mlp form), else null. */
  readonly embeddings: Var | null;
  /** The coefficient MLP (mlp form), else null. */
  readonly coeffMlp: MLP | null;

  /**
   * @param L - layers sharing the atoms
   * @param out - rows of each projection
   * @param inFeatures - columns of each projection
   * @param options - see {@link MasaAtomsOptions}
   * @throws {WcError} `E_RANGE` for non-positive sizes or `S > L`; `E_ARGUMENT` for an unknown coeffParam.
   */
  constructor(
    readonly L: number,
    readonly out: number,
    readonly inFeatures: number,
    options: MasaAtomsOptions = {},
  ) {
    super();
    checkPositiveInt(L, "MasaAtoms: L");
    checkPositiveInt(out, "MasaAtoms: out");
    checkPositiveInt(inFeatures, "MasaAtoms: in");
    const S = options.S ?? Math.max(1, Math.round(L / 3));
    checkPositiveInt(S, `MasaAtoms: S for L = ${L}`, L);
    this.S = S;
    const cp = options.coeffParam ?? "mlp";
    if (cp !== "mlp" && cp !== "direct") throw new WcError("E_ARGUMENT", `MasaAtoms: coeffParam must be "mlp" or "direct", got "${String(cp)}"`);
    this.coeffParam = cp;
    const dtype = options.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") throw new WcError("E_DTYPE", `MasaAtoms: dtype must be float32 or float64, got ${String(dtype)}`);
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const alloc = (n: number) => (dtype === "float32" ? new Float32Array(n) : new Float64Array(n));
    const n = out * inFeatures;
    const a = alloc(S * n);
    const bound = 1 / Math.sqrt(inFeatures);
    for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-bound, bound);
    this.atoms = this.registerParameter("atoms", tensor(a, [S, n]));
    if (cp === "direct") {
      const c = alloc(L * S);
      for (let i = 0; i < c.length; i++) c[i] = rng.standardNormal() / Math.sqrt(S);
      this.coeffs = this.registerParameter("coeffs", tensor(c, [L, S]));
      this.embeddings = null;
      this.coeffMlp = null;
    } else {
      const embDim = checkPositiveInt(options.embDim ?? 64, "MasaAtoms: embDim");
      const hidden = checkPositiveInt(options.hidden ?? 64, "MasaAtoms: hidden");
      const e = alloc(L * embDim);
      for (let i = 0; i < e.length; i++) e[i] = rng.standardNormal();
      this.embeddings = this.registerParameter("embeddings", tensor(e, [L, embDim]));
      this.coeffMlp = this.registerModule("coeff_mlp", new MLP([embDim, hidden, hidden, S], { activation: "gelu", dtype, rng }));
      this.coeffs = null;
      // Rescale the last layer (bias to 0) so the initial coefficients have variance 1/S.
      const last = this.coeffMlp.layers[2]!;
      if (last.bias) last.bias.value.data.fill(0);
      const c0 = noGrad(() => this.coefficients()).value.data;
      let ss = 0;
      for (const v of c0) ss += v * v;
      const f = ss > 0 ? Math.sqrt(1 / S / (ss / c0.length)) : 1;
      const w = last.weight.value.data;
      for (let i = 0; i < w.length; i++) w[i] = w[i]! * f;
    }
  }

  /** The `L x S` coefficient matrix (a Var: gradients reach the MLP/embeddings or the table). */
  coefficients(): Var {
    if (this.coeffs) return this.coeffs;
    return this.coeffMlp!.call(this.embeddings!);
  }

  /**
   * Layer `layer`'s weight `Σ_s c_ls D_s` as an `out x in` Var.
   * @param layer - `0 <= layer < L`
   * @param coefficients - the coefficients, when already computed for this step (saves the MLP pass)
   * @throws {WcError} `E_RANGE` for a layer out of range.
   */
  weight(layer: number, coefficients?: Var): Var {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.L) throw new WcError("E_RANGE", `MasaAtoms.weight: layer must be in [0, ${this.L - 1}], got ${layer}`);
    const c = slice(coefficients ?? this.coefficients(), [[layer, layer + 1], null]);
    return reshape(matmul(c, this.atoms), [this.out, this.inFeatures]);
  }

  /**
   * `x Ŵ_0ᵀ`: a MasaAtoms module is not a layer by itself; use {@link MasaAtoms.weight} or
   * {@link MasaAtoms.project} for layer `l`. Provided for the `Module` contract.
   */
  forward(x: Var): Var {
    return this.project(x, 0);
  }

  /** `x Ŵ_lᵀ` for inputs `[..., in]`. */
  project(x: Var, layer: number, coefficients?: Var): Var {
    return linear(x, this.weight(layer, coefficients));
  }

  /**
   * The trained dictionary with the MLP and embeddings discarded (paper: only C is kept): Float64
   * atoms and the `L x S` coefficients.
   * @example
   * const dict = q.toDictionary(); reconstruct(dict, 3);
   */
  toDictionary(): Dictionary {
    const c = noGrad(() => this.coefficients()).value.data;
    const a = this.atoms.value.data;
    const n = this.out * this.inFeatures;
    const atoms: Matrix[] = [];
    for (let s = 0; s < this.S; s++) atoms.push(tensor(Float64Array.from(a.subarray(s * n, (s + 1) * n)), [this.out, this.inFeatures]));
    return { atoms, coeffs: Float64Array.from(c) };
  }

  /** Parameters kept after training: `S·out·in + L·S` (see {@link masaParamCount}). */
  deployedParams(): number {
    return this.S * this.out * this.inFeatures + this.L * this.S;
  }
}

/**
 * Initialises the trained form of one projection type (spec `initMasa`): a {@link MasaAtoms} module.
 * @param p - `{ L, out, in }` plus the {@link MasaAtomsOptions}
 * @param rng - the generator of the initial values
 * @returns the module
 * @throws {WcError} as {@link MasaAtoms}.
 * @example
 * const k = initMasa({ L: 12, out: 256, in: 768, S: 4 }, new Rng(0));
 */
export function initMasa(p: { L: number; out: number; in: number } & Omit<MasaAtomsOptions, "rng" | "seed">, rng: Rng): MasaAtoms {
  return new MasaAtoms(p.L, p.out, p.in, { ...p, rng });
}
