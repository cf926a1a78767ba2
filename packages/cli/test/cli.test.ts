import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { wcraft } from "./helpers";

describe("wcraft (built binary as a subprocess)", () => {
  it("lists built-in and discovered commands in --help without loading them", () => {
    const r = wcraft(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/inspect \[options\] <file\.\.\.>/);
    expect(r.stdout).toMatch(/demo/);
    expect(r.stdout).toMatch(/fake\s+a test method that scales numbers/);
  });

  it("shows a method's options and defaults", () => {
    const r = wcraft(["fake", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--factor <number>\s+multiplier \(default: 2\)/);
    expect(r.stdout).toMatch(/choices: "sum", "each"/);
  });

  it("runs a discovered method with --json on stdout", () => {
    const r = wcraft(["fake", "1", "2", "3", "--factor", "1.5", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ scaled: [1.5, 3, 4.5] });
    const s = wcraft(["fake", "1", "2", "--mode", "sum", "--json"]);
    expect(JSON.parse(s.stdout)).toEqual({ sum: 6 });
    const t = wcraft(["fake", "1", "--tag", "a", "--tag", "b", "--json"]);
    expect(JSON.parse(t.stdout)).toEqual({ scaled: [2], tags: ["a", "b"] });
  });

  it("prints tables for a person", () => {
    const r = wcraft(["fake", "4"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/scaled\ni\s+value\n-+\s+-+\n0\s+8/);
  });

  it("exits 2 on usage errors, naming the option and accepted values", () => {
    expect(wcraft(["bogus"]).code).toBe(2);
    expect(wcraft(["inspect"]).code).toBe(2);
    const bad = wcraft(["fake", "1", "--mode", "max"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mode/);
    expect(bad.stderr).toMatch(/sum, each|"sum", "each"/);
    const num = wcraft(["fake", "1", "--factor", "abc"]);
    expect(num.code).toBe(2);
    expect(num.stderr).toMatch(/--factor: expected a number, got "abc"/);
    const unk = wcraft(["fake", "1", "--colour", "red"]);
    expect(unk.code).toBe(2);
    expect(unk.stderr).toMatch(/unknown option '--colour'/);
    const seed = wcraft(["fake", "1", "--seed", "-3"]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed: expected a non-negative integer/);
  });

  it("exits 1 on runtime errors, with a stack trace only under --debug", () => {
    const r = wcraft(["fake", "x"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("wcraft: fake: values must be numbers\n");
    const d = wcraft(["fake", "x", "--debug"]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/at .*cli\.js/);
  });

  it("writes a self-contained HTML report with one SVG per chart", () => {
    const dir = mkdtempSync(join(tmpdir(), "wcraft-report-"));
    const file = join(dir, "r.html");
    const r = wcraft(["fake", "1", "2", "--report", file, "--quiet"]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toMatch(/<td>fake<\/td>/);
  });

  it("inspect reports a corrupt file as a runtime error (exit 1)", () => {
    const dir = mkdtempSync(join(tmpdir(), "wcraft-bad-"));
    const file = join(dir, "bad.safetensors");
    writeFileSync(file, Buffer.from([1, 2, 3]));
    const r = wcraft(["inspect", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wcraft: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(file)).toBe(true);
  });
});

describe("wcraft demo", () => {
  it("writes report.html and result.json with the PP-OCRv4 model inspected", () => {
    const dir = mkdtempSync(join(tmpdir(), "wcraft-demo-"));
    const r = wcraft(["demo", "--out", dir, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8"));
    const onnx = result.inspect.find((m: { format: string }) => m.format === "onnx");
    expect(onnx.params).toBe(2_690_312);
    // the tiny Llama of @wc/fixtures (a dependency of @wc/cli) is inspected too
    expect(result.models.lm).toMatch(/tiny-llama\.safetensors$/);
    expect(result.methods).toEqual([]); // the fake method declares no demo section
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/<h2>inspect<\/h2>/);
    expect(html).toMatch(/2,690,312 parameters/);
  });
});
