import type { ReportSection } from "@wc/command";
import type { LayerReport, ModelAnalysis } from "./analyze-model";
import type { LayerMetrics } from "./layer-metrics";

/** Options of {@link analysisSections}. */
export interface ReportOptions {
  /** Names of layers to draw ESD plots for; default: the layers of smallest and largest FARMS (else full) alpha. */
  plotLayers?: readonly string[];
  /** Extra per-layer columns (e.g. AlphaPruning ratio, TempBalance LR), keyed by column title. */
  extraColumns?: Readonly<Record<string, readonly (number | undefined)[]>>;
  /** Title prefix; default `"farms"`. */
  title?: string;
}

function r4(x: number | undefined): number | string {
  if (x === undefined) return "";
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(4));
}

function primary(l: LayerReport): LayerMetrics | undefined {
  return l.farms ?? l.full;
}

/** The layers to plot by default: smallest and largest alpha. */
export function defaultPlotLayers(layers: readonly LayerReport[]): string[] {
  const ok = layers.filter((l) => Number.isFinite(primary(l)?.alpha ?? Number.NaN));
  if (ok.length === 0) return [];
  let lo = ok[0]!;
  let hi = ok[0]!;
  for (const l of ok) {
    if (primary(l)!.alpha < primary(lo)!.alpha) lo = l;
    if (primary(l)!.alpha > primary(hi)!.alpha) hi = l;
  }
  return lo === hi ? [lo.name] : [lo.name, hi.name];
}

/** Empirical CCDF of the tail and the fitted power law `(x / xmin)^(1 - alpha)` on log-log axes. */
function tailSection(title: string, name: string, eigs: Float64Array, m: LayerMetrics): ReportSection {
  const N = eigs.length;
  const step = Math.max(1, Math.floor(N / 200));
  const empirical: [number, number][] = [];
  for (let i = 0; i < N; i += step) if (eigs[i]! > 0) empirical.push([eigs[i]!, (N - i) / N]);
  const frac = m.nTail / N;
  const fitted: [number, number][] = [];
  const lmax = eigs[N - 1]!;
  if (m.xmin > 0 && Number.isFinite(m.alpha) && lmax > m.xmin) {
    for (let k = 0; k <= 40; k++) {
      const x = m.xmin * (lmax / m.xmin) ** (k / 40);
      fitted.push([x, frac * (x / m.xmin) ** (1 - m.alpha)]);
    }
  }
  return {
    kind: "line",
    title: `${title}: ${name} tail (CCDF)`,
    x: "eigenvalue",
    y: "P(X >= x)",
    series: [
      { name: "ESD", points: empirical },
      { name: `power law alpha ${r4(m.alpha)}`, points: fitted },
    ],
    logX: true,
    logY: true,
    note: `fitted tail: xmin ${r4(m.xmin)}, ${m.nTail} of ${N} eigenvalues, KS D ${r4(m.D)}`,
  };
}

/**
 * Report sections for a {@link ModelAnalysis}: the per-layer metrics table, alpha bars (FARMS next
 * to the full ESD for each layer), and for the chosen layers a log-log ESD histogram and the tail
 * CCDF with the fitted power law (needs the layer's eigenvalues, i.e. `keepEigs`).
 *
 * @param analysis - the result of {@link analyzeModel}.
 * @param options - {@link ReportOptions}.
 * @returns report sections for @wc/cli.
 * @example
 * const sections = analysisSections(await analyzeModel(sd, { keepEigs: true }));
 */
export function analysisSections(analysis: ModelAnalysis, options: ReportOptions = {}): ReportSection[] {
  const title = options.title ?? "farms";
  const { layers, skipped } = analysis;
  const extra = Object.entries(options.extraColumns ?? {});
  const sections: ReportSection[] = [];
  sections.push({
    kind: "table",
    title: `${title}: per-layer heavy-tail metrics`,
    columns: ["layer", "shape", "alpha (full)", "alpha (FARMS)", "alpha-hat", "D", "xmin", "lambda max", "stable rank", "log norm", "windows", ...extra.map(([k]) => k)],
    rows: layers.map((l, i) => {
      const p = primary(l);
      return [
        l.name,
        l.shape.join("x"),
        r4(l.full?.alpha),
        r4(l.farms?.alpha),
        r4(p?.alphaHat),
        r4(p?.D),
        r4(p?.xmin),
        r4(p?.spectralNorm),
        r4(p?.stableRank),
        r4(p?.logNorm),
        l.farms ? `${l.farms.windows} x ${l.farms.windowRows}x${l.farms.windowCols}` : "",
        ...extra.map(([, v]) => r4(v[i])),
      ];
    }),
    note: "alpha-hat, D, xmin, lambda max, stable rank and log norm are from the FARMS ESD when present, else the full ESD. Conv2d FARMS rows average over row blocks.",
  });
  const bars: { label: string; value: number }[] = [];
  for (const l of layers) {
    if (l.farms && Number.isFinite(l.farms.alpha)) bars.push({ label: `${l.name} FARMS`, value: l.farms.alpha });
    if (l.full && Number.isFinite(l.full.alpha)) bars.push({ label: `${l.name} full`, value: l.full.alpha });
  }
  if (bars.length > 0) {
    sections.push({
      kind: "bar",
      title: `${title}: alpha per layer, FARMS vs full ESD`,
      x: "layer",
      y: "alpha",
      data: bars,
      note: "Smaller alpha = heavier tail. Full-ESD alpha grows with the aspect ratio of the matrix; FARMS alpha does not.",
    });
  }
  const plot = options.plotLayers ?? defaultPlotLayers(layers);
  for (const name of plot) {
    const l = layers.find((x) => x.name === name);
    if (!l) continue;
    const eigs = l.eigs?.farms ?? l.eigs?.full;
    const m = l.eigs?.farms ? l.farms : l.full;
    if (!eigs || !m || eigs.length === 0) continue;
    const which = l.eigs?.farms ? "FARMS pooled ESD" : "full ESD";
    sections.push({
      kind: "histogram",
      title: `${title}: ${name} ${which} (log-log)`,
      x: "eigenvalue",
      values: Array.from(eigs).filter((v) => v > 0),
      bins: 60,
      logLog: true,
      note: `alpha ${r4(m.alpha)} fitted above xmin ${r4(m.xmin)} (${m.nTail} eigenvalues)`,
    });
    sections.push(tailSection(title, name, eigs, m));
  }
  if (skipped.length > 0) {
    sections.push({ kind: "text", title: `${title}: skipped tensors`, text: skipped.map((s) => `${s.name}: ${s.reason}`).join("\n") });
  }
  return sections;
}
