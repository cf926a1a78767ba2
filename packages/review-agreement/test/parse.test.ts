import { describe, expect, it } from "vitest";
import { aggregateHuman, cleanHuman, parseLlmReview } from "../src/index";

describe("parseLlmReview (spec section 6.4)", () => {
  const want = { rating: 7, confidence: 9, ideaRating: 6, ideaConfidence: 8, ok: true };
  it("reads fenced JSON, a single-quoted dict and plain text with keys to the same numbers", () => {
    const fenced = "Here is my review:\n```json\n{\"idea_only_review_rating\": 6, \"idea_only_review_confidence\": 8, \"full_text_review_rating\": 7, \"full_text_review_confidence\": 9, \"full_text_review_content\": \"Solid.\"}\n```";
    const single = "{'idea_only_review_rating': 6, 'idea_only_review_confidence': 8, 'full_text_review_rating': 7, 'full_text_review_confidence': 9,}";
    const plain = 'The scores: "full_text_review_rating": 7, "full_text_review_confidence": 9, "idea_only_review_rating": 6 and "idea_only_review_confidence": 8 (done)';
    for (const t of [fenced, single, plain]) expect(parseLlmReview(t)).toEqual(want);
  });
  it("reads the nested LMRSD schema and ignores chain-of-thought", () => {
    const nested = JSON.stringify({
      peer_review_title: "t",
      peer_review_paper_idea: { idea_only_review_rating: { description: "d", score: 6 }, idea_only_review_confidence: { description: "d", score: 8 }, idea_only_review_content: "c" },
      peer_review_paper_content: { review_rating: { description: "d", score: 7 }, review_confidence: { description: "d", score: 9 }, review_content: "c" },
    });
    expect(parseLlmReview(`<think>I think the rating is 3 {"review_rating": 3}</think>\n${nested}`)).toEqual(want);
    // nested schema with broken JSON still found by the regex
    expect(parseLlmReview('"review_rating": {"description": "ok", "score": 7,, "review_confidence": {"description": "x", "score": 9}').rating).toBe(7);
  });
  it("drops values outside [1, 10] and reports failures", () => {
    expect(parseLlmReview('{"full_text_review_rating": 12, "full_text_review_confidence": 9}')).toEqual({ confidence: 9, ok: false });
    expect(parseLlmReview("no scores here").ok).toBe(false);
  });
});

describe("human reviews", () => {
  it("cleans ratings <= 0 and confidences 0/100, keeping native scales", () => {
    const kept = cleanHuman([{ rating: 6, confidence: 4 }, { rating: -2 }, { rating: 0, confidence: 3 }, { rating: 5, confidence: 100 }, { rating: 3, confidence: 0 }, { rating: 8 }]);
    expect(kept).toEqual([{ rating: 6, confidence: 4 }, { rating: 8 }]);
    expect(() => cleanHuman([{ rating: Number.NaN }])).toThrow(/E_RANGE/);
  });
  it("aggregates by mean, median and the confidence-weighted mean", () => {
    const r = [{ rating: 6, confidence: 4 }, { rating: 3, confidence: 2 }, { rating: 8, confidence: 2 }];
    expect(aggregateHuman(r, "mean")).toBeCloseTo(17 / 3, 14);
    expect(aggregateHuman(r, "median")).toBe(6);
    expect(aggregateHuman(r.slice(0, 2), "median")).toBe(4.5);
    expect(aggregateHuman(r, "confidenceWeighted")).toBeCloseTo((24 + 6 + 16) / 8, 14);
    expect(() => aggregateHuman([], "mean")).toThrow(/E_SHAPE/);
    expect(() => aggregateHuman(r, "mode" as "mean")).toThrow(/E_ARGUMENT/);
  });
});
