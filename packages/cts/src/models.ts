import { Activation, BatchNorm2d, Conv2d, Flatten, Linear, MLP, MaxPool2d, Reshape, Sequential, type Module } from "@wc/nn";

/**
 * The reference digits MLP: `MLP([64, 128, 128, 10])`, ReLU, PyTorch-style init (d = 25,856
 * prunable weights, the size of the spec's toy student).
 * @param options - `seed` (default 0)
 * @returns a new module
 * @example
 * const mlp = digitsMlp({ seed: 1 });
 */
export function digitsMlp(options: { seed?: number } = {}): Module {
  return new MLP([64, 128, 128, 10], { seed: options.seed ?? 0 });
}

/**
 * The small digits CNN (a 2-conv CNN on 8x8 images): flat 64-pixel rows reshaped to
 * `[N, 1, 8, 8]`, Conv(1→16, 3x3, pad 1)-BN-ReLU-MaxPool(2), Conv(16→32, 3x3, pad 1)-BN-ReLU-
 * MaxPool(2), Flatten, Linear(128→10) (d = 6,032 prunable weights).
 * @param options - `seed` (default 0)
 * @returns a new module
 * @example
 * const cnn = digitsCnn({ seed: 1 });
 */
export function digitsCnn(options: { seed?: number } = {}): Module {
  const seed = options.seed ?? 0;
  return new Sequential(
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
}
