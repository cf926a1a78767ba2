/** Internal broadcasting driver for elementwise ops with up to three inputs. */
import { tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, sizeOf, type DType, type Tensor, type TensorData } from "../types";
import { broadcastShapes, broadcastStrides, RowWalker } from "./layout";
import { rowMajorStrides } from "../create";

/** A tensor operand or a scalar (broadcast everywhere). */
export type Operand = Tensor | number;

/** A row kernel: writes `n` results at `o[po + j*io]` from the inputs at their offsets and strides. */
export type RowKernel = (
  ins: readonly TensorData[],
  pin: readonly number[],
  iin: readonly number[],
  o: TensorData,
  po: number,
  io: number,
  n: number,
) => void;

interface Prepared {
  data: TensorData;
  strides: number[];
  offset: number;
}

function prepare(x: Operand, shape: number[]): Prepared {
  if (typeof x === "number") return { data: Float64Array.of(x), strides: new Array<number>(shape.length).fill(0), offset: 0 };
  return { data: x.data, strides: broadcastStrides(x, shape), offset: x.offset };
}

/**
 * Broadcasts the operands, allocates a row-major output of `dtype`, and runs `kernel` row by row.
 * @throws {WcError} `E_SHAPE` when the shapes do not broadcast.
 */
export function mapRows(operands: readonly Operand[], dtype: DType, kernel: RowKernel, where: string): Tensor {
  const shapes = operands.map((o) => (typeof o === "number" ? [] : o.shape));
  const shape = broadcastShapes(shapes, where);
  const out = tensor(new ARRAY_TYPES[dtype](sizeOf(shape)), shape);
  runRows(operands, shape, out.data, rowMajorStrides(shape), 0, kernel);
  return out;
}

/**
 * Like {@link mapRows} but writes into `target` (any strides); the broadcast shape must equal the
 * target's shape.
 * @throws {WcError} `E_SHAPE` when the operands do not broadcast to `target.shape`.
 */
export function mapRowsInto(target: Tensor, operands: readonly Operand[], kernel: RowKernel, where: string): Tensor {
  const shapes = operands.map((o) => (typeof o === "number" ? [] : o.shape));
  const shape = broadcastShapes([target.shape, ...shapes], where);
  if (shape.length !== target.shape.length || shape.some((e, i) => e !== target.shape[i])) {
    throw new WcError(
      "E_SHAPE",
      `${where}: the result has shape [${shape.join(", ")}] but the in-place target is [${target.shape.join(", ")}]; only the other operands may broadcast`,
    );
  }
  runRows(operands, shape, target.data, target.stride, target.offset, kernel);
  return target;
}

function runRows(
  operands: readonly Operand[],
  shape: number[],
  od: TensorData,
  ostr: readonly number[],
  ooff: number,
  kernel: RowKernel,
): void {
  const prep = operands.map((o) => prepare(o, shape));
  const w = new RowWalker(shape, [...prep.map((p) => p.strides), ostr], [...prep.map((p) => p.offset), ooff]);
  const ins = prep.map((p) => p.data);
  const k = ins.length;
  const iin = w.inner.slice(0, k);
  const io = w.inner[k]!;
  const pin = new Array<number>(k);
  for (let r = 0; r < w.rows; r++) {
    for (let i = 0; i < k; i++) pin[i] = w.pos[i]!;
    kernel(ins, pin, iin, od, w.pos[k]!, io, w.n);
    w.next();
  }
}
