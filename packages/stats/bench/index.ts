// Benchmarks for @wc/stats: `pnpm bench` (tsx bench/index.ts). Compares with scikit-learn / SciPy
// in the same run when a python3 with them is found (PYTHON env var, else /usr/bin/python3, else python3).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fitIsotonic, kendall } from "../src/index";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function best(f: () => void, reps: number): number {
  let t = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const u = lcg(42);
const nIso = 1_000_000;
const xi = Float64Array.from({ length: nIso }, () => Math.round(u() * 1e5) / 1e5);
const yi = Float64Array.from(xi, (v) => v + (u() - 0.5));
const nK = 100_000;
const xk = Float64Array.from({ length: nK }, () => Math.floor(u() * 1000));
const yk = Float64Array.from(xk, (v) => v + Math.floor(u() * 300));

const tsIso = best(() => fitIsotonic(xi, yi), 3);
const tsKen = best(() => kendall(xk, yk), 3);

const py = process.env.PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const script = `
import time, numpy as np
from sklearn.isotonic import IsotonicRegression
from scipy.stats import kendalltau
def lcg(seed):
    s = seed
    while True:
        s = (s * 1664525 + 1013904223) % 4294967296
        yield s / 4294967296
g = lcg(42)
n = ${nIso}
xi = np.array([round(next(g) * 1e5) / 1e5 for _ in range(n)])
yi = xi + (np.array([next(g) for _ in range(n)]) - 0.5)
m = ${nK}
xk = np.floor(np.array([next(g) for _ in range(m)]) * 1000)
yk = xk + np.floor(np.array([next(g) for _ in range(m)]) * 300)
def best(f, r=3):
    t = 1e99
    for _ in range(r):
        t0 = time.perf_counter(); f(); t = min(t, time.perf_counter() - t0)
    return t * 1000
print(best(lambda: IsotonicRegression(out_of_bounds='clip').fit(xi, yi)), best(lambda: kendalltau(xk, yk)))
`;
let pyIso = Number.NaN;
let pyKen = Number.NaN;
const r = spawnSync(py, ["-c", script], { encoding: "utf8" });
if (r.status === 0) [pyIso, pyKen] = r.stdout.trim().split(/\s+/).map(Number) as [number, number];
else console.log(`(python comparison skipped: ${py} ${r.error?.message ?? r.stderr.trim().split("\n").pop()})`);

const row = (name: string, ts: number, p: number): void =>
  console.log(`${name.padEnd(34)} ts ${ts.toFixed(1).padStart(8)} ms   python ${Number.isNaN(p) ? "   n/a" : p.toFixed(1).padStart(8)} ms   ratio ts/py ${Number.isNaN(p) ? "n/a" : (ts / p).toFixed(2)}`);
row("stats:fitIsotonic:1e6:float64", tsIso, pyIso);
row("stats:kendall-tau-b:1e5:float64", tsKen, pyKen);
