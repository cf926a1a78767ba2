import { accumulate, makeOutput, type Var } from "../autograd/var";
import { convBackwardKernel, convForwardKernel, type ConvSpec } from "./conv-kernels";
import { conv2dChunked, type Conv2dOptions } from "./conv";

/**
 * The input gradient of a convolution as a differentiable op: `D(gy, w) = conv^T(gy, w)`, shaped
 * like the convolution's input. With {@link convWeightGrad} and `conv2d` it closes under
 * differentiation: `<h, D(g, w)>` has gradients `conv2d(h, w)` in `g` and `E(h, g)` in `w`.
 * @internal
 */
export function convInputGrad(gy: Var, w: Var, sp: ConvSpec, options: Conv2dOptions, budget: number): Var {
  const { N, C, geo } = sp;
  const out = convBackwardKernel(gy.data, null, w.data, sp).gx!;
  return makeOutput(
    out,
    [N, C, geo.H, geo.W],
    [gy, w],
    (h) => {
      if (gy.requiresGrad) accumulate(gy, convForwardKernel(h, w.data, null, sp), true);
      if (w.requiresGrad) accumulate(w, convBackwardKernel(gy.data, h, null, sp).gw!, true);
    },
    "conv2d input gradient",
    (h) => [
      gy.requiresGrad ? conv2dChunked(h, w, null, options, budget) : null,
      w.requiresGrad ? convWeightGrad(h, gy, sp, options, budget) : null,
    ],
  );
}

/**
 * The weight gradient of a convolution as a differentiable op: `E(x, gy)`, shaped like the
 * weight; `<k, E(x, g)>` has gradients `D(g, k)` in `x` and `conv2d(x, k)` in `g`.
 * @internal
 */
export function convWeightGrad(x: Var, gy: Var, sp: ConvSpec, options: Conv2dOptions, budget: number): Var {
  const { O, C, G, geo } = sp;
  const out = convBackwardKernel(gy.data, x.data, null, sp).gw!;
  return makeOutput(
    out,
    [O, C / G, geo.KH, geo.KW],
    [x, gy],
    (k) => {
      if (x.requiresGrad) accumulate(x, convBackwardKernel(gy.data, null, k, sp).gx!, true);
      if (gy.requiresGrad) accumulate(gy, convForwardKernel(x.data, k, null, sp), true);
    },
    "conv2d weight gradient",
    (k) => [
      x.requiresGrad ? convInputGrad(gy, k, sp, options, budget) : null,
      gy.requiresGrad ? conv2dChunked(x, k, null, options, budget) : null,
    ],
  );
}
