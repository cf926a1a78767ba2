import { BatchNorm2d, Conv2d, MLP, Sequential, Var, loadDataset, standardize, subset, trainTestSplit, type Dataset } from "@wc/nn";
import { tensor } from "@wc/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import {
  concreteTicketSearch,
  digitsCnn,
  digitsMlp,
  evaluateMasked,
  findMask,
  keepCount,
  lotteryTicketRewinding,
  maskDensity,
  maskedNet,
  trainMasked,
  MASK_METHODS,
} from "../src/index";
import { codeOf, randn64 } from "./helpers";

let train: Dataset;
let test: Dataset;
beforeAll(async () => {
  const digits = await loadDataset("digits");
  const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
  [train, test] = standardize(split.train, split.test) as [Dataset, Dataset];
  train = subset(train, Int32Array.from({ length: 512 }, (_, i) => i));
});

describe("maskedNet", () => {
  it("finds Linear and Conv2d weights only and masks them in the forward", () => {
    const cnn = digitsCnn({ seed: 0 });
    const net = maskedNet(cnn);
    expect(net.names).toEqual(["1.weight", "5.weight", "10.weight"]);
    expect(net.size).toBe(144 + 4608 + 1280);
    const mlp = new MLP([3, 2], { seed: 0, dtype: "float64" });
    const mn = maskedNet(mlp);
    const x = new Var(tensor(Float64Array.of(1, 2, 3), [1, 3]));
    const mask = new Var(tensor(Float64Array.of(1, 0, 0, 0, 1, 1), [2, 3]));
    const w = mlp.layers[0]!.weight.data;
    const b = mlp.layers[0]!.bias!.data;
    const out = mn.forward(x, [mask]).data;
    expect(out[0]).toBeCloseTo(w[0]! * 1 + b[0]!, 14);
    expect(out[1]).toBeCloseTo(w[4]! * 2 + w[5]! * 3 + b[1]!, 14);
    expect(mlp.layers[0]!.weight).toBe(mn.params[0]);
    expect(codeOf(() => mn.forward(x, []))).toBe("E_SHAPE");
    expect(mlp.layers[0]!.weight).toBe(mn.params[0]);
    expect(codeOf(() => maskedNet(new Sequential(new BatchNorm2d(2))))).toBe("E_ARGUMENT");
    expect(maskedNet(cnn, { include: (_n, m) => m instanceof Conv2d }).params.length).toBe(2);
  });

  it("the CTS search leaves BatchNorm running statistics unchanged", () => {
    const cnn = digitsCnn({ seed: 1 });
    const before = cnn.namedBuffers().map(([, b]) => Array.from(b.data));
    const loader = [{ x: subset(train, Int32Array.from({ length: 16 }, (_, i) => i)).x, y: train.y.subarray(0, 16) }];
    concreteTicketSearch(cnn, loader, { density: 0.1, epochs: 1 });
    cnn.namedBuffers().forEach(([, b], i) => expect(Array.from(b.data)).toEqual(before[i]));
  });
});

describe("trainMasked", () => {
  it("pruned weights stay exactly zero, kept ones train, and accuracy beats chance", () => {
    const mlp = digitsMlp({ seed: 3 });
    const mn = maskedNet(mlp);
    const { masks } = findMask(mlp, train, { method: "random", density: 0.2, seed: 1 });
    const before = mn.params.map((p) => Float32Array.from(p.data));
    const r = trainMasked(mlp, masks, train, { epochs: 3, batchSize: 32 });
    expect(r.epochLosses[2]!).toBeLessThan(r.epochLosses[0]!);
    let changed = 0;
    mn.params.forEach((p, l) =>
      masks[l]!.forEach((m, i) => {
        if (m === 0) expect(p.data[i]).toBe(0);
        else if (p.data[i] !== before[l]![i]) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(0.9 * maskDensity(masks).kept);
    expect(evaluateMasked(mlp, test, masks).accuracy).toBeGreaterThan(0.5);
    expect(codeOf(() => trainMasked(mlp, [masks[0]!], train))).toBe("E_SHAPE");
    expect(codeOf(() => trainMasked(mlp, masks.map((m) => m.map(() => 2)), train))).toBe("E_RANGE");
  });
});

describe("lottery ticket rewinding", () => {
  it("prunes 20% of survivors per round down to floor(kd), hits milestones, and rewinds the weights", () => {
    const mlp = new MLP([64, 16, 10], { seed: 4 });
    const before = mlp.parameters().map((p) => Array.from(p.data));
    const d = maskedNet(mlp).size;
    const seen: number[] = [];
    const r = lotteryTicketRewinding(
      mlp,
      (net, masks) => {
        seen.push(maskDensity(masks).kept);
        trainMasked(net, masks, train, { epochs: 1 });
      },
      { density: 0.3, milestones: [0.5] },
    );
    // kept counts: 1184, floor(0.8 n) ... clamped at floor(0.5 d) = 592 and floor(0.3 d) = 355
    const expected: number[] = [d];
    let k = d;
    while (k > keepCount(0.3, d)) {
      let next = Math.max(keepCount(0.3, d), Math.floor(k * 0.8));
      if (keepCount(0.5, d) < k && keepCount(0.5, d) > next) next = keepCount(0.5, d);
      expected.push(next);
      k = next;
    }
    expect(seen).toEqual(expected.slice(0, -1));
    expect(r.rounds.map((x) => Math.round(x.density * d))).toEqual(expected.slice(1));
    expect(maskDensity(r.masks).kept).toBe(keepCount(0.3, d));
    expect(maskDensity(r.milestones.get(0.5)!).kept).toBe(keepCount(0.5, d));
    mlp.parameters().forEach((p, i) => expect(Array.from(p.data)).toEqual(before[i]));
    // nested: the final ticket is inside the milestone ticket
    r.masks.forEach((m, l) => m.forEach((v, i) => v && expect(r.milestones.get(0.5)![l]![i]).toBe(1)));
    expect(codeOf(() => lotteryTicketRewinding(mlp, () => undefined, { density: 0.3, keepPerRound: 1 }))).toBe("E_RANGE");
  });
});

describe("findMask", () => {
  it("every method returns a ticket of exactly floor(kd) weights (SynFlow/LTR quick settings)", () => {
    const mlp = new MLP([64, 16, 10], { seed: 5 });
    const d = maskedNet(mlp).size;
    for (const method of MASK_METHODS) {
      const r = findMask(mlp, train, { method, density: 0.1, seed: 2, cts: { epochs: 1 }, synflowIterations: 5, ltrTrain: { epochs: 1 }, keepPerRound: 0.5 });
      expect(r.method).toBe(method);
      expect(maskDensity(r.masks).kept).toBe(keepCount(0.1, d));
      expect(r.timeMs).toBeGreaterThanOrEqual(0);
    }
    expect(codeOf(() => findMask(mlp, train, { method: "obd" as never, density: 0.1 }))).toBe("E_ARGUMENT");
    expect(codeOf(() => findMask(mlp, train, { method: "snip", density: 2 }))).toBe("E_RANGE");
    expect(codeOf(() => findMask(mlp, { ...train, y: new Int32Array(0), x: randn64([0, 64], 0) }, { method: "snip", density: 0.1 }))).toBe("E_ARGUMENT");
  });
});
