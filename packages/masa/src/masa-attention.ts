import { Rng, WcError, tensor } from "@wc/tensor";
import { Module, linear, matmul, maskedFill, reshape, rope, scale, softmax, transpose, type Var } from "@wc/nn";
import { checkPositiveInt } from "./internal";
import { MasaAtoms, type MasaAtomsOptions } from "./masa-atoms";
import type { MasaKVCache } from "./kv-cache";
import { PROJECTIONS, type Proj } from "./types";

/** Attention geometry of {@link MasaProjections} / {@link MasaAttention} (Llama conventions). */
export interface MasaAttentionConfig {
  /** Model width `d`. */
  hiddenSize: number;
  /** Query heads `H`. */
  numAttentionHeads: number;
  /** Key/value heads (GQA); default `numAttentionHeads`. */
  numKeyValueHeads?: number;
  /** Size of each head; default `hiddenSize / numAttentionHeads`. */
  headDim?: number;
  /** RoPE base; default 10000. */
  ropeTheta?: number;
}

/** Options of {@link MasaProjections}. */
export interface MasaProjectionsOptions extends MasaAtomsOptions {
  /** Types built from shared atoms; the others are ordinary per-layer weights. Default all four ("MASA-QKVO"). */
  shared?: readonly Proj[];
}

interface Resolved {
  d: number;
  H: number;
  KV: number;
  hd: number;
  theta: number;
}

function resolveConfig(c: MasaAttentionConfig): Resolved {
  const d = checkPositiveInt(c?.hiddenSize, "MasaAttention: hiddenSize");
  const H = checkPositiveInt(c.numAttentionHeads, "MasaAttention: numAttentionHeads");
  const KV = checkPositiveInt(c.numKeyValueHeads ?? H, "MasaAttention: numKeyValueHeads");
  if (H % KV !== 0) throw new WcError("E_ARGUMENT", `MasaAttention: numAttentionHeads (${H}) must be a multiple of numKeyValueHeads (${KV})`);
  const hd = c.headDim ?? d / H;
  checkPositiveInt(hd, "MasaAttention: headDim (hiddenSize / numAttentionHeads when not given)");
  const theta = c.ropeTheta ?? 10000;
  if (!(theta > 0)) throw new WcError("E_RANGE", `MasaAttention: ropeTheta must be > 0, got ${theta}`);
  return { d, H, KV, hd, theta };
}

/**
 * The Q/K/V/O projection weights of all `L` attention layers of a model: shared types come from a
 * {@link MasaAtoms} per type (children `q_atoms`, `k_atoms`, ...), the others are plain per-layer
 * parameters (`o_proj.<l>` style names `o_dense_<l>`, initialised like `nn.Linear`). With `shared: []`
 * it is the dense baseline with the same attention code.
 * @example
 * const bank = new MasaProjections({ hiddenSize: 128, numAttentionHeads: 4 }, 6, { S: 2 });
 */
export class MasaProjections extends Module {
  readonly shared: readonly Proj[];
  readonly banks: Partial<Record<Proj, MasaAtoms>> = {};
  private readonly dense: Partial<Record<Proj, Var[]>> = {};
  /** Resolved geometry. @internal */
  readonly geometry: Resolved;
  /**
   * @param config - attention geometry
   * @param L - number of layers
   * @param options - see {@link MasaProjectionsOptions}
   * @throws {WcError} `E_RANGE`/`E_ARGUMENT` for bad sizes or an unknown projection.
   */
  constructor(
    config: MasaAttentionConfig,
    readonly L: number,
    options: MasaProjectionsOptions = {},
  ) {
    super();
    const g = resolveConfig(config);
    this.geometry = g;
    checkPositiveInt(L, "MasaProjections: L");
    const shared = options.shared ?? PROJECTIONS;
    for (const p of shared) if (!PROJECTIONS.includes(p)) throw new WcError("E_ARGUMENT", `MasaProjections: unknown projection "${String(p)}"; expected q, k, v or o`);
    this.shared = [...shared];
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const dtype = options.dtype ?? "float32";
    for (const p of PROJECTIONS) {
      const [out, inn] = shapeOf(p, g);
      if (this.shared.includes(p)) {
        this.banks[p] = this.registerModule(`${p}_atoms`, new MasaAtoms(L, out, inn, { ...options, rng }));
      } else {
        const bound = 1 / Math.sqrt(inn);
        this.dense[p] = Array.from({ length: L }, (_, l) => {
          const w = dtype === "float32" ? new Float32Array(out * inn) : new Float64Array(out * inn);
          for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound);
          return this.registerParameter(`${p}_dense_${l}`, tensor(w, [out, inn]));
        });
      }
    }
  }

  /** Weight of projection `p` at layer `layer` (`out x in` Var). @throws {WcError} `E_RANGE` for a layer out of range. */
  weight(p: Proj, layer: number): Var {
    const b = this.banks[p];
    if (b) return b.weight(layer);
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.L) throw new WcError("E_RANGE", `MasaProjections.weight: layer must be in [0, ${this.L - 1}], got ${layer}`);
    return this.dense[p]![layer]!;
  }

  /** Parameters kept at deployment: atoms + `L x S` coefficients for shared types (MLP/embeddings dropped), dense weights otherwise. */
  deployedParams(): number {
    let n = 0;
    for (const p of PROJECTIONS) {
      const [out, inn] = shapeOf(p, this.geometry);
      n += this.banks[p] ? this.banks[p]!.deployedParams() : this.L * out * inn;
    }
    return n;
  }

  /** Not a layer: use {@link MasaAttention}. Returns its input (the `Module` contract). */
  forward(x: Var): Var {
    return x;
  }
}

