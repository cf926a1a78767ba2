/** The 10 MQM-style ACES error categories, spelled as in the official `aces/cli/evaluate.py`. */
export type AcesCategory =
  | "addition"
  | "omission"
  | "mistranslation"
  | "untranslated"
  | "do not translate"
  | "overtranslation"
  | "undertranslation"
  | "real-world knowledge"
  | "wrong language"
  | "punctuation";

/** The categories in the order of the official ACES-score formula. */
export const ACES_CATEGORIES: readonly AcesCategory[] = Object.freeze([
  "addition",
  "omission",
  "mistranslation",
  "untranslated",
  "do not translate",
  "overtranslation",
  "undertranslation",
  "real-world knowledge",
  "wrong language",
  "punctuation",
] as AcesCategory[]);

const MIS = "mistranslation";
const MISTRANSLATION_LABELS = [
  "ambiguous-translation-wrong-discourse-connective-since-causal",
  "ambiguous-translation-wrong-discourse-connective-since-temporal",
  "ambiguous-translation-wrong-discourse-connective-while-contrast",
  "ambiguous-translation-wrong-discourse-connective-while-temporal",
  "ambiguous-translation-wrong-gender-female-anti",
  "ambiguous-translation-wrong-gender-female-pro",
  "ambiguous-translation-wrong-gender-male-anti",
  "ambiguous-translation-wrong-gender-male-pro",
  "ambiguous-translation-wrong-sense-frequent",
  "ambiguous-translation-wrong-sense-infrequent",
  "anaphoric_group_it-they:deletion",
  "anaphoric_group_it-they:substitution",
  "anaphoric_intra_non-subject_it:deletion",
  "anaphoric_intra_non-subject_it:substitution",
  "anaphoric_intra_subject_it:deletion",
  "anaphoric_intra_subject_it:substitution",
  "anaphoric_intra_they:deletion",
  "anaphoric_intra_they:substitution",
  "anaphoric_singular_they:deletion",
  "anaphoric_singular_they:substitution",
  "coreference-based-on-commonsense",
  "hallucination-date-time",
  "hallucination-named-entity-level-1",
  "hallucination-named-entity-level-2",
  "hallucination-named-entity-level-3",
  "hallucination-number-level-1",
  "hallucination-number-level-2",
  "hallucination-number-level-3",
  "hallucination-real-data-vs-ref-word",
  "hallucination-real-data-vs-synonym",
  "hallucination-unit-conversion-amount-matches-ref",
  "hallucination-unit-conversion-unit-matches-ref",
  "lexical-overlap",
  "modal_verb:deletion",
  "modal_verb:substitution",
  "nonsense",
  "ordering-mismatch",
  "overly-literal-vs-correct-idiom",
  "overly-literal-vs-explanation",
  "overly-literal-vs-ref-word",
  "overly-literal-vs-synonym",
  "pleonastic_it:deletion",
  "pleonastic_it:substitution",
  "xnli-addition-contradiction",
  "xnli-addition-neutral",
  "xnli-omission-contradiction",
  "xnli-omission-neutral",
];

const MAPPING: Record<string, AcesCategory> = {
  addition: "addition",
  omission: "omission",
  ...Object.fromEntries(MISTRANSLATION_LABELS.map((l) => [l, MIS])),
  "copy-source": "untranslated",
  "untranslated-vs-ref-word": "untranslated",
  "untranslated-vs-synonym": "untranslated",
  "do-not-translate": "do not translate",
  "hyponym-replacement": "overtranslation",
  "hypernym-replacement": "undertranslation",
  "antonym-replacement": "real-world knowledge",
  "commonsense-only-ref-ambiguous": "real-world knowledge",
  "commonsense-src-and-ref-ambiguous": "real-world knowledge",
  "real-world-knowledge-entailment": "real-world knowledge",
  "real-world-knowledge-hypernym-vs-distractor": "real-world knowledge",
  "real-world-knowledge-hypernym-vs-hyponym": "real-world knowledge",
  "real-world-knowledge-synonym-vs-antonym": "real-world knowledge",
  "similar-language-high": "wrong language",
  "similar-language-low": "wrong language",
  "punctuation:deletion_all": "punctuation",
  "punctuation:deletion_commas": "punctuation",
  "punctuation:deletion_quotes": "punctuation",
  "punctuation:statement-to-question": "punctuation",
};

/**
 * The official 68-entry map from fine-grained ACES phenomenon label to error category
 * (`PHENOMENA_MAPPING` in EdinburghNLP/ACES `aces/cli/evaluate.py`), frozen.
 *
 * @example
 * ACES_PHENOMENA_MAPPING["hallucination-number-level-2"]; // "mistranslation"
 */
export const ACES_PHENOMENA_MAPPING: Readonly<Record<string, AcesCategory>> = Object.freeze(MAPPING);

/** The 68 official phenomenon labels, in the order of the official table. */
export const ACES_PHENOMENA: readonly string[] = Object.freeze(Object.keys(MAPPING));

/**
 * The ACES-score weights (`comp_aces_score`): 5 for addition, omission, mistranslation,
 * overtranslation, undertranslation; 1 for untranslated, do not translate, real-world knowledge,
 * wrong language; 0.1 for punctuation. They sum to 29.1.
 *
 * @example
 * ACES_CATEGORY_WEIGHTS.punctuation; // 0.1
 */
export const ACES_CATEGORY_WEIGHTS: Readonly<Record<AcesCategory, number>> = Object.freeze({
  addition: 5,
  omission: 5,
  mistranslation: 5,
  untranslated: 1,
  "do not translate": 1,
  overtranslation: 5,
  undertranslation: 5,
  "real-world knowledge": 1,
  "wrong language": 1,
  punctuation: 0.1,
});
