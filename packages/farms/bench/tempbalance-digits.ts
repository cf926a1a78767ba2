/**
 * TempBalance on the digits data: a small ResNet-style CNN (@wc/models ResNet, widths [8, 16, 32])
 * trained with SGD (momentum 0.9, weight decay 5e-4, per-epoch cosine LR) once with one global LR
 * and once with TempBalance layer-wise LRs recomputed every epoch from FARMS alphas ('median' fit,
 * conv slices with qRatio 1, convNorm 0.5; 'linear' map to 0.5..1.5 x the scheduled LR; the first
 * and last layer keep the global LR; BatchNorm follows its conv). Test accuracy over seeds.
 */
import { DataLoader, SGD, evaluate, fit, loadDataset, trainTestSplit, type Var } from "@wc/nn";
import { ResNet } from "@wc/models";
import { farmsConv2d, farmsEsd, fitPowerLaw, tempBalanceLRs } from "../src/index";

interface Group {
  key: string;
  params: Var[];
  weight?: Var;
}

function groupsOf(model: ResNet): Group[] {
  const byKey = new Map<string, Group>();
  const rest: Var[] = [];
  const named = model.namedParameters();
  for (const [name, v] of named) {
    if (name.endsWith(".weight") && (v.shape.length === 4 || v.shape.length === 2)) byKey.set(name.slice(0, -7), { key: name.slice(0, -7), params: [v], weight: v });
  }
  for (const [name, v] of named) {
    if (byKey.get(name.slice(0, -7))?.weight === v) continue;
    // BatchNorm follows its conv: bn1 -> conv1, downsample.1 -> downsample.0.
    const owner = name.replace(/\.(weight|bias)$/, "").replace(/\.bn(\d)$/, ".conv$1").replace(/^bn1$/, "conv1").replace(/downsample\.1$/, "downsample.0");
    const g = byKey.get(owner);
    if (g) g.params.push(v);
    else rest.push(v);
  }
  return [...byKey.values(), { key: "(rest)", params: rest }];
}

function alphaOf(W: Var): number {
  const t = W.value;
  if (t.shape.length === 4) return farmsConv2d(t, { qRatio: 1, convNorm: 0.5, fit: { xmin: "median" } }).alpha;
  return fitPowerLaw(farmsEsd(t, { windowRows: 100, opsPerDim: 9 }).eigs, { xmin: "median" }).alpha;
}

export async function tempBalanceDigits(seeds: number, epochs: number): Promise<void> {
  const digits = await loadDataset("digits");
  const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
  const baseLr = 0.05;
  console.log(`\n== TempBalance vs one global LR: ResNet widths [8,16,32] on digits (1437 train / 360 test), SGD lr ${baseLr}, ${epochs} epochs, ${seeds} seeds ==`);
  const acc: Record<string, number[]> = { global: [], tempbalance: [] };
  for (let seed = 0; seed < seeds; seed++) {
    for (const method of ["global", "tempbalance"] as const) {
      const model = new ResNet({ imageSize: 8, widths: [8, 16, 32], depths: [1, 1, 1], seed });
      const groups = groupsOf(model);
      const opt = new SGD(groups.map((g) => ({ params: g.params })), { lr: baseLr, momentum: 0.9, weightDecay: 5e-4 });
      const loader = new DataLoader(split.train, { batchSize: 32, shuffle: true, seed: seed + 1 });
      const t = performance.now();
      let spread = "";
      for (let e = 0; e < epochs; e++) {
        const lr = 0.5 * baseLr * (1 + Math.cos((Math.PI * e) / epochs));
        const balanced = groups.filter((g) => g.weight).slice(1, -1);
        const factors = new Map<Group, number>();
        if (method === "tempbalance" && balanced.length > 1) {
          const lrs = tempBalanceLRs(balanced.map((g) => alphaOf(g.weight!)), 1, { minRatio: 0.5, maxRatio: 1.5 });
          balanced.forEach((g, k) => factors.set(g, lrs[k]!));
          if (e === epochs - 1) spread = ` (last-epoch LR factors ${Math.min(...lrs).toFixed(2)}..${Math.max(...lrs).toFixed(2)})`;
        }
        groups.forEach((g, k) => (opt.groups[k]!.lr = lr * (factors.get(g) ?? 1)));
        fit(model, loader, { optimizer: opt, epochs: 1 });
      }
      const r = evaluate(model, split.test);
      acc[method]!.push(r.accuracy);
      console.log(`seed ${seed} ${method.padEnd(11)} test accuracy ${r.accuracy.toFixed(4)}  ${((performance.now() - t) / 1000).toFixed(0)} s${spread}`);
    }
  }
  const ms = (v: number[]): string => {
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1));
    return `${m.toFixed(4)} +- ${sd.toFixed(4)}`;
  };
  console.log(`mean test accuracy: global LR ${ms(acc.global!)}, TempBalance ${ms(acc.tempbalance!)}`);
}
