import { WcError, copy, type FloatTensor } from "@wc/tensor";
import type { Module } from "../modules/module";
import { RunningStats } from "./running-stats";

/** Which side of a module to capture. */
export type CaptureSide = "input" | "output" | "both";

/** Options of {@link captureActivations}. */
export interface CaptureOptions {
  /**
   * Modules to hook, by dotted name (as `namedModules()` lists them) or a predicate; default every
   * module without children (the leaves: Linear, Conv2d, norms, activations).
   */
  modules?: readonly string[] | ((name: string, module: Module) => boolean);
  /** Capture the module's input, output or both; default `"input"` (what calibration methods read). */
  side?: CaptureSide;
  /**
   * `"stats"` (default) keeps only per-channel running statistics; `"record"` keeps a copy of every
   * captured tensor (memory grows with the calibration set).
   */
  mode?: "stats" | "record";
  /** Channel axis for statistics; default -1 (features of a Linear input). Use 1 for `[N, C, H, W]`. */
  channelAxis?: number;
}

/** Captured data of one module. */
export interface CaptureEntry {
  /** Running statistics of the inputs (stats mode, side input/both). */
  inputStats?: RunningStats;
  /** Running statistics of the outputs (stats mode, side output/both). */
  outputStats?: RunningStats;
  /** Copies of every input (record mode), in call order. */
  inputs: FloatTensor[];
  /** Copies of every output (record mode), in call order. */
  outputs: FloatTensor[];
  /** Forward calls seen. */
  calls: number;
}

/** A live capture: read `entries`, then `remove()` the hooks. */
export interface ActivationCapture {
  /** Module name -> captured data. */
  readonly entries: Map<string, CaptureEntry>;
  /** Removes every hook (the entries stay readable). */
  remove(): void;
}

/**
 * Hooks named modules of `root` to record inputs/outputs, or running per-channel statistics (mean,
 * sum of squares, variance) without keeping activations, during forward passes over a calibration
 * set. Run the forward passes under `noGrad` to avoid building graphs.
 * @param root - the model
 * @param options - see {@link CaptureOptions}
 * @returns the capture (call `remove()` when done)
 * @throws {WcError} `E_ARGUMENT` for a module name that does not exist.
 * @example
 * const cap = captureActivations(model, { modules: ["layers.0"], side: "input" });
 * noGrad(() => { for (const b of calib) model.call(new Var(b.x)); });
 * cap.entries.get("layers.0")!.inputStats!.sumSq; cap.remove();
 */
export function captureActivations(root: Module, options: CaptureOptions = {}): ActivationCapture {
  const all = root.namedModules();
  const sel = options.modules;
  let chosen: [string, Module][];
  if (sel === undefined) chosen = all.filter(([, m]) => m.namedModules().length === 1);
  else if (typeof sel === "function") chosen = all.filter(([n, m]) => sel(n, m));
  else {
    const byName = new Map(all);
    chosen = sel.map((n) => {
      const m = byName.get(n);
      if (!m) throw new WcError("E_ARGUMENT", `captureActivations: no module named "${n}"; known: ${all.map(([k]) => k || "(root)").join(", ")}`);
      return [n, m];
    });
  }
  const side = options.side ?? "input";
  const stats = (options.mode ?? "stats") === "stats";
  const axis = options.channelAxis ?? -1;
  const entries = new Map<string, CaptureEntry>();
  const removers = chosen.map(([name, m]) => {
    const e: CaptureEntry = { inputs: [], outputs: [], calls: 0 };
    if (stats && side !== "output") e.inputStats = new RunningStats();
    if (stats && side !== "input") e.outputStats = new RunningStats();
    entries.set(name, e);
    return m.registerForwardHook((_mod, x, y) => {
      e.calls++;
      if (side !== "output") {
        if (stats) e.inputStats!.update(x.value, axis);
        else e.inputs.push(copy(x.value) as FloatTensor);
      }
      if (side !== "input") {
        if (stats) e.outputStats!.update(y.value, axis);
        else e.outputs.push(copy(y.value) as FloatTensor);
      }
    });
  });
  return {
    entries,
    remove: () => removers.forEach((r) => r()),
  };
}
