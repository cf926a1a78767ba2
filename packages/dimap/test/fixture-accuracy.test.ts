import { describe, expect, it } from "vitest";
import { loadFixture, loadManifest } from "@wc/fixtures";
import { SwinTransformer, resizeBilinear, type SwinOptions } from "@wc/models";
import { evaluate, loadDataset, trainTestSplit } from "@wc/nn";
import { dimapMasks, globalMagnitudeMasks, maskStateDict, tensorsFromStateDict } from "../src/index";

describe("masked digits Swin fixture through the @wc/models forward", () => {
  it("keeps far more accuracy than global magnitude at 90% removal (no fine-tune)", async () => {
    const { fixtures } = await loadManifest();
    const entry = fixtures["digits-swin"]!;
    const sd = await loadFixture("digits-swin");
    const split = trainTestSplit(await loadDataset("digits"), { testFraction: 0.2, seed: 0 });
    const test = { ...split.test, x: resizeBilinear(split.test.x, 8, 16) };
    const accuracy = (masks: Map<string, Uint8Array>) => {
      const m = new SwinTransformer(entry.hyperparameters as SwinOptions);
      m.loadStateDict(maskStateDict(sd, masks));
      return evaluate(m, test).accuracy;
    };
    // the unmasked model reproduces the manifest's accuracy, so the wiring is right
    expect(accuracy(new Map())).toBeCloseTo(entry.metrics.testAccuracy as number, 10);
    const tensors = tensorsFromStateDict(sd);
    const dimap = accuracy(dimapMasks(tensors, { ratio: 0.9 }).masks);
    const global = accuracy(globalMagnitudeMasks(tensors, { ratio: 0.9 }).masks);
    // measured on the committed fixture: DIMAP 61.3%, global magnitude 15.0% (chance is 10%)
    expect(dimap).toBeGreaterThan(global + 0.2);
  }, 60000);
});
