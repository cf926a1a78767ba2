import { describe, expect, it } from "vitest";
import { defineCommand, runCommand } from "../src/index";

const echo = defineCommand({
  name: "echo",
  summary: "echo",
  args: [{ name: "words", help: "words", variadic: true }],
  options: [{ name: "times", type: "integer", help: "repeat", default: 1, min: 1 }],
  async run(ctx) {
    ctx.log(`seed ${ctx.seed}`);
    return { json: { out: Array.from({ length: ctx.options.times as number }, () => ctx.args.join(" ")) }, sections: [] };
  },
});

describe("runCommand", () => {
  it("validates options and runs with a quiet context", async () => {
    const logs: string[] = [];
    const r = await runCommand(echo, ["a", "b"], { times: "2" }, { seed: 7, log: (m) => logs.push(m) });
    expect(r.json).toEqual({ out: ["a b", "a b"] });
    expect(logs).toEqual(["seed 7"]);
  });
  it("rejects bad options before running", async () => {
    await expect(runCommand(echo, [], { times: "0" })).rejects.toThrow(/--times: expected an integer >= 1/);
  });
});
