import { runCommand, type RunContext, type TableSection } from "@wc/command";
import { describe, expect, it } from "vitest";
import { command } from "../src/cli";

describe("wcraft cts", () => {
  it("prunes the digits MLP and reports accuracy, per-layer density and time", async () => {
    const r = await runCommand(command, [], { model: "mlp", method: "magnitude", density: 0.1, epochs: 2, "rewind-epochs": 0 });
    const json = r.json as { method: string; accuracy: number; perLayer: { name: string; kept: number; total: number }[]; searchMs: number }[];
    expect(json).toHaveLength(1);
    expect(json[0]!.method).toBe("magnitude");
    expect(json[0]!.perLayer.map((l) => l.name)).toEqual(["layers.0.weight", "layers.1.weight", "layers.2.weight"]);
    expect(json[0]!.perLayer.reduce((s, l) => s + l.kept, 0)).toBe(2585); // floor(0.1 * 25856)
    expect(json[0]!.accuracy).toBeGreaterThan(0.1);
    expect((r.sections[0] as TableSection).rows[0]![0]).toBe("magnitude");
    expect(r.sections.some((s) => s.kind === "bar")).toBe(true);
  });

  it("runs the CNN with CTS-KL and a sanity check", async () => {
    const r = await runCommand(command, [], { model: "cnn", method: "cts-kl", density: 0.1, epochs: 1, "search-epochs": 1, "search-batch-size": 256, "rewind-epochs": 0, sanity: "shuffle" });
    const json = r.json as { sanity: string; perLayer: { kept: number }[] }[];
    expect(json[0]!.sanity).toBe("shuffle");
    expect(json[0]!.perLayer.reduce((s, l) => s + l.kept, 0)).toBe(603); // floor(0.1 * 6032)
  });

  it("runs CTS with the gradnorm objective (double backprop) and GraSP with the exact Hessian-vector product", async () => {
    const r = await runCommand(command, [], { method: "cts", objective: "gradnorm", density: 0.05, epochs: 1, "search-epochs": 1, "search-batch-size": 512, "rewind-epochs": 0 });
    expect((r.json as { perLayer: { kept: number }[] }[])[0]!.perLayer.reduce((s, l) => s + l.kept, 0)).toBe(1292); // floor(0.05 * 25856)
    const g = await runCommand(command, [], { method: "grasp", "grasp-hvp": "exact", density: 0.05, epochs: 1, "rewind-epochs": 0 });
    expect((g.json as { method: string }[])[0]!.method).toBe("grasp");
    await expect(runCommand(command, [], { objective: "nope" })).rejects.toMatchObject({ code: "E_ARGUMENT" });
  });

  it("rejects bad options", async () => {
    await expect(runCommand(command, [], { density: 2 })).rejects.toMatchObject({ code: "E_ARGUMENT" });
    await expect(runCommand(command, [], { method: "obd" })).rejects.toMatchObject({ code: "E_ARGUMENT" });
    await expect(runCommand(command, [], { method: "snip", sanity: "invert", epochs: 1 })).rejects.toMatchObject({ code: "E_UNSUPPORTED" });
  });

  it("has a quick demo section (CTS-KL on the digits MLP at 5%)", async () => {
    const ctx: RunContext = { args: [], options: {}, seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } };
    const r = await command.demo!(ctx, {});
    const t = r!.sections[0] as TableSection;
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]![0]).toBe("cts-kl");
    expect(t.rows[0]![1]).toBe("5.00%");
  });
});
