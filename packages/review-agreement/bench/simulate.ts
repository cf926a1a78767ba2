import { rng } from "@wc/tensor";
import { hitFlags } from "../src/index";
import type { PaperRecord } from "../src/index";

/**
 * A seeded synthetic corpus shaped like the pre-review study: latent impact z1 and reviewer-visible
 * quality z2; three human reviews per paper on a 1-10 scale centred near 4.8 (plus a few -2/0 data
 * errors), an LLM rating centred near 8.6 that loads more on impact than on quality (weak agreement,
 * +3-5 over-estimation), LLM confidence 8 or 9 regardless of error, citations log-normal in z1, hit
 * flags within field x year groups.
 */
export function simulateCorpus(n: number, seed: number): PaperRecord[] {
  const g = rng(seed);
  const fields = ["cs.LG", "cs.CL", "cs.CV"];
  const clip = (v: number) => Math.min(10, Math.max(1, Math.round(v)));
  const papers: PaperRecord[] = [];
  for (let i = 0; i < n; i++) {
    const z1 = g.normal();
    const z2 = g.normal();
    const human = Array.from({ length: 3 }, () => ({ rating: clip(4.8 + 1.3 * (0.6 * z2 + 0.1 * z1) + 1.2 * g.normal()), confidence: 1 + Math.floor(5 * g.uniform()) }));
    if (g.uniform() < 0.01) human.push({ rating: g.uniform() < 0.5 ? -2 : 0, confidence: 3 });
    const rating = clip(8.6 + 0.55 * (0.45 * z1 + 0.15 * z2 + 0.6 * g.normal()));
    const confidence = g.uniform() < 0.6 ? 9 : 8;
    const citations = Math.floor(Math.exp(1.5 + 0.9 * z1 + 0.8 * g.normal()));
    papers.push({
      paperId: `p${i}`,
      field: fields[i % 3],
      year: 2018 + (i % 5),
      human,
      llm: { rating, confidence },
      outcomes: { citations },
    });
  }
  const groups = papers.map((p) => `${p.field}|${p.year}`);
  const cits = papers.map((p) => p.outcomes!.citations!);
  const h1 = hitFlags(cits, groups, 0.01);
  const h5 = hitFlags(cits, groups, 0.05);
  const h10 = hitFlags(cits, groups, 0.1);
  papers.forEach((p, i) => Object.assign(p.outcomes!, { hit1: h1[i], hit5: h5[i], hit10: h10[i] }));
  return papers;
}
