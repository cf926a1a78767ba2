import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { wcraft } from "./helpers";

// The browser check needs Debian's chromium (`apt-get install chromium`); scripts/check.sh and
// .ci/run install it when missing. Its absence is a failure, not a skip.
const CHROMIUM = process.env.WC_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../.vitest/artifacts", import.meta.url));

describe("HTML report in headless Chromium", () => {
  it("renders every chart with non-zero size and makes no network request", async () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}; install it with apt-get install chromium`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "wcraft-browser-"));
    const file = join(dir, "report.html");
    const r = wcraft(["fake", "1", "2", "3", "--report", file, "--quiet"]);
    expect(r.code).toBe(0);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      const sizes = await page.$$eval("figure.chart > svg", (els) =>
        els.map((e) => {
          const b = e.getBoundingClientRect();
          return { w: b.width, h: b.height, marks: e.querySelectorAll("path, rect, circle, line").length };
        }),
      );
      expect(sizes).toHaveLength(3);
      for (const s of sizes) {
        expect(s.w).toBeGreaterThan(100);
        expect(s.h).toBeGreaterThan(100);
        expect(s.marks).toBeGreaterThan(3);
      }
      expect(requests.filter((u) => u !== pathToFileURL(file).href)).toEqual([]);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
