import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../src/node";

describe("readTextFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "wc-command-"));
  it("reads UTF-8 and drops a byte-order mark", async () => {
    const f = join(dir, "a.txt");
    writeFileSync(f, "\ufeffkönig\n");
    expect(await readTextFile(f)).toBe("könig\n");
  });
  it("names the file and the reason in an E_IO error", async () => {
    await expect(readTextFile(join(dir, "missing.tsv"), "challenge")).rejects.toThrow(
      /\[E_IO\] cannot read the challenge file .*missing\.tsv \(no such file\); check the path/,
    );
    await expect(readTextFile(dir)).rejects.toThrow(/E_IO.*EISDIR/);
  });
});
