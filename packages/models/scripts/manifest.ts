// Shared by the fixture training scripts: paths into @wc/fixtures and the manifest update.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));
export const MODELS_DIR = `${FIXTURES}models/`;
export const MANIFEST = `${FIXTURES}manifest.json`;

export function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Replaces one fixture's entry in manifest.json (keys sorted, 2-space JSON). */
export function recordFixture(name: string, entry: Record<string, unknown>): void {
  const m = existsSync(MANIFEST) ? (JSON.parse(readFileSync(MANIFEST, "utf8")) as { fixtures: Record<string, unknown> }) : { fixtures: {} };
  m.fixtures[name] = entry;
  const sorted = Object.fromEntries(Object.entries(m.fixtures).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(MANIFEST, JSON.stringify({ version: 1, fixtures: sorted }, null, 2) + "\n");
}
