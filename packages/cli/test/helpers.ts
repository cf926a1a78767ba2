import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
export const FAKE_INSTALL = fileURLToPath(new URL("./fixtures/fake-install", import.meta.url));

/** Runs the built wcraft binary as a subprocess. */
export function wcraft(args: string[], cwd = FAKE_INSTALL): { code: number; stdout: string; stderr: string } {
  // WCRAFT_PATH limits discovery to the fake install, so the tests never load the monorepo's packages.
  const env = { ...process.env, FORCE_COLOR: "0", WCRAFT_PATH: FAKE_INSTALL };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
