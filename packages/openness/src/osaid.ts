import { parseLicense } from "./license";
import { featureLicense } from "./mof";
import { atLeastPartial } from "./disclosures";
import type { DisclosureKey, ModelRecord } from "./types";

/** The OSAID part of a scorecard. */
export interface OsaidResult {
  pass: boolean;
  failing: string[];
}

/**
 * Checks the OSI Open Source AI Definition 1.0 (Oct 2024) on the evidence:
 * (a) data information: `llmdata` ≥ partial and a training-data description disclosed (full data release not required);
 * (b) code: `opencode` open under an OSI-approved licence (when no licence text is given, an `open` `license` feature stands in);
 * (c) parameters: `llmweights` open under OSI or open-data terms with no use restrictions.
 *
 * @param m - the release evidence
 * @param disclosures - the disclosure booleans (from {@link inferDisclosures})
 * @returns pass and one message per unmet item, prefixed `data information:`, `code:` or `parameters:`
 * @example
 * checkOsaid({ name: "x", features: {} }, { trainingDataDescription: false } as never).failing.length; // 3
 */
export function checkOsaid(m: ModelRecord, disclosures: Record<DisclosureKey, boolean>): OsaidResult {
  const failing: string[] = [];
  const data = m.features.llmdata?.class ?? "unknown";
  if (!atLeastPartial(data) || !disclosures.trainingDataDescription) {
    failing.push(
      `data information: training data neither released nor described (llmdata ${data}, description ${disclosures.trainingDataDescription ? "disclosed" : "not disclosed"})`,
    );
  }
  const code = m.features.opencode?.class ?? "unknown";
  const codeLic = featureLicense(m, "opencode");
  const codeOsi = codeLic !== undefined ? parseLicense(codeLic).osiApproved : m.features.license?.class === "open";
  if (code !== "open" || !codeOsi) {
    failing.push(
      `code: training code and inference code not both open under an OSI-approved licence (opencode ${code}, licence ${codeLic ?? "not given"})`,
    );
  }
  const w = m.features.llmweights?.class ?? "unknown";
  const wLic = featureLicense(m, "llmweights");
  const parsed = wLic !== undefined ? parseLicense(wLic) : undefined;
  const wOpen = parsed !== undefined ? parsed.open && parsed.restrictive.length === 0 : m.features.license?.class === "open";
  if (w !== "open" || !wOpen) {
    const why = parsed && parsed.restrictive.length > 0 ? `restrictive terms: ${parsed.restrictive.join(", ")}` : `licence ${wLic ?? "not given"}`;
    failing.push(`parameters: weights not open under OSI-compatible terms without use restrictions (llmweights ${w}, ${why})`);
  }
  return { pass: failing.length === 0, failing };
}
