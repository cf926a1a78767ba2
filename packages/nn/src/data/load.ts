import { WcError } from "@wc/tensor";
import { parseLabeledCsv, type Dataset } from "./dataset";

/** The bundled data sets. */
export type DatasetName = "digits" | "iris" | "breast-cancer";

const FILES: Record<DatasetName, { file: string; header: boolean; scale: number }> = {
  digits: { file: "digits.csv.gz", header: false, scale: 1 / 16 },
  iris: { file: "iris.csv", header: true, scale: 1 },
  "breast-cancer": { file: "breast_cancer.csv", header: true, scale: 1 },
};

/**
 * Loads a bundled data set (Node only: reads the package's `data/` folder with `node:fs` and
 * gunzips with `node:zlib`, imported lazily so browser bundles never load them). Digits pixels
 * are scaled from 0..16 to 0..1.
 * @param name - `"digits"` (1797 x 64, 10 classes), `"iris"` (150 x 4, 3), `"breast-cancer"` (569 x 30, 2)
 * @param options - `dir`: read from this folder instead of the bundled one
 * @returns the dataset (float32 features)
 * @throws {WcError} `E_ARGUMENT` for an unknown name; `E_IO` when the file cannot be read.
 * @example
 * const digits = await loadDataset("digits");
 */
export async function loadDataset(name: DatasetName, options: { dir?: string } = {}): Promise<Dataset> {
  const spec = FILES[name];
  if (!spec) throw new WcError("E_ARGUMENT", `loadDataset: unknown data set "${String(name)}"; use digits, iris or breast-cancer`);
  const text = await readDataFile(spec.file, options.dir);
  return parseLabeledCsv(text, { header: spec.header, scale: spec.scale });
}

/**
 * Reads a bundled data file as text (gunzipping `.gz`), from `dir` or the package's `data/` folder.
 * Node only; `node:*` modules are imported lazily.
 * @internal
 */
export async function readDataFile(file: string, dir?: string): Promise<string> {
  const fs = await import("node:fs/promises");
  const zlib = await import("node:zlib");
  const { fileURLToPath } = await import("node:url");
  const candidates = dir ? [`${dir}/${file}`] : ["../data/", "../../data/"].map((d) => fileURLToPath(new URL(d + file, import.meta.url)));
  let bytes: Uint8Array | null = null;
  for (const p of candidates) {
    try {
      bytes = await fs.readFile(p);
      break;
    } catch {
      // try the next location (source tree vs. built dist)
    }
  }
  if (!bytes) throw new WcError("E_IO", `cannot read ${file} from ${candidates.join(" or ")}`);
  return new TextDecoder().decode(file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes);
}
