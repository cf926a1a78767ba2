import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { lhvlnReport, parseEpisodes } from "../src/index";

function throwsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a WcError ${code}`);
}

const JSONL = [
  '{"subtaskSuccess":[true,true,true],"gtSteps":[5,5,5],"group":{"robot":"spot"}}',
  "",
  '{"subtaskSuccess":[true,false,true],"gtSteps":[5,10,5],"group":{"robot":"stretch"}}',
].join("\n");

describe("JSON / JSONL input", () => {
  it("array, { episodes }, JSONL", () => {
    expect(parseEpisodes(JSONL)).toHaveLength(2);
    expect(parseEpisodes(`[${JSONL.split("\n").filter(Boolean).join(",")}]`)).toHaveLength(2);
    expect(parseEpisodes('{"episodes":[{"subtaskSuccess":[true],"gtSteps":[1]}]}')).toHaveLength(1);
    expect(parseEpisodes("  ")).toEqual([]);
  });
  it("malformed files", () => {
    throwsCode(() => parseEpisodes('{"subtaskSuccess":[true],"gtSteps":[1]}\n{oops'), "E_FORMAT");
    throwsCode(() => parseEpisodes("42"), "E_FORMAT");
    throwsCode(() => parseEpisodes("[1]\n[2]"), "E_FORMAT");
  });
});

describe("lhvlnReport (the function a CLI wraps)", () => {
  it("overall, challenge score, groups by several fields", () => {
    const r = lhvlnReport({ episodes: JSONL, by: ["numSubtasks", "robot"] });
    expect(r.overall.CSR).toBeCloseTo(0.7222222222222222, 12);
    expect(r.overall.challengeScore).toBeCloseTo(0.2 * (5 / 6 + 0.7222222222222222 + 2 / 3), 12);
    expect(Object.keys(r.groups?.numSubtasks ?? {})).toEqual(["3"]);
    expect(r.groups?.robot?.stretch?.ISR).toBeCloseTo(2 / 3, 12);
    expect(r.options).toEqual({ isrAveraging: "micro", successDist: 1 });
    expect(JSON.parse(JSON.stringify(r)).overall.count).toBe(2);
  });
  it("rejects missing episodes", () => {
    throwsCode(() => lhvlnReport({} as never), "E_ARGUMENT");
  });
});
