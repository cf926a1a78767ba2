// Reproduction: scores the hand-written release evidence (test/fixtures/releases.json, each item cites
// its public source) plus the two public instrument files, and prints where open-weight and
// open-source (OSAID 1.0) diverge. Run: pnpm bench (tsx bench/index.ts).
import { readFileSync } from "node:fs";
import { fromMotYaml, fromOpeningUpYaml, scoreAll, type ModelRecord } from "../src/index";

const fx = (f: string): string => readFileSync(new URL(`../test/fixtures/${f}`, import.meta.url), "utf8");
const models = (JSON.parse(fx("releases.json")) as { models: ModelRecord[] }).models;
const { cards, summary } = scoreAll(models);
const pad = (s: string | number, n: number): string => String(s).padEnd(n);
console.log(
  [pad("model", 14), pad("claimed", 12), pad("open-wt", 8), pad("OSAID", 6), pad("index", 6), pad("MOF III/II/I", 14), "open-washing"].join(" "),
);
for (const c of cards) {
  const p = c.mof.progress;
  console.log(
    [
      pad(c.name, 14),
      pad(c.claimedLabel, 12),
      pad(c.openWeight ? "yes" : "no", 8),
      pad(c.osaid.pass ? "pass" : "fail", 6),
      pad(c.opennessIndex, 6),
      pad(`${Math.round(p.III * 6)}/6 ${Math.round(p.II * 10)}/10 ${Math.round(p.I * 14)}/14`, 14),
      c.openWashing.flag ? "FLAG" : c.openWashing.warning ? "warn" : "",
    ].join(" "),
  );
}
const diverge = cards.filter((c) => c.openWeight && !c.osaid.pass).map((c) => c.name);
console.log(`\nopen-weight but not OSAID open source: ${diverge.join(", ")}`);
for (const k of ["all.openWeight", "all.osaidPass", "label.open-source.count", "label.open-source.osaidPass", "label.open-source.openWashing", "label.open-source.disclosure.carbonEmissions", "all.medianOpennessIndex"]) {
  console.log(`${k} = ${summary[k]}`);
}
const llama = scoreAll([fromOpeningUpYaml(fx("llama-3.1.yaml"))]).cards[0]!;
const ds = scoreAll([{ ...fromMotYaml(fx("DeepSeek-R1.yml")), claimedLabel: "open-source" }]).cards[0]!;
console.log(`\nopening-up-chatgpt llama-3.1.yaml: index ${llama.opennessIndex}/14, open-weight ${llama.openWeight}, OSAID ${llama.osaid.pass}`);
console.log(`MOT DeepSeek-R1.yml: MOF III ${ds.mof.progress.III * 6}/6, II ${ds.mof.progress.II * 10}/10, I ${Math.round(ds.mof.progress.I * 14)}/14, class ${ds.mof.class}, open-washing ${ds.openWashing.flag}`);
