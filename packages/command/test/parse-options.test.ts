import { describe, expect, it } from "vitest";
import { parseOptions, type OptionSpec } from "../src/index";

const specs: OptionSpec[] = [
  { name: "target-rank", type: "integer", help: "rank", default: 8, min: 1, max: 64 },
  { name: "mode", type: "choice", help: "mode", choices: ["fast", "exact"], default: "fast" },
  { name: "scale", type: "number", help: "scale" },
  { name: "dry-run", type: "boolean", help: "dry", default: false },
];

describe("parseOptions", () => {
  it("applies defaults and camelCases names", () => {
    expect(parseOptions(specs, {})).toEqual({ targetRank: 8, mode: "fast", scale: undefined, dryRun: false });
  });
  it("coerces strings from the command line", () => {
    expect(parseOptions(specs, { "target-rank": "16", scale: "0.5", "dry-run": "true" })).toMatchObject({
      targetRank: 16,
      scale: 0.5,
      dryRun: true,
    });
  });
  it("names the option and the accepted values on bad input", () => {
    expect(() => parseOptions(specs, { mode: "slow" })).toThrow(/--mode: expected one of fast, exact, got "slow"/);
    expect(() => parseOptions(specs, { "target-rank": "1.5" })).toThrow(/--target-rank: expected an integer >= 1 and <= 64/);
    expect(() => parseOptions(specs, { "target-rank": "65" })).toThrow(/E_ARGUMENT/);
    expect(() => parseOptions(specs, { scale: "abc" })).toThrow(/--scale: expected a number/);
    expect(() => parseOptions(specs, { colour: "red" })).toThrow(/unknown option --colour; accepted: --target-rank, --mode, --scale, --dry-run/);
  });
  it("collects repeated options into arrays", () => {
    const multi: OptionSpec[] = [
      { name: "ref", type: "string", help: "reference file", multiple: true, required: true },
      { name: "k", type: "integer", help: "cut-offs", multiple: true, default: 10 },
    ];
    expect(parseOptions(multi, { ref: ["a.txt", "b.txt"], k: ["1", "5"] })).toEqual({ ref: ["a.txt", "b.txt"], k: [1, 5] });
    expect(parseOptions(multi, { ref: "a.txt" })).toEqual({ ref: ["a.txt"], k: [10] });
    expect(() => parseOptions(multi, {})).toThrow(/--ref is required/);
    expect(() => parseOptions(multi, { ref: "a", k: ["2", "x"] })).toThrow(/--k: expected an integer, got "x"/);
    expect(() => parseOptions(specs, { scale: ["1", "2"] })).toThrow(/--scale was given 2 times; it takes one value/);
  });
  it("enforces required options", () => {
    expect(() => parseOptions([{ name: "in", type: "string", help: "input file", required: true }], {})).toThrow(
      /--in is required/,
    );
  });
});
