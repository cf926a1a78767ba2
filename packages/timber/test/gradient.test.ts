import { describe, expect, it } from "vitest";
import { makeLayout, type Link, type Mode } from "../src/model/layout";
import { makeLogPosterior, type ModelData } from "../src/model/log-posterior";
import { gaussian, mulberry32 } from "./helpers";

function data(n: number, P: number, G: number, seed: number): ModelData {
  const u = mulberry32(seed);
  const z = gaussian(u);
  const X = Float64Array.from({ length: n * P }, () => z());
  const group = Int32Array.from({ length: n }, (_, i) => i % G);
  const labels = Int32Array.from({ length: n }, () => Math.floor(3 * u()));
  const r = Float64Array.from(labels, (l) => [0.95, 0.82, 0.62][l]! + 0.03 * z());
  return { n, X, group, labels, r };
}

const cases: [Link, Mode, boolean][] = [
  ["multinomial", "fixed", true],
  ["multinomial", "joint", true],
  ["multinomial", "fixed", false],
  ["ordinal", "fixed", true],
  ["ordinal", "joint", true],
  ["ordinal", "joint", false],
];

describe("log posterior gradient", () => {
  it.each(cases)("%s / %s / regularized=%s matches central finite differences to 1e-5 relative", (link, mode, reg) => {
    const P = 4;
    const G = 3;
    const L = makeLayout(link, mode, reg, P, G);
    const lp = makeLogPosterior(data(40, P, G, 7), L, { tau0: 1, slabScale: 2, slabDf: 4, regularized: reg, interceptScale: 2.5 });
    const u = mulberry32(11);
    const q = Float64Array.from({ length: L.dim }, () => 1.2 * (u() - 0.5));
    const g = new Float64Array(L.dim);
    lp(q, g);
    const scratch = new Float64Array(L.dim);
    const h = 1e-5;
    for (let i = 0; i < L.dim; i++) {
      const qp = q.slice();
      const qm = q.slice();
      qp[i]! += h;
      qm[i]! -= h;
      const fd = (lp(qp, scratch) - lp(qm, scratch)) / (2 * h);
      expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
    }
  });
});
