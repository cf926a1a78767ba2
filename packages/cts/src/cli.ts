import { defineCommand, type ReportSection, type RunContext, type RunResult } from "@wc/command";
import { MASK_METHODS, type MaskMethod } from "./find-mask";
import { loadDigitsSplit, runTicketExperiment, type SanityCheck, type TicketExperimentResult } from "./experiment";
import type { Objective } from "./options";

const pct = (x: number, d = 1): string => `${(100 * x).toFixed(d)}%`;

function sectionsFor(results: readonly TicketExperimentResult[], title: string): ReportSection[] {
  const s: ReportSection[] = [
    {
      kind: "table",
      title,
      columns: ["method", "density", "sanity check", "test accuracy", "search s", "retrain s"],
      rows: results.map((r) => [r.method, pct(r.density, 2), r.sanity, pct(r.accuracy), (r.searchMs / 1000).toFixed(2), (r.trainMs / 1000).toFixed(2)]),
      note: "Test accuracy of the ticket after retraining (digits, stratified 80/20 split, seed 0). search = time to find the mask (LTR: all its training rounds).",
    },
  ];
  s.push({
    kind: "table",
    title: "Kept weights per layer",
    columns: ["method", "weight", "kept", "of", "density"],
    rows: results.flatMap((r) => r.perLayer.map((l) => [r.method, l.name, l.kept, l.total, pct(l.density, 2)])),
  });
  for (const r of results) {
    s.push({
      kind: "bar",
      title: `${r.method} at ${pct(r.density, 2)}: kept fraction per layer`,
      x: "weight",
      y: "density",
      data: r.perLayer.map((l) => ({ label: `${l.name} (${l.kept}/${l.total})`, value: l.density })),
    });
  }
  return s;
}

async function run(ctx: RunContext, overrides: Partial<Record<string, unknown>> = {}): Promise<RunResult> {
  const o = { ...ctx.options, ...overrides };
  const methods: MaskMethod[] = o.method === "all" ? [...MASK_METHODS] : [o.method as MaskMethod];
  const data = await loadDigitsSplit();
  const results: TicketExperimentResult[] = [];
  const tick = ctx.progress.start("finding and training tickets", methods.length);
  for (const method of methods) {
    ctx.log(`cts: ${method} at density ${o.density as number} (${o.model as string}, seed ${ctx.seed})`);
    results.push(
      runTicketExperiment(data, {
        model: o.model as "mlp" | "cnn",
        method,
        density: o.density as number,
        seed: ctx.seed,
        rewindEpochs: o.rewindEpochs as number,
        sanity: o.sanity as SanityCheck,
        train: { epochs: o.epochs as number, lr: o.lr as number, batchSize: o.batchSize as number },
        find: {
          cts: { epochs: o.searchEpochs as number },
          objective: o.objective as Objective,
          batchSize: o.searchBatchSize as number,
          synflowIterations: o.synflowIterations as number,
          grasp: { hvp: o.graspHvp as "exact" | "finiteDiff" },
        },
      }),
    );
    tick();
  }
  ctx.progress.stop();
  return {
    json: results.map((r) => ({ method: r.method, density: r.density, sanity: r.sanity, accuracy: r.accuracy, searchMs: r.searchMs, trainMs: r.trainMs, perLayer: r.perLayer })),
    sections: sectionsFor(results, `Tickets on digits (${o.model as string})`),
  };
}

/**
 * The `wcraft cts` command: finds a sparse ticket of a digits MLP or CNN (built with @wc/nn) with
 * CTS or a baseline, retrains it and reports test accuracy, density per layer and time.
 */
export const command = defineCommand({
  name: "cts",
  summary: "find sparse trainable tickets (Concrete Ticket Search, SNIP, GraSP, SynFlow, magnitude, random, LTR) on a digits MLP/CNN and report accuracy",
  description:
    "Builds the reference digits model (--model mlp: 64-128-128-10 ReLU MLP; cnn: 2-conv BatchNorm CNN on 8x8 images) from @wc/nn with Kaiming-normal init, " +
    "trains it densely for --rewind-epochs (the rewind point), finds a global mask keeping --density of the Linear/Conv2d weights with --method " +
    "(or every method with --method all), optionally applies a sanity check (--sanity shuffle|invert|reinit), retrains the ticket with SGD " +
    "(momentum 0.9, cosine LR, weight decay 1e-4) and reports test accuracy on the bundled scikit-learn digits (stratified 80/20 split), " +
    "density per layer and the time of the search and of the retraining. --seed sets the init, noise and batch order.",
  args: [],
  options: [
    { name: "model", type: "choice", choices: ["mlp", "cnn"], default: "mlp", help: "digits model to prune" },
    { name: "data", type: "choice", choices: ["digits"], default: "digits", help: "data set (the bundled scikit-learn digits)" },
    { name: "density", type: "number", default: 0.01, min: 1e-6, max: 1, help: "fraction of prunable weights kept" },
    { name: "method", type: "choice", choices: [...MASK_METHODS, "all"], default: "cts-kl", help: "mask-finding method, or all" },
    { name: "sanity", type: "choice", choices: ["none", "shuffle", "invert", "reinit"], default: "none", help: "sanity check applied to the ticket before retraining (invert: CTS only)" },
    { name: "epochs", type: "integer", default: 15, min: 1, help: "retraining epochs of the ticket (also each LTR round)" },
    { name: "lr", type: "number", default: 0.05, min: 0, help: "retraining SGD learning rate (cosine-decayed)" },
    { name: "batch-size", type: "integer", default: 128, min: 1, help: "retraining batch size" },
    { name: "search-epochs", type: "integer", default: 15, min: 1, help: "CTS search epochs" },
    {
      name: "objective",
      type: "choice",
      choices: ["task", "rkl", "fkl", "deltaloss", "gradnorm", "msefeature", "gradmatch"],
      default: "task",
      help: "objective of --method cts (cts-kl always uses rkl); gradnorm and gradmatch use double backprop",
    },
    { name: "grasp-hvp", type: "choice", choices: ["exact", "finiteDiff"], default: "exact", help: "GraSP Hessian-vector product: exact double backprop or finite difference" },
    { name: "search-batch-size", type: "integer", default: 32, min: 1, help: "CTS search batch size" },
    { name: "synflow-iterations", type: "integer", default: 100, min: 1, help: "SynFlow pruning rounds" },
    { name: "rewind-epochs", type: "integer", default: 1, min: 0, help: "dense epochs before the search (0 = prune at initialisation)" },
  ],
  run: (ctx) => run(ctx),
  async demo(ctx) {
    const r = await run(ctx, { model: "mlp", method: "cts-kl", density: 0.05, sanity: "none", epochs: 5, searchEpochs: 3, lr: 0.05, batchSize: 128, searchBatchSize: 32, synflowIterations: 100, rewindEpochs: 1, objective: "task", graspHvp: "exact" });
    return { ...r, sections: r.sections.slice(0, 1) };
  },
});
