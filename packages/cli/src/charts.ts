import * as vega from "vega";
import * as vl from "vega-lite";
import type { BarSection, HistogramSection, LineSection } from "@wc/command";

type ChartSection = BarSection | LineSection | HistogramSection;
const WIDTH = 640;
const HEIGHT = 260;

/** The vega-lite spec of a chart section (data inline: the report never fetches anything). */
export function chartSpec(s: ChartSection): vl.TopLevelSpec {
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", width: WIDTH, height: HEIGHT } as const;
  switch (s.kind) {
    case "bar":
      return {
        ...base,
        data: { values: s.data.map((d, i) => ({ label: d.label, value: d.value, order: i })) },
        mark: "bar",
        encoding: {
          x: { field: "label", type: "nominal", title: s.x, sort: { field: "order" } },
          y: { field: "value", type: "quantitative", title: s.y },
        },
      };
    case "line":
      return {
        ...base,
        data: { values: s.series.flatMap((se) => se.points.map(([x, y]) => ({ series: se.name, x, y }))) },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "x", type: "quantitative", title: s.x, scale: s.logX ? { type: "log" } : {} },
          y: { field: "y", type: "quantitative", title: s.y, scale: s.logY ? { type: "log" } : { zero: false } },
          color: { field: "series", type: "nominal" },
        },
      };
    case "histogram": {
      const values = s.values.filter((v) => Number.isFinite(v) && (!s.logLog || v > 0));
      const bins = s.bins ?? 40;
      const counts = histogram(values, bins, s.logLog ?? false);
      return {
        ...base,
        data: { values: counts },
        mark: s.logLog ? { type: "point", filled: true } : "bar",
        encoding: {
          x: { field: "x", type: "quantitative", title: s.x, scale: s.logLog ? { type: "log" } : {} },
          y: { field: "density", type: "quantitative", title: "density", scale: s.logLog ? { type: "log" } : {} },
        },
      };
    }
  }
}

/** Bin centres and densities; log-spaced bins for log-log plots. Empty bins are dropped on log axes. */
export function histogram(values: readonly number[], bins: number, log: boolean): { x: number; density: number }[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    const t = log ? Math.log10(v) : v;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  if (hi === lo) hi = lo + 1;
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const t = log ? Math.log10(v) : v;
    counts[Math.min(bins - 1, Math.floor((t - lo) / w))]! += 1;
  }
  const out: { x: number; density: number }[] = [];
  for (let i = 0; i < bins; i++) {
    const a = lo + i * w;
    const b = a + w;
    const width = log ? 10 ** b - 10 ** a : w;
    const x = log ? 10 ** ((a + b) / 2) : (a + b) / 2;
    const density = counts[i]! / (values.length * width);
    if (!log || counts[i]! > 0) out.push({ x, density });
  }
  return out;
}

/** Renders a chart section to a standalone SVG string (vega's headless renderer, no DOM). */
export async function renderChart(s: ChartSection): Promise<string> {
  const compiled = vl.compile(chartSpec(s)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
