import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { llamaConfigFromHf, type ResolvedLlamaConfig } from "@wc/models";
import { WcError } from "@wc/tensor";

/** The HF config.json of a checkpoint: `--config`, else `<name>.config.json` beside it, else `config.json` in its folder. @internal */
export async function findConfig(model: string, given?: string): Promise<ResolvedLlamaConfig> {
  const candidates = given ? [given] : [model.replace(/\.safetensors(\.index\.json)?$/, ".config.json"), join(dirname(model), "config.json")];
  for (const c of candidates) {
    let text: string;
    try {
      text = await readFile(c, "utf8");
    } catch (e) {
      if (given) throw new WcError("E_IO", `masa: cannot read --config ${c}: ${(e as Error).message}`);
      continue;
    }
    try {
      return llamaConfigFromHf(JSON.parse(text) as Record<string, unknown>);
    } catch (e) {
      throw e instanceof WcError ? e : new WcError("E_FORMAT", `masa: ${c} is not valid JSON`);
    }
  }
  throw new WcError("E_IO", `masa: calibration runs the model and needs its config.json; none found for ${model} (tried ${candidates.join(", ")}); pass --config`);
}

/** Calibration text as byte tokens (UTF-8; `.gz` is gunzipped). @internal */
export async function readTokens(path: string): Promise<Uint8Array> {
  let buf: Uint8Array;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new WcError("E_IO", `masa: cannot read calibration text ${path}: ${(e as Error).message}`);
  }
  return path.endsWith(".gz") ? gunzipSync(buf) : buf;
}
