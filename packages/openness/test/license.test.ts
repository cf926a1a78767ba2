import { describe, expect, it } from "vitest";
import spdxList from "spdx-license-list";
import { OPEN_DATA_LICENSES, parseLicense } from "../src/index";

describe("parseLicense (spec §6.4)", () => {
  it("Apache-2.0 OR MIT is OSI-approved", () => {
    const r = parseLicense("Apache-2.0 OR MIT");
    expect(r.osiApproved).toBe(true);
    expect(r.spdx).toEqual(["Apache-2.0", "MIT"]);
    expect(r.restrictive).toEqual([]);
  });
  it("Apache-2.0 AND CC-BY-NC-4.0 is not open and names the NC term", () => {
    const r = parseLicense("Apache-2.0 AND CC-BY-NC-4.0");
    expect(r.osiApproved).toBe(false);
    expect(r.openData).toBe(false);
    expect(r.open).toBe(false);
    expect(r.restrictive).toEqual(["CC-BY-NC-4.0"]);
  });
  it("llama3.1 is restrictive free text", () => {
    const r = parseLicense("llama3.1");
    expect(r).toEqual({ spdx: [], osiApproved: false, openData: false, open: false, restrictive: ["llama3.1"] });
  });
  it("CC-BY-4.0 is open data but not OSI", () => {
    const r = parseLicense("CC-BY-4.0");
    expect(r.openData).toBe(true);
    expect(r.osiApproved).toBe(false);
    expect(r.open).toBe(true);
  });
  it("OR is open if any branch is; AND needs every branch; WITH keeps the base licence", () => {
    expect(parseLicense("CC-BY-NC-4.0 OR MIT").osiApproved).toBe(true);
    expect(parseLicense("(MIT AND BSD-3-Clause) OR GPL-3.0-only").osiApproved).toBe(true);
    expect(parseLicense("MIT AND CC-BY-4.0").osiApproved).toBe(false);
    expect(parseLicense("MIT AND CC-BY-4.0").open).toBe(true);
    expect(parseLicense("Apache-2.0 WITH LLVM-exception").osiApproved).toBe(true);
    expect(parseLicense("GPL-2.0-or-later").osiApproved).toBe(true);
  });
  it("custom model licences and unparsable text are not open", () => {
    for (const t of ["OpenRAIL-M", "Gemma Terms of Use", "DeepSeek License Agreement", "Tongyi Qianwen LICENSE", "bigscience-bloom-rail-1.0"]) {
      const r = parseLicense(t);
      expect(r.open, t).toBe(false);
      expect(r.restrictive.length, t).toBeGreaterThan(0);
    }
    expect(parseLicense("arXiv.org perpetual non-exclusive license 1.0")).toMatchObject({ open: false, osiApproved: false });
    expect(parseLicense("see the website").open).toBe(false);
    expect(parseLicense("   ").spdx).toEqual([]);
    expect(parseLicense("LicenseRef-custom").open).toBe(false);
  });
  it("every shipped open-data id is a real SPDX id and not OSI-approved software licence", () => {
    for (const id of OPEN_DATA_LICENSES) {
      expect(id in spdxList, id).toBe(true);
      expect(parseLicense(id).osiApproved, id).toBe(false);
    }
  });
  it("rejects a non-string with E_ARGUMENT", () => {
    expect(() => parseLicense(42 as unknown as string)).toThrow(/E_ARGUMENT/);
  });
});
