import { WcError } from "@wc/tensor";
import { inferDisclosures } from "./disclosures";
import { classifyMof, deriveMofComponents } from "./mof";
import { opennessIndex, type OpennessIndexOptions } from "./openness-index";
import { checkOsaid } from "./osaid";
import { DISCLOSURE_KEYS, DISCLOSURE_NAMES } from "./rubric";
import type { ModelRecord, Scorecard } from "./types";
import { toModelRecord } from "./validate";

/** Options of {@link scoreModel}. */
export interface ScoreOptions extends OpennessIndexOptions {
  /** Open-weight needs a download link on `llmweights` (spec §3.3); default true. */
  requireWeightsLink?: boolean;
  /** Soft open-washing warning below this openness share while claiming openness ([design]); default 0.5. */
  warnBelowPct?: number;
}

/**
 * Scores one release: open-weight status, OSAID 1.0 check, openness index, MOF class, disclosures
 * and the open-washing flag (claims "open-source" but fails OSAID; reasons = failing OSAID items and
 * disclosure gaps) with a softer warning when a release claiming openness ("open-source" or
 * "open-weight") has `opennessPct` below `warnBelowPct`.
 *
 * @param m - the release evidence (validated; not mutated)
 * @param options - index weights/class values, `requireWeightsLink` (default true), `warnBelowPct` (default 0.5)
 * @returns the scorecard
 * @throws {WcError} E_FORMAT for a malformed record; E_ARGUMENT/E_RANGE for bad options
 * @example
 * scoreModel({ name: "x", features: { llmweights: { class: "open", link: "https://hf.co/x" } } }).openWeight; // true
 */
export function scoreModel(m: ModelRecord, options: ScoreOptions = {}): Scorecard {
  const rec = toModelRecord(m, "scoreModel");
  const requireLink = options.requireWeightsLink ?? true;
  const warnBelow = options.warnBelowPct ?? 0.5;
  if (typeof warnBelow !== "number" || !Number.isFinite(warnBelow) || warnBelow < 0 || warnBelow > 1) {
    throw new WcError("E_RANGE", `scoreModel: warnBelowPct must be in [0, 1], got ${String(warnBelow)}`);
  }
  const { index, pct, max } = opennessIndex(rec, options);
  const w = rec.features.llmweights;
  const hasLink = typeof w?.link === "string" && w.link.trim() !== "";
  const openWeight = (w?.class === "open" || w?.class === "partial") && (hasLink || !requireLink);
  const disclosures = inferDisclosures(rec);
  const osaid = checkOsaid(rec, disclosures);
  const mof = classifyMof(rec.mofComponents ?? deriveMofComponents(rec));
  const claimedLabel = rec.claimedLabel ?? "unspecified";
  const reasons: string[] = [];
  const flag = claimedLabel === "open-source" && !osaid.pass;
  if (flag) {
    reasons.push(...osaid.failing);
    for (const k of DISCLOSURE_KEYS) if (!disclosures[k]) reasons.push(`disclosure gap: ${DISCLOSURE_NAMES[k]} not disclosed`);
  }
  const openWashing: Scorecard["openWashing"] = { flag, reasons };
  if ((claimedLabel === "open-source" || claimedLabel === "open-weight") && pct < warnBelow) {
    openWashing.warning = `claims ${claimedLabel} but openness index is ${index}/${max} (${(pct * 100).toFixed(1)}% < ${(warnBelow * 100).toFixed(0)}%)`;
  }
  const card: Scorecard = { name: rec.name, claimedLabel, openWeight, osaid, opennessIndex: index, opennessPct: pct, mof, disclosures, openWashing };
  if (rec.org !== undefined) card.org = rec.org;
  if (rec.year !== undefined) card.year = rec.year;
  return card;
}
