import { describe, expect, it } from "vitest";
import { tensor, type FloatTensor } from "@wc/tensor";
import { Activation, Conv2d, MLP, RunningStats, Sequential, Var, captureActivations, constant, noGrad } from "../src/index";
import { rand } from "./helpers";

const batch = (b: number) => tensor(Float64Array.from({ length: 12 }, (_, i) => Math.sin(1.3 * i + b)), [2, 3, 2]) as FloatTensor;

describe("RunningStats", () => {
  it("streams per-channel mean, variance and sum of squares (NumPy literals)", () => {
    const s = new RunningStats();
    for (let b = 0; b < 3; b++) s.update(batch(b), 1);
    // a = concat over batches of x.transpose(1,0,2).reshape(3,-1); a.mean(1), a.var(1), (a**2).sum(1)
    const near = (x: ArrayLike<number>, y: number[]) => y.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 14));
    near(s.mean, [0.2682285541125969, -0.38336345684455503, 0.38877111513288515]);
    near(s.variance(), [0.4280113920796917, 0.353367218467954, 0.3492127506045464]);
    near(s.sumSq, [5.999495391852311, 6.004017102141132, 6.004268766794561]);
    expect(s.count).toBe(12);
    near(s.variance({ unbiased: true }), [0.4280113920796917 * 12 / 11, 0.353367218467954 * 12 / 11, 0.3492127506045464 * 12 / 11]);
    expect(() => s.update(tensor(new Float64Array(4), [1, 4]) as FloatTensor, 1)).toThrow(/E_SHAPE/);
  });
});

describe("captureActivations", () => {
  it("stats mode: per-feature statistics of a Linear's inputs over a calibration set", () => {
    const mlp = new MLP([4, 5, 3], { seed: 1, dtype: "float64" });
    const cap = captureActivations(mlp, { modules: ["layers.1"], side: "both" });
    const seen: FloatTensor[] = [];
    const spy = mlp.layers[1]!.registerForwardHook((_m, x) => seen.push(x.value));
    noGrad(() => [1, 2, 3].forEach((s) => mlp.call(constant(rand([7, 4], s)))));
    spy();
    cap.remove();
    const e = cap.entries.get("layers.1")!;
    expect(e.calls).toBe(3);
    expect(e.inputs).toEqual([]);
    // direct two-pass statistics over the 21 rows the hook saw
    for (let j = 0; j < 5; j++) {
      const col = seen.flatMap((t) => Array.from({ length: 7 }, (_, i) => t.data[i * 5 + j]!));
      const mu = col.reduce((a, b) => a + b, 0) / 21;
      expect(e.inputStats!.mean[j]).toBeCloseTo(mu, 13);
      expect(e.inputStats!.variance()[j]).toBeCloseTo(col.reduce((a, b) => a + (b - mu) ** 2, 0) / 21, 13);
      expect(e.inputStats!.sumSq[j]).toBeCloseTo(col.reduce((a, b) => a + b * b, 0), 12);
    }
    expect(e.outputStats!.mean.length).toBe(3);
    // removed hooks record nothing more
    mlp.call(constant(rand([2, 4], 9)));
    expect(e.calls).toBe(3);
  });
  it("record mode keeps copies; default selection is the leaf modules; conv channels on axis 1", () => {
    const net = new Sequential(new Conv2d(1, 2, 3, { dtype: "float64" }), new Activation("relu"));
    const cap = captureActivations(net, { mode: "record", side: "output" });
    expect([...cap.entries.keys()]).toEqual(["0", "1"]);
    const y = net.call(new Var(rand([2, 1, 5, 5], 4)));
    expect(cap.entries.get("1")!.outputs[0]!.data).not.toBe(y.data);
    expect(Array.from(cap.entries.get("1")!.outputs[0]!.data)).toEqual(Array.from(y.data));
    cap.remove();
    const st = captureActivations(net, { modules: (n) => n === "0", side: "output", channelAxis: 1 });
    net.call(new Var(rand([2, 1, 5, 5], 4)));
    expect(st.entries.get("0")!.outputStats!.count).toBe(2 * 3 * 3);
    expect(() => captureActivations(net, { modules: ["nope"] })).toThrow(/E_ARGUMENT/);
  });
});
