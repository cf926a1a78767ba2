// Reproduction: the hand-written raw outputs of test/fixtures/outputs.jsonl (official format and
// malformed variants, made by make_outputs.py) parsed by the official-compatible and the robust
// parser; recovery rates, and Spearman/Kendall of the scores against the provided human ratings.
import { readFileSync } from "node:fs";
import { correlateWithHumans, parseOutput, readItemsJsonl } from "../src/index";

const items = readItemsJsonl(readFileSync(new URL("../test/fixtures/outputs.jsonl", import.meta.url), "utf8"));
const human = items.map((it) => it.human!);
for (const compat of ["official", "robust"] as const) {
  const t0 = performance.now();
  const res = items.map((it) => parseOutput(it.output!, { compat }));
  const ms = performance.now() - t0;
  const scored = res.filter((r) => r.score !== null).length;
  const errorsRead = res.reduce((a, r) => a + r.errors.length, 0);
  const sp = correlateWithHumans(res, human);
  const kt = correlateWithHumans(res, human, { method: "kendall" });
  console.log(
    `${compat.padEnd(8)} scored ${scored}/${items.length}, error blocks read ${errorsRead}/30, spearman ${sp.value.toFixed(4)} (n=${sp.n}), kendall ${kt.value.toFixed(4)}, parse time ${ms.toFixed(2)} ms`,
  );
}
for (const it of items) {
  const o = parseOutput(it.output!, { compat: "official" });
  const r = parseOutput(it.output!);
  console.log(`${String(it.id).padEnd(30)} official ${String(o.score).padStart(5)} (${o.errors.length} err)  robust ${String(r.score).padStart(5)} (${r.errors.length} err, ${r.warnings.length} warn)`);
}
