import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { WcError, type Tensor } from "@wc/tensor";
import { parseOnnx, serializeOnnx, type OnnxModel } from "../onnx";
import type { StateDict, TensorEntry } from "../state-dict";
import { writeFileAtomic } from "./atomic-write";
import { readFileBytes } from "./file-source";

function readExternal(dir: string, location: string, offset: number, length: number | undefined): Uint8Array {
  const rel = normalize(location);
  if (isAbsolute(rel) || rel.startsWith("..")) {
    throw new WcError("E_FORMAT", `onnx: external data location ${location} must be a path inside the model's folder`);
  }
  const path = join(dir, rel);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const n = length ?? size - offset;
    if (offset + n > size) throw new WcError("E_FORMAT", `onnx: external data [${offset}, ${offset + n}) is outside ${path} (${size} bytes)`);
    const buf = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const r = readSync(fd, buf, done, n - done, offset + done);
      if (r === 0) break;
      done += r;
    }
    return buf.subarray(0, done);
  } catch (e) {
    if (e instanceof WcError) throw e;
    throw new WcError("E_IO", `onnx: cannot read external data ${path}: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Loads an ONNX model file, reading external-data tensors from files beside it.
 * @throws {WcError} `E_IO` when a file cannot be read; `E_FORMAT` as `parseOnnx`.
 * @example
 * const model = await loadOnnx("model.onnx");
 */
export async function loadOnnx(path: string): Promise<OnnxModel> {
  const dir = dirname(path);
  return parseOnnx(await readFileBytes(path), { externalData: (loc, off, len) => readExternal(dir, loc, off, len) });
}

/**
 * Writes an ONNX model with chosen tensors replaced, atomically. Unreplaced external-data
 * tensors keep their references, so write into the folder that holds their files.
 * @throws {WcError} `E_IO` when the write fails; others as `serializeOnnx`.
 * @example
 * await saveOnnx("out.onnx", model, { "linear_77.w_0": scaled });
 */
export async function saveOnnx(path: string, model: OnnxModel, replacements: StateDict | Record<string, Tensor | TensorEntry> = {}): Promise<void> {
  await writeFileAtomic(path, serializeOnnx(model, replacements));
}
