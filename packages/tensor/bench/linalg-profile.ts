// Focused profile of the linear-algebra stages (CPU time via process.cpuUsage; compare numbers only
// within one run, the machine is shared). Usage:
//   ../../node_modules/.bin/tsx bench/linalg-profile.ts [sizes=128,512,1024] [reps=3]
import { tensor, type Tensor } from "../src/index";
import { eigh, eigvalsh } from "../src/linalg/eigh";
import { svd, svdvals } from "../src/linalg/svd";
import { mat, type Mat } from "../src/linalg/dense";
import { sytrd } from "../src/linalg/tridiag";
import { gebrd } from "../src/linalg/bidiag";
import { steqr } from "../src/linalg/tridiag-eig";
import { bdsqr } from "../src/linalg/bidiag-svd";
import { setLevel2Wasm } from "../src/linalg/level2";

// LEVEL2=ts runs the reductions' matrix-vector products in the TS loops instead of wasm.
if (process.env.LEVEL2 === "ts") setLevel2Wasm(false);

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
}
function data(n: number, sym: boolean): Float64Array {
  const r = lcg(n + (sym ? 7 : 0));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = r();
  if (sym) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return a;
}
function cpu(fn: () => void, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}
const sizes = (process.argv[2] ?? "128,512,1024").split(",").map(Number);
const reps = Number(process.argv[3] ?? 3);
const only = process.argv[4];
const copy = (d: Float64Array, n: number): Mat => ({ m: n, n, d: d.slice() });
for (const n of sizes) {
  const r = Math.max(1, Math.round((reps * 1024 * 1024 * 1024) / (n * n * n)));
  const G = data(n, false);
  const S = data(n, true);
  const A: Tensor = tensor(G, [n, n]);
  const Sy: Tensor = tensor(S, [n, n]);
  const row: Record<string, string> = {};
  const rec = (k: string, f: () => void): void => {
    if (only && !only.split(",").includes(k)) return;
    row[k] = (cpu(f, Math.min(r, 50)) * 1000).toFixed(2);
  };
  rec("sytrd", () => sytrd(copy(S, n), false));
  const t = sytrd(copy(S, n), false);
  rec("steqr", () => steqr(t.d.slice(), t.e.slice(), null, "p"));
  rec("gebrd", () => gebrd(copy(G, n), false));
  const b = gebrd(copy(G, n), false);
  rec("bdsqr", () => bdsqr(b.d.slice(), b.e.slice(), null, null, "p"));
  rec("eigvalsh", () => eigvalsh(Sy));
  rec("eigh", () => eigh(Sy));
  rec("svdvals", () => svdvals(A));
  rec("svd", () => svd(A));
  rec("svd-k16", () => svd(A, { k: 16 }));
  void mat;
  console.log(`${process.env.LEVEL2 === "ts" ? "[ts level-2] " : ""}n=${n} (ms CPU, median of ${Math.min(r, 50)}):`, JSON.stringify(row));
}
