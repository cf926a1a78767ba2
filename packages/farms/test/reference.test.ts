import { tensor, transpose } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { esd, esdConv2d, farmsConv2d, farmsEsd, fitPowerLaw, layerMetrics } from "../src/index";
import ref from "./fixtures/reference.json";
import { expectClose, expectRel, formula, formulaKernel } from "./helpers";

// Literals in fixtures/reference.json come from make-reference.py: NumPy transcriptions of the
// official sampling.py / esd_utils_farms.py (np.linalg.svd(sub, compute_uv=False) ** 2 per window).
const W = formula(120, 200);

describe("ESDs against NumPy", () => {
  it("esd = sorted squared singular values (np.linalg.svd(W)**2)", () => {
    expectClose(esd(W), ref.full.eigs, 1e-12);
  });

  it("esd of the transpose and of a float32 copy agree", () => {
    expectClose(esd(transpose(W)), ref.full.eigs, 1e-12);
    // float32 storage rounds each entry by <= 2^-24 relative, so eigenvalues move by ~1e-7 of lmax.
    const w32 = tensor(Float32Array.from(W.data), [120, 200]);
    expectClose(esd(w32), ref.full.eigs, 1e-6);
  });

  it("esdConv2d pools the kh*kw slices scaled by sqrt(0.5)", () => {
    const K = formulaKernel(24, 8, 3, 3);
    const e = esdConv2d(K);
    expect(e.length).toBe(9 * 8);
    expectClose(e, ref.conv.esd, 1e-12);
  });
});

describe("FARMS sampler against NumPy (spec check 2: pooled eigenvalues, 1e-9 rel)", () => {
  it("fixedOps: windows and pooled eigenvalues", () => {
    const r = farmsEsd(W, { windowRows: 50, qRatio: 1, opsPerDim: 4 });
    expect(r.windows).toEqual(ref.fixedOps.starts);
    expect([r.windowRows, r.windowCols]).toEqual([50, 50]);
    expectClose(r.eigs, ref.fixedOps.eigs, 1e-9);
  });

  it("fixedOps with qRatio 1.5 (40 x 60 windows)", () => {
    const r = farmsEsd(W, { windowRows: 40, qRatio: 1.5, opsPerDim: 3 });
    expect(r.windows).toEqual(ref.fixedOpsQ.starts);
    expect([r.windowRows, r.windowCols]).toEqual([40, 60]);
    expectClose(r.eigs, ref.fixedOpsQ.eigs, 1e-9);
  });

  it("stride mode", () => {
    const r = farmsEsd(W, { windowRows: 60, mode: "stride", stepSize: 25 });
    expect(r.windows).toEqual(ref.stride.starts);
    expectClose(r.eigs, ref.stride.eigs, 1e-9);
  });
});

describe("fits and metrics on real spectra against NumPy", () => {
  const sampled = farmsEsd(W, { windowRows: 50, opsPerDim: 4 }).eigs;
  const full = esd(W);
  const cases: [string, Float64Array][] = [
    ["full", full],
    ["fixedOps", sampled],
  ];
  for (const [name, eigs] of cases) {
    for (const [key, opts] of [
      ["ks", { xmin: "ks" }],
      ["peak", { xmin: "peak" }],
      ["median", { xmin: "median" }],
      ["peak-nobug", { xmin: "peak", peakLowerBug: false }],
      ["median-pos3", { xmin: "median", xminPos: 3 }],
    ] as const) {
      it(`${name}:${key}`, () => {
        const r = (ref.fits as Record<string, { alpha: number; xmin: number; D: number; i: number }>)[`${name}:${key}`]!;
        const f = fitPowerLaw(eigs, opts);
        expect(f.xminIndex).toBe(r.i);
        expectRel(f.alpha, r.alpha, 1e-8);
        expectRel(f.xmin, r.xmin, 1e-9);
        expect(Math.abs(f.D - r.D)).toBeLessThan(1e-8);
      });
    }
  }

  it("layerMetrics table matches (fixedOps + ks, full + median)", () => {
    for (const [key, eigs, rule] of [
      ["fixedOps:ks", sampled, "ks"],
      ["full:median", full, "median"],
    ] as const) {
      const m = layerMetrics(eigs, { xmin: rule });
      const r = (ref.metrics as Record<string, Record<string, number>>)[key]!;
      for (const k of ["alpha", "D", "xmin", "spectralNorm", "alphaHat", "fnorm", "stableRank", "normStableRank", "logNorm", "logAlphaNorm"] as const) {
        expect(Math.abs(m[k] - r[k]!)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r[k]!)));
      }
      expect(m.numEigs).toBe(r.numEigs);
    }
  });
});

describe("farmsConv2d against NumPy (spec step 6)", () => {
  const K = formulaKernel(24, 8, 3, 3);
  for (const q of ["1.0", "0.5", "2.0"] as const) {
    it(`qRatio ${q}: block geometry and block-mean metrics`, () => {
      const r = farmsConv2d(K, { qRatio: Number(q), fit: { xmin: "median" } });
      const e = ref.conv.farms[q];
      expect([r.blocks, r.windowRows, r.windowCols]).toEqual([e.blocks, e.windowRows, e.windowCols]);
      for (const k of ["alpha", "D", "spectralNorm", "alphaHat", "fnorm", "stableRank", "normStableRank"] as const) {
        expectRel(r[k], e[k], 1e-9);
      }
      expect(r.eigs.length).toBe(e.blocks * 9 * Math.min(e.windowRows, e.windowCols));
    });
  }
});

describe("farmsConv2d with dead channels", () => {
  it("leaves all-zero row blocks out of the mean (the remaining blocks match the full kernel's)", async () => {
    const { tensor: mk } = await import("@wc/tensor");
    // Depthwise-style kernel [6, 1, 2, 2]: slices are 6 x 1, windows 1 x 1, block d = channel d.
    const d = new Float64Array(24);
    for (let c = 0; c < 6; c++) for (let k = 0; k < 4; k++) d[c * 4 + k] = c === 2 ? 0 : (c + 1) * (k + 1);
    const r = farmsConv2d(mk(d, [6, 1, 2, 2]), { fit: { xmin: "median" } });
    expect(r.blocks).toBe(5);
    expect(r.skippedBlocks).toBe(1);
    // channel c's block ESD is 0.5 * ((c+1)(k+1))^2, k = 0..3; its median-rule alpha does not depend on c
    // (scale invariance), so the mean equals one block's alpha:
    // l = 0.5*np.array([1,4,9,16.]); i=2; n=2; 1 + n/(np.log(l[2:]).sum() - n*np.log(l[2])) = 4.476059...
    expect(r.alpha).toBeCloseTo(1 + 2 / Math.log(16 / 9), 12);
    expect(() => farmsConv2d(mk(new Float64Array(24), [6, 1, 2, 2]))).toThrow(/E_RANGE/);
  });
});
