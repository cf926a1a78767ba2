import ndarray from "ndarray";
import { tensor } from "../create";
import { WcError } from "../errors";
import type { Tensor } from "../types";
import { readMatrix, type Mat } from "./dense";

/**
 * Reads a right-hand side: a 1-D vector (returned as an `n x 1` Mat, `vector` true) or a 2-D
 * matrix, checking that it has `rows` rows.
 */
export function readRhs(B: Tensor, rows: number, where: string): { B: Mat; vector: boolean } {
  const vector = B.shape.length === 1;
  const view = vector ? (ndarray(B.data, [B.shape[0]!, 1], [B.stride[0]!, 1], B.offset) as Tensor) : B;
  const M = readMatrix(view, `${where} B`);
  if (M.m !== rows) {
    throw new WcError("E_SHAPE", `${where}: B must have ${rows} rows to match A, got shape [${B.shape.join(", ")}]`, {
      rows,
      b: [...B.shape],
    });
  }
  return { B: M, vector };
}

/** Wraps a solution Mat back as 1-D (when the right-hand side was a vector) or 2-D float64. */
export function writeRhs(X: Mat, vector: boolean): Tensor<Float64Array> {
  return vector ? tensor(X.d, [X.m]) : tensor(X.d, [X.m, X.n]);
}
