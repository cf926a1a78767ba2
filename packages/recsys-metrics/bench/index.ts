// Reproduction example: MovieLens-100k-shaped synthetic data (seeded), a popularity and a random
// recommender, every ranking metric under each preset, plus candidate-generation metrics.
// Run: pnpm --filter @wc/recsys-metrics bench
import { RANK_METRICS, candidateMetrics, rankingMetrics, type Id, type Qrels, type RankPreset, type Run } from "../src/index";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(100);
const N_USERS = 943;
const N_ITEMS = 1682;
const K = 10;
// Zipf-like item popularity (exponent 1) and per-user activity (>= 20 ratings, long tail) ~ 100k ratings.
const pop = Float64Array.from({ length: N_ITEMS }, (_, i) => 1 / (i + 10));
const cum = new Float64Array(N_ITEMS);
pop.reduce((s, p, i) => (cum[i] = s + p), 0);
const total = cum[N_ITEMS - 1] as number;
const sampleItem = (): number => {
  const x = rand() * total;
  let lo = 0;
  let hi = N_ITEMS - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const train: [Id, Id][] = [];
const test: Qrels = new Map();
const seen = new Map<number, Set<number>>();
let nRatings = 0;
for (let u = 0; u < N_USERS; u++) {
  const n = Math.min(600, 20 + Math.floor(-Math.log(1 - rand()) * 86));
  const items = new Set<number>();
  while (items.size < n) items.add(sampleItem());
  const t = new Map<Id, number>();
  const s = new Set<number>();
  for (const i of items) {
    // popular items get slightly higher ratings: a skewed 1..5 scale
    const q = rand() * 0.7 + 0.3 * (1 - i / N_ITEMS);
    const r = Math.min(5, 1 + Math.floor(q * 5.2));
    nRatings++;
    if (rand() < 0.25) t.set(i, r);
    else {
      train.push([u, i]);
      s.add(i);
    }
  }
  if (t.size > 0) test.set(u, t);
  seen.set(u, s);
}
const counts = new Map<number, number>();
for (const [, i] of train) counts.set(i as number, (counts.get(i as number) ?? 0) + 1);
const byPop = [...counts].sort((a, b) => b[1] - a[1]).map((x) => x[0]);

const popRun: Run = new Map();
const rndRun: Run = new Map();
const popReco: [Id, Id][] = [];
const rndReco: [Id, Id][] = [];
for (let u = 0; u < N_USERS; u++) {
  const s = seen.get(u) as Set<number>;
  const p: number[] = [];
  for (const i of byPop) {
    if (p.length === K) break;
    if (!s.has(i)) p.push(i);
  }
  const r = new Set<number>();
  while (r.size < K) {
    const i = Math.floor(rand() * N_ITEMS);
    if (!s.has(i)) r.add(i);
  }
  popRun.set(u, { items: p });
  rndRun.set(u, { items: [...r] });
  for (const i of p) popReco.push([u, i]);
  for (const i of r) rndReco.push([u, i]);
}

console.log(`data: ${N_USERS} users, ${N_ITEMS} items, ${nRatings} ratings (${train.length} train / ${nRatings - train.length} test), k=${K}`);
const presets: RankPreset[] = ["standard", "trec", "ranx", "recbole", "msrec"];
const metrics = RANK_METRICS.filter((m) => m !== "dcg");
for (const [name, run] of [["popularity", popRun], ["random", rndRun]] as const) {
  console.log(`\n${name} recommender`);
  console.log(["preset".padEnd(9), ...metrics.map((m) => m.padStart(9))].join(""));
  for (const preset of presets) {
    const t0 = performance.now();
    const res = rankingMetrics(test, run, metrics, { preset, k: K });
    const ms = performance.now() - t0;
    console.log([preset.padEnd(9), ...metrics.map((m) => (res.mean[m] as number).toFixed(4).padStart(9))].join("") + `   (${res.counts.users} users, ${ms.toFixed(1)} ms)`);
  }
  const exp = rankingMetrics(test, run, ["ndcg"], { k: K, gain: "exp2" }).mean.ndcg as number;
  console.log(`standard with gain exp2: ndcg ${exp.toFixed(4)}`);
}
for (const [name, reco] of [["popularity", popReco], ["random", rndReco]] as const) {
  const t0 = performance.now();
  const c = candidateMetrics(train, reco);
  const ms = performance.now() - t0;
  console.log(
    `\ncandidate ${name}: coverage ${c.catalogCoverage.toFixed(4)}, distributional coverage ${c.distributionalCoverage.toFixed(3)} bits, novelty ${c.novelty.toFixed(3)} bits, diversity ${c.diversity.toFixed(4)}, serendipity ${c.serendipity.toFixed(4)} (${ms.toFixed(0)} ms)`,
  );
}
