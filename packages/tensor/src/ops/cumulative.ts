import { contiguous, rowMajorStrides, tensor } from "../create";
import { ARRAY_TYPES, dtypeOf, sizeOf, type FloatTensor, type Tensor } from "../types";
import { assertFloat } from "../validate";
import { forEachLane } from "./lane-walk";
import { normalizeAxis } from "./layout";

/** Options of {@link cumsum} and {@link cumprod}. */
export interface CumulativeOptions {
  /** Axis to accumulate along; default undefined: the flattened tensor (row-major), as NumPy. */
  axis?: number;
}

function cumulative(x: FloatTensor, options: CumulativeOptions, product: boolean, where: string): FloatTensor {
  assertFloat(x, where);
  let src: Tensor = x;
  let ax: number;
  if (options.axis === undefined) {
    const c = contiguous(x);
    src = tensor(c.data, [c.size]);
    ax = 0;
  } else {
    ax = normalizeAxis(options.axis, x.shape.length, where);
  }
  const shape = [...src.shape];
  const out = tensor(new ARRAY_TYPES[dtypeOf(x)](sizeOf(shape)), shape) as FloatTensor;
  const o = out.data;
  const d = src.data;
  const n = shape[ax]!;
  const st = src.stride[ax]!;
  const so = rowMajorStrides(shape)[ax]!;
  forEachLane(src, ax, shape, (px, po) => {
    if (product) {
      let s = 1;
      for (let i = 0; i < n; i++, px += st, po += so) o[po] = s *= d[px]!;
      return;
    }
    // Neumaier-compensated running sum
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++, px += st, po += so) {
      const v = d[px]!;
      const t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
      o[po] = s + c;
    }
  });
  return out;
}

/**
 * Cumulative sum along an axis (same shape) or over the flattened tensor (1-D), as `np.cumsum`;
 * the running sum is Neumaier-compensated in double. NaN propagates.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_SHAPE` for a bad axis.
 * @example
 * cumsum(fromNested([[1, 2], [3, 4]]), { axis: 1 }); // [[1, 3], [3, 7]]
 * cumsum(fromNested([[1, 2], [3, 4]])); // [1, 3, 6, 10]
 */
export function cumsum(x: FloatTensor, options: CumulativeOptions = {}): FloatTensor {
  return cumulative(x, options, false, "cumsum");
}

/**
 * Cumulative product along an axis or over the flattened tensor, as `np.cumprod`.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_SHAPE` for a bad axis.
 * @example
 * cumprod(fromNested([1, 2, 3, 4])); // [1, 2, 6, 24]
 */
export function cumprod(x: FloatTensor, options: CumulativeOptions = {}): FloatTensor {
  return cumulative(x, options, true, "cumprod");
}
