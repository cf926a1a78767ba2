import { Activation, BatchNorm2d, Conv2d, Flatten, Linear, MLP, MaxPool2d, Reshape, Sequential, type Module } from "@wc/nn";
import { Rng } from "@wc/tensor";

/**
 * Kaiming-normal weights N(0, 2/fan_in) for every Linear/Conv2d weight and zero biases, IN PLACE
 * (the spec toy's student init; PyTorch's default uniform init is sqrt(6) times narrower and sparse
 * tickets of it train slowly).
 * @param model - the module to re-initialise
 * @param seed - seed of the draws
 * @returns the module
 * @example
 * kaimingNormalInPlace(new MLP([64, 10]), 0);
 */
export function kaimingNormalInPlace<M extends Module>(model: M, seed: number): M {
  const rng = new Rng(seed);
  for (const [, m] of model.namedModules()) {
    if (!(m instanceof Linear || m instanceof Conv2d)) continue;
    const w = m.weight.data;
    const fanIn = m.weight.value.size / m.weight.shape[0]!;
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
    m.bias?.data.fill(0);
  }
  return model;
}

/**
 * The reference digits MLP: `MLP([64, 128, 128, 10])`, ReLU, Kaiming-normal weights and zero biases
 * (the spec toy's student: d = 25,856 prunable weights).
 * @param options - `seed` (default 0)
 * @returns a new module
 * @example
 * const mlp = digitsMlp({ seed: 1 });
 */
export function digitsMlp(options: { seed?: number } = {}): Module {
  return kaimingNormalInPlace(new MLP([64, 128, 128, 10], { seed: options.seed ?? 0 }), options.seed ?? 0);
}

/**
 * The small digits CNN (a 2-conv CNN on 8x8 images): flat 64-pixel rows reshaped to
 * `[N, 1, 8, 8]`, Conv(1→16, 3x3, pad 1)-BN-ReLU-MaxPool(2), Conv(16→32, 3x3, pad 1)-BN-ReLU-
 * MaxPool(2), Flatten, Linear(128→10), Kaiming-normal weights, zero biases (d = 6,032 prunable weights).
 * @param options - `seed` (default 0)
 * @returns a new module
 * @example
 * const cnn = digitsCnn({ seed: 1 });
 */
export function digitsCnn(options: { seed?: number } = {}): Module {
  const seed = options.seed ?? 0;
  const net = new Sequential(
    new Reshape([-1, 1, 8, 8]),
    new Conv2d(1, 16, 3, { padding: 1, seed: seed * 7 + 1 }),
    new BatchNorm2d(16),
    new Activation("relu"),
    new MaxPool2d(2),
    new Conv2d(16, 32, 3, { padding: 1, seed: seed * 7 + 2 }),
    new BatchNorm2d(32),
    new Activation("relu"),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(128, 10, { seed: seed * 7 + 3 }),
  );
  return kaimingNormalInPlace(net, seed);
}
