import { Rng } from "@wc/tensor";

/** The generator to use: the caller's `rng`, else a new one seeded with `seed` (default 0). */
export function resolveRng(rng: Rng | undefined, seed: number | undefined): Rng {
  return rng ?? new Rng(seed ?? 0);
}
