import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The folder of an installed package, found by walking `node_modules` up from `from` (works for
 * packages whose `exports` map hides `package.json`). `undefined` when it is not installed.
 */
export function findPackageDir(name: string, from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
