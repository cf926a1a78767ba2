// Shared by the masa tests: WcError code catchers and the tiny Llama's attention as a MASA bank.
import { isWcError } from "@wc/tensor";
import { LlamaForCausalLM, loadLlamaWeights, type LlamaConfig } from "@wc/models";
import { loadFixture, loadManifest } from "@wc/fixtures";
import { MasaProjections } from "../src/index";

/** The WcError code `f` throws (a marker for other errors), or undefined when it does not throw. */
export const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isWcError(e) ? e.code : "not a WcError";
  }
  return undefined;
};

/** {@link code} for a promise. */
export const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
  } catch (e) {
    return isWcError(e) ? e.code : String(e);
  }
  return undefined;
};

/**
 * The tiny Llama fixture and a MASA bank that reproduces its attention exactly: S = L atoms per
 * projection type, atom l = layer l's weight, identity coefficients.
 */
export async function llamaAttentionAsAtoms(): Promise<{ cfg: LlamaConfig; lm: LlamaForCausalLM; bank: MasaProjections; L: number }> {
  const { fixtures } = await loadManifest();
  const cfg = fixtures["tiny-llama"].hyperparameters as unknown as LlamaConfig;
  const lm = new LlamaForCausalLM(cfg);
  const sd = await loadFixture("tiny-llama");
  loadLlamaWeights(lm, sd);
  const L = cfg.numHiddenLayers!;
  const bank = new MasaProjections({ hiddenSize: cfg.hiddenSize, numAttentionHeads: cfg.numAttentionHeads, numKeyValueHeads: cfg.numKeyValueHeads, ropeTheta: cfg.ropeTheta }, L, { S: L, coeffParam: "direct" });
  for (const p of ["q", "k", "v", "o"] as const) {
    const b = bank.banks[p]!;
    for (let l = 0; l < L; l++) {
      b.atoms.value.data.set(sd.tensor(`model.layers.${l}.self_attn.${p}_proj.weight`).data as Float32Array, l * b.out * b.inFeatures);
      for (let s = 0; s < L; s++) b.coeffs!.value.data[l * L + s] = l === s ? 1 : 0;
    }
  }
  return { cfg, lm, bank, L };
}