function shapeOf(p: Proj, g: Resolved): [number, number] {
  if (p === "q") return [g.H * g.hd, g.d];
  if (p === "o") return [g.d, g.H * g.hd];
  return [g.KV * g.hd, g.d];
}

/**
 * Causal Llama-style self-attention of layer `layer` whose Q/K/V/O weights come from a shared
 * {@link MasaProjections} (not registered as a child: the model owns the bank once). RoPE with
 * `rotate_half` pairing, GQA head grouping and `1/sqrt(headDim)` scaling as Hugging Face's
 * `LlamaAttention`; input and output `[B, T, hiddenSize]`.
 * @example
 * const attn = new MasaAttention(bank, 2); const y = attn.call(x);
 */
export class MasaAttention extends Module {
  /**
   * @param projections - the shared weight bank
   * @param layer - this layer's index
   * @throws {WcError} `E_RANGE` for a layer out of range.
   */
  constructor(
    readonly projections: MasaProjections,
    readonly layer: number,
  ) {
    super();
    if (!Number.isInteger(layer) || layer < 0 || layer >= projections.L) throw new WcError("E_RANGE", `MasaAttention: layer must be in [0, ${projections.L - 1}], got ${layer}`);
  }

  /** Attention over `x [B, T, d]` alone (positions 0..T-1, no cache). */
  forward(x: Var): Var {
    return this.forwardCached(x, null);
  }

  /**
   * Attention of `x [B, T, d]` at positions `P..P+T-1` over the cached prefix (length `P`) and
   * itself, appending this step's keys/values (after RoPE) to `cache` (as @wc/models'
   * `LlamaAttention.forwardCached`).
   * @param x - hidden states
   * @param cache - the cache, or null for a prefix-free forward
   * @returns `[B, T, d]`
   * @throws {WcError} `E_SHAPE` for an input that is not `[B, T, hiddenSize]` or a batch that differs
   *   from the cached one.
   */
  forwardCached(x: Var, cache: MasaKVCache | null): Var {
    if (x.shape.length !== 3 || x.shape[2] !== this.projections.geometry.d) {
      throw new WcError("E_SHAPE", `MasaAttention: expected input [B, T, ${this.projections.geometry.d}], got [${x.shape.join(", ")}]`);
    }
    const [B, T] = x.shape as [number, number, number];
    const { H, KV, hd, theta } = this.projections.geometry;
    const G = H / KV;
    const w = (p: Proj) => this.projections.weight(p, this.layer);
    const past = cache ? cache.lengthOf(this.layer) : 0;
    const ro = { base: theta, offset: past, pairing: "half" as const };
    const q = rope(transpose(reshape(linear(x, w("q")), [B, T, KV, G, hd]), [0, 2, 3, 1, 4]), ro);
    let k = rope(transpose(reshape(linear(x, w("k")), [B, T, KV, hd]), [0, 2, 1, 3]), ro);
    let v = transpose(reshape(linear(x, w("v")), [B, T, KV, hd]), [0, 2, 1, 3]);
    if (cache) ({ k, v } = cache.append(this.layer, k, v));
    let scores = scale(matmul(reshape(q, [B, KV, G * T, hd]), transpose(k)), 1 / Math.sqrt(hd));
    if (T > 1) scores = maskedFill(scores, causalMask(G, T, past), -Infinity);
    const ctx = matmul(softmax(scores), v);
    const merged = reshape(transpose(reshape(ctx, [B, KV, G, T, hd]), [0, 3, 1, 2, 4]), [B, T, H * hd]);
    return linear(merged, w("o"));
  }
}

/** Mask `[G*T, past+T]`: query row r (position past + r % T) may not see keys after it. */
function causalMask(G: number, T: number, past: number) {
  const S = past + T;
  const m = new Uint8Array(G * T * S);
  for (let r = 0; r < G * T; r++) for (let j = past + (r % T) + 1; j < S; j++) m[r * S + j] = 1;
  return tensor(m, [G * T, S]);
}
