import { WcError, assertFloat, contiguous, type FloatArray, type FloatTensor, type Tensor } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, fmt, sameShape, wrap } from "../internal/alloc";

/** The forward of a {@link customOp}: input values in, output value out (do not mutate inputs). */
export type CustomForward = (inputs: readonly FloatTensor[]) => Tensor;
/**
 * The backward of a {@link customOp}: given the output gradient, the input values and the output
 * value, return one gradient per input (same shape as that input), or null for none.
 */
export type CustomBackward = (grad: FloatTensor, inputs: readonly FloatTensor[], output: FloatTensor) => readonly (Tensor | null)[];

/**
 * An op with a user-supplied backward rule, e.g. a straight-through estimator or a kernel the
 * library does not differentiate itself.
 * @param inputs - the Vars the op reads
 * @param forward - computes the output value
 * @param backward - computes the inputs' gradients
 * @returns the output Var
 * @throws {WcError} `E_SHAPE` when a returned gradient's shape differs from its input's;
 *   `E_ARGUMENT` when `backward` returns the wrong number of gradients; `E_DTYPE` for an integer output.
 * @example
 * const y = customOp([x], ([v]) => roundAll(v), (g) => [g]); // straight-through rounding
 */
export function customOp(inputs: readonly Var[], forward: CustomForward, backward: CustomBackward): Var {
  const vals = inputs.map((v) => v.value);
  const y = forward(vals);
  assertFloat(y, "customOp output");
  const yc = contiguous(y) as FloatTensor;
  const data = inputs.some((v) => v.data === yc.data) ? (yc.data.slice() as FloatArray) : yc.data;
  const shape = [...yc.shape];
  return makeOutput(data, shape, inputs, (g) => {
    const grads = backward(wrap(g, shape), vals, wrap(data, shape));
    if (grads.length !== inputs.length) {
      throw new WcError("E_ARGUMENT", `customOp: backward returned ${grads.length} gradients for ${inputs.length} inputs`);
    }
    grads.forEach((gi, i) => {
      const v = inputs[i]!;
      if (gi === null || !v.requiresGrad) return;
      if (!sameShape(gi.shape, v.shape)) {
        throw new WcError("E_SHAPE", `customOp: gradient ${i} has shape ${fmt(gi.shape)}, input has ${fmt(v.shape)}`);
      }
      const c = contiguous(gi);
      const arr = allocLike(v.data, v.data.length);
      for (let j = 0; j < arr.length; j++) arr[j] = c.data[c.offset + j]!;
      accumulate(v, arr, true);
    });
  }, "customOp");
}

/**
 * Applies `f` elementwise in the forward pass and passes the gradient through unchanged in the
 * backward pass (the straight-through estimator of quantisation-aware training).
 * @param x - input
 * @param f - elementwise map, e.g. `Math.round` or `Math.sign`
 * @returns the mapped Var whose gradient is the identity
 * @example
 * straightThrough(w, (v) => Math.round(v * 8) / 8); // 3-bit-style rounding, STE gradient
 */
export function straightThrough(x: Var, f: (v: number) => number): Var {
  return customOp(
    [x],
    ([v]) => {
      const d = allocLike(v!.data, v!.data.length);
      for (let i = 0; i < d.length; i++) d[i] = f(v!.data[i]!);
      return wrap(d, v!.shape);
    },
    (g) => [g],
  );
}
